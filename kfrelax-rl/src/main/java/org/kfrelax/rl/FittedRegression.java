package org.kfrelax.rl;

import java.util.List;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Mlp;
import org.kfrelax.nn.MlpEval;
import org.kfrelax.optim.Adam;
import org.kfrelax.random.Rng;
import org.kfrelax.stats.MeanStd;

/**
 * A least-squares regression fit of an MLP, the oracles' baselines of {@link FixedPolicyVariance}.
 * With inputs and targets standardized by their sample mean and standard deviation
 * (x̃ = (x − μ_x)/σ_x per input, ỹ = (y − μ_y)/σ_y; a σ of 0 is taken as 1), the network
 * f (tanh hidden layers, Xavier initialization) minimizes
 * <pre>
 *   L = mean over a minibatch B of (f(x̃_i)[k_i] − ỹ_i)²,
 * </pre>
 * with k_i the output that sample i trains (an action-value's action; 0 for one output), by
 * {@code steps} Adam steps (β = .9, .999) on minibatches drawn uniformly with replacement.
 * The prediction is μ_y + σ_y·f(x̃).
 */
final class FittedRegression {
    private final MlpEval net;
    private final double[] xMean;
    private final double[] xStd;
    private final double yMean;
    private final double yStd;
    private final int outputs;

    private FittedRegression(Mlp net, double[] xMean, double[] xStd, double yMean, double yStd) {
        this.net = new MlpEval(net);
        this.xMean = xMean;
        this.xStd = xStd;
        this.yMean = yMean;
        this.yStd = yStd;
        this.outputs = net.outputSize();
    }

    /**
     * Fits f to samples i = 0..n−1.
     *
     * @param x inputs, n × dim row-major
     * @param dim inputs per sample
     * @param heads k_i per sample (each in 0..outputs−1), or null for one output
     * @param outputs the network's outputs
     * @param y targets, length n
     * @param hidden hidden layer sizes
     * @param steps Adam steps
     * @param batch minibatch size
     * @param lr Adam learning rate
     * @param rng initialization and minibatch draws
     */
    static FittedRegression fit(double[] x, int dim, int[] heads, int outputs, double[] y, int[] hidden, int steps,
            int batch, double lr, Rng rng) {
        int n = y.length;
        if (n == 0 || x.length != n * dim || (heads != null && heads.length != n)) {
            throw new IllegalArgumentException("regression needs n > 0 samples with " + dim + " inputs each, got "
                    + n + " targets and " + x.length + " inputs");
        }
        double[] xMean = new double[dim];
        double[] xStd = new double[dim];
        for (int j = 0; j < dim; j++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = x[i * dim + j];
            }
            double[] ms = meanStd(col);
            xMean[j] = ms[0];
            xStd[j] = ms[1];
        }
        double[] ys = meanStd(y);
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = dim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = outputs;
        Mlp net = Mlp.create(sizes, Activation.TANH, rng);
        List<Tensor> params = net.parameters();
        Tensor[] p = params.toArray(Tensor[]::new);
        Adam adam = new Adam(params, lr);
        int b = Math.min(batch, n);
        double[] bx = new double[b * dim];
        double[] by = new double[b];
        int[] bk = new int[b];
        for (int s = 0; s < steps; s++) {
            for (int r = 0; r < b; r++) {
                int i = rng.nextInt(n);
                for (int j = 0; j < dim; j++) {
                    bx[r * dim + j] = (x[i * dim + j] - xMean[j]) / xStd[j];
                }
                by[r] = (y[i] - ys[0]) / ys[1];
                bk[r] = heads == null ? 0 : heads[i];
            }
            Tensor out = net.forward(Tensor.matrix(b, dim, bx));
            Tensor pred = outputs == 1 ? out.flatten() : out.gather(bk);
            Tensor loss = pred.sub(Tensor.vector(by)).square().mean();
            adam.step(Autodiff.grad(loss, p));
        }
        return new FittedRegression(net, xMean, xStd, ys[0], ys[1]);
    }

    /** The predictions for {@code n} inputs (n × dim): n × outputs, row-major. */
    double[] predict(double[] x, int n) {
        int dim = xMean.length;
        double[] out = new double[n * outputs];
        double[] row = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                row[j] = (x[i * dim + j] - xMean[j]) / xStd[j];
            }
            double[] f = net.forward(row);
            for (int k = 0; k < outputs; k++) {
                out[i * outputs + k] = yMean + yStd * f[k];
            }
        }
        return out;
    }

    /** {mean, sample standard deviation ({@link MeanStd}; 1 if it is 0)}. */
    private static double[] meanStd(double[] v) {
        MeanStd m = MeanStd.of(v);
        return new double[] {m.mean(), m.std() > 0 ? m.std() : 1.0};
    }
}
