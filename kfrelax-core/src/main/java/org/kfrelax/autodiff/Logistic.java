package org.kfrelax.autodiff;

/**
 * The logistic sigmoid and softplus on doubles, in overflow-free forms:
 * <pre>
 *   σ(x)        = 1/(1 + e^−x) for x ≥ 0,  e^x/(1 + e^x) otherwise
 *   softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^−|x|)
 * </pre>
 * The one home of these formulas: the tensor ops ({@link Tensor#sigmoid}, {@link Tensor#softplus})
 * and the hand-differentiated kernels evaluate them through this class.
 */
public final class Logistic {
    private Logistic() {}

    /** σ(x) = 1/(1 + e^−x). */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** log(1 + e^x) without overflow. */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
