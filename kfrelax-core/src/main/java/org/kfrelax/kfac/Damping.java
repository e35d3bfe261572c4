package org.kfrelax.kfac;

/**
 * How K-FAC regularizes the Kronecker-factored curvature A ⊗ G before inverting it.
 * With A = Q_A diag(d_A) Q_Aᵀ and G = Q_G diag(d_G) Q_Gᵀ the preconditioned gradient of a
 * layer is ΔW = Q_A [(Q_Aᵀ ∇W Q_G) ⊘ D] Q_Gᵀ (our weights are in×out, so A acts on the left),
 * where D depends on the kind:
 * <ul>
 *   <li>{@link Kind#TIKHONOV}: D_ij = d_A,i·d_G,j + γ, i.e. exactly (A ⊗ G + γI)⁻¹;</li>
 *   <li>{@link Kind#FACTORED}: D_ij = (d_A,i + π√γ)(d_G,j + √γ/π), i.e. (A + π√γ I)⁻¹ and
 *       (G + (√γ/π) I)⁻¹ with π = sqrt((tr A / dim A) / (tr G / dim G)) (Martens and Grosse
 *       2015, section 6.3); π = 1 when a trace is zero. Being separable, it needs no
 *       eigendecomposition: the two damped inverses come from Cholesky factorizations.</li>
 * </ul>
 */
public final class Damping {
    /** The two damping schemes. */
    public enum Kind { TIKHONOV, FACTORED }

    private final Kind kind;
    private final double gamma;

    private Damping(Kind kind, double gamma) {
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            // γ = 0 leaves a singular curvature (e.g. a layer whose inputs are all zero) undamped
            throw new IllegalArgumentException("K-FAC damping must be positive and finite, got " + gamma);
        }
        this.kind = kind;
        this.gamma = gamma;
    }

    /** γ added to each eigenvalue of A ⊗ G. */
    public static Damping tikhonov(double gamma) {
        return new Damping(Kind.TIKHONOV, gamma);
    }

    /** Factored (π) damping with strength γ. */
    public static Damping factored(double gamma) {
        return new Damping(Kind.FACTORED, gamma);
    }

    public Kind kind() {
        return kind;
    }

    public double gamma() {
        return gamma;
    }

    /** π for the factored scheme, from the traces and sides of A and G. */
    static double pi(double traceA, int dimA, double traceG, int dimG) {
        double ta = traceA / dimA;
        double tg = traceG / dimG;
        if (!(ta > 0) || !(tg > 0)) {
            return 1.0;
        }
        return Math.sqrt(ta / tg);
    }

    /** Factored damping: the shift π√γ added to A's diagonal. */
    double shiftA(double pi) {
        return pi * Math.sqrt(gamma);
    }

    /** Factored damping: the shift √γ/π added to G's diagonal. */
    double shiftG(double pi) {
        return Math.sqrt(gamma) / pi;
    }

    /** Tikhonov: the reciprocal denominators 1/(d_A,i·d_G,j + γ), row-major dim A × dim G. */
    double[] tikhonovReciprocals(SymmetricEigen a, SymmetricEigen g) {
        double[] da = a.values();
        double[] dg = g.values();
        int m = da.length;
        int n = dg.length;
        double[] r = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                r[i * n + j] = 1.0 / (da[i] * dg[j] + gamma);
            }
        }
        return r;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "(" + gamma + ")";
    }
}
