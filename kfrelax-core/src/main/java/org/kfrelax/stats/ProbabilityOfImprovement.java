package org.kfrelax.stats;

/**
 * The probability that a run of algorithm X beats a run of algorithm Y on the same task,
 * ties counting half (Agarwal et al., NeurIPS 2021, §4.3; {@code rliable.metrics.probability_of_improvement}):
 * per task m, with X's runs x₁..x_N and Y's runs y₁..y_K (higher is better),
 *
 * <pre>  P(X_m &gt; Y_m) = (1/(N K)) Σᵢ Σⱼ S(xᵢ, yⱼ),   S(x, y) = 1 if x &gt; y, ½ if x = y, 0 if x &lt; y,</pre>
 *
 * the Mann–Whitney U statistic of X over Y divided by N K, and overall the mean over tasks.
 * P = ½ means neither is better; P(X > Y) + P(Y > X) = 1. For a score where lower is better
 * (episodes to solve), pass the negated scores. Infinite values are allowed (they compare as
 * usual), NaN is not.
 */
public final class ProbabilityOfImprovement {
    private ProbabilityOfImprovement() {}

    /** P(X > Y) + ½ P(X = Y) for one task's runs. */
    public static double of(double[] x, double[] y) {
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("probability of improvement needs runs of both algorithms, got "
                    + x.length + " and " + y.length);
        }
        checkNoNaN(x, "x");
        checkNoNaN(y, "y");
        double s = 0;
        for (double xi : x) {
            for (double yj : y) {
                s += xi > yj ? 1 : xi == yj ? 0.5 : 0;
            }
        }
        return s / ((double) x.length * y.length);
    }

    /** The mean over tasks of the per-task probability ({@code x[task][run]}, {@code y[task][run]}). */
    public static double of(double[][] x, double[][] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("probability of improvement needs the same tasks (at least one) for both, got "
                    + x.length + " and " + y.length);
        }
        double s = 0;
        for (int m = 0; m < x.length; m++) {
            s += of(x[m], y[m]);
        }
        return s / x.length;
    }

    private static void checkNoNaN(double[] v, String name) {
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is NaN, expected a number");
            }
        }
    }
}
