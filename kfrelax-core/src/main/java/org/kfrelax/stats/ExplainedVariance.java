package org.kfrelax.stats;

/**
 * Explained variance of predictions ŷ of targets y: 1 − Var[y − ŷ] / Var[y] (population
 * variances), the definition Stable-Baselines3 logs as {@code train/explained_variance}
 * ({@code stable_baselines3.common.utils.explained_variance}). 1 is a perfect prediction, 0 is no
 * better than predicting the mean of y, negative is worse than that; NaN when Var[y] = 0 (as
 * SB3 returns), since then nothing is there to explain, and NaN when a value is not finite.
 */
public final class ExplainedVariance {
    private ExplainedVariance() {}

    /**
     * @param predicted ŷ
     * @param target y, as long as {@code predicted} (at least one value)
     * @throws IllegalArgumentException if the lengths differ or there is no value
     */
    public static double of(double[] predicted, double[] target) {
        if (predicted.length != target.length || target.length == 0) {
            throw new IllegalArgumentException("explained variance of " + predicted.length + " predictions and "
                    + target.length + " targets: expected equally many, at least one");
        }
        double[] residual = new double[target.length];
        for (int i = 0; i < residual.length; i++) {
            residual[i] = target[i] - predicted[i];
            if (!Double.isFinite(residual[i]) || !Double.isFinite(target[i])) {
                return Double.NaN;   // a diverging prediction is reported, not thrown on
            }
        }
        // SB3 uses population variances; the sample variances' common factor n/(n−1) cancels in the ratio
        double varY = MeanStd.of(target).variance();
        return varY == 0 ? Double.NaN : 1 - MeanStd.of(residual).variance() / varY;
    }
}
