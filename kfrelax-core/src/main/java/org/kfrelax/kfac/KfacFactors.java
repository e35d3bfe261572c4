package org.kfrelax.kfac;
import org.kfrelax.state.Stateful;
import org.kfrelax.state.TrainingState;

/**
 * The two Kronecker factors of one dense layer, kept as running averages:
 * A = E[ā āᵀ] (ā = layer input with a 1 appended, so weight and bias are preconditioned
 * together) and G = E[g gᵀ] (g = per-example gradient of the Fisher loss w.r.t. the layer's
 * pre-activation).
 *
 * <p>Update rule, with t the number of updates so far (this one included) and the fresh
 * batch estimates Â, Ĝ: A ← (1−w)·A + w·Â with w = max(1 − decay, 1/t) during the initial
 * averaging phase (so the first updates are a plain mean, which forgets the zero start), and
 * w = 1 − decay without it. The same for G. Fresh estimates are symmetric by construction;
 * non-finite ones are rejected before anything is changed.
 */
public final class KfacFactors implements Stateful {
    private final int dimA;
    private final int dimG;
    private final double decay;
    private final boolean averagingPhase;
    private final double[] a;
    private final double[] g;
    private long count;
    /**
     * Whether the lower triangles of a and g are the mirror images of the upper ones. Folding
     * writes only the upper triangles (the factors are symmetric); the lower ones are filled in
     * when the whole matrices are next read (an inverse refresh, a copy, a checkpoint), once per
     * inverse-update period instead of once per step. The values are the same either way.
     */
    private boolean mirrored = true;

    /** Zero factors with the given decay and the initial plain-averaging phase. */
    public KfacFactors(int dimA, int dimG, double decay) {
        this(new double[dimA * dimA], new double[dimG * dimG], decay, true);
    }

    /**
     * Factors starting from the given symmetric matrices (copied; row-major).
     *
     * @param averagingPhase whether the first updates use the plain-mean weight 1/t
     */
    public KfacFactors(double[] initialA, double[] initialG, double decay, boolean averagingPhase) {
        this.dimA = squareSide(initialA, "A");
        this.dimG = squareSide(initialG, "G");
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("K-FAC factor decay must be in [0, 1), got " + decay);
        }
        if (!DenseOps.isFinite(initialA) || !DenseOps.isFinite(initialG)) {
            throw new IllegalArgumentException("initial K-FAC factors must be finite");
        }
        this.decay = decay;
        this.averagingPhase = averagingPhase;
        this.a = initialA.clone();
        this.g = initialG.clone();
        DenseOps.symmetrize(a, dimA);
        DenseOps.symmetrize(g, dimG);
    }

    private static int squareSide(double[] m, String name) {
        int n = (int) Math.round(Math.sqrt(m.length));
        if (n <= 0 || n * n != m.length) {
            throw new IllegalArgumentException("factor " + name + " must be a non-empty square matrix, got "
                    + m.length + " values");
        }
        return n;
    }

    /**
     * E[ā āᵀ] = (1/rows) Σ_r ā_r ā_rᵀ of the rows of {@code x} (rows×cols, row-major), with a
     * 1 appended to each row when {@code appendOne}. Exactly symmetric.
     */
    public static double[] secondMoment(double[] x, int rows, int cols, boolean appendOne) {
        if (rows <= 0 || cols <= 0 || x.length != rows * cols) {
            throw new IllegalArgumentException("secondMoment: " + x.length + " values are not " + rows + "x" + cols);
        }
        int n = appendOne ? cols + 1 : cols;
        double[] m = new double[n * n];
        DenseOps.accumulateOuter(x, rows, cols, appendOne, 1.0 / rows, m);
        DenseOps.mirrorUpper(m, n);
        return m;
    }

    /**
     * Folds fresh estimates into the running averages (symmetric: their upper triangles are read).
     *
     * @throws IllegalArgumentException on a shape mismatch or a non-finite value (nothing changed)
     */
    public void update(double[] freshA, double[] freshG) {
        if (freshA.length != a.length || freshG.length != g.length) {
            throw new IllegalArgumentException("factor update: got " + freshA.length + " and " + freshG.length
                    + " values, expected " + a.length + " (A) and " + g.length + " (G)");
        }
        if (!DenseOps.isFinite(freshA) || !DenseOps.isFinite(freshG)) {
            throw new IllegalArgumentException("factor update: fresh estimate contains NaN or Inf");
        }
        fold(freshA, freshG);
    }

    /**
     * {@link #update} for estimates of the right shapes already checked finite (K-FAC's own,
     * {@link FactorEstimates}); reads only their upper triangles.
     */
    void fold(double[] freshA, double[] freshG) {
        count++;
        double w = averagingPhase ? Math.max(1.0 - decay, 1.0 / count) : 1.0 - decay;
        blend(a, freshA, dimA, w);
        blend(g, freshG, dimG, w);
    }

    /**
     * run ← (1−w)·run + w·fresh on the upper triangle: both are symmetric, so this is the whole
     * blend once the lower triangle is mirrored ({@link #whole}).
     */
    private void blend(double[] run, double[] fresh, int n, double w) {
        double keep = 1.0 - w;
        for (int i = 0; i < n; i++) {
            for (int j = i * n + i; j < (i + 1) * n; j++) {
                run[j] = keep * run[j] + w * fresh[j];
            }
        }
        mirrored = false;
    }

    /** Mirrors the upper triangles onto the lower ones if a fold has changed them since. */
    private void whole() {
        if (!mirrored) {
            DenseOps.mirrorUpper(a, dimA);
            DenseOps.mirrorUpper(g, dimG);
            mirrored = true;
        }
    }

    /** Side of A (layer inputs + 1). */
    public int dimA() {
        return dimA;
    }

    /** Side of G (layer outputs). */
    public int dimG() {
        return dimG;
    }

    /** Number of updates folded in so far. */
    public long updates() {
        return count;
    }

    /** A copy of A (row-major). */
    public double[] a() {
        whole();
        return a.clone();
    }

    /** A copy of G (row-major). */
    public double[] g() {
        whole();
        return g.clone();
    }

    /** Writes {@code prefix.a}, {@code prefix.g} and {@code prefix.updates}. */
    @Override
    public void saveState(TrainingState state, String prefix) {
        whole();
        state.putDoubles(prefix + ".a", a);
        state.putDoubles(prefix + ".g", g);
        state.putLongs(prefix + ".updates", count);
    }

    @Override
    public void loadState(TrainingState state, String prefix) {
        double[] na = state.doubles(prefix + ".a", a.length);
        double[] ng = state.doubles(prefix + ".g", g.length);
        long n = state.getLong(prefix + ".updates");
        if (n < 0 || !DenseOps.isFinite(na) || !DenseOps.isFinite(ng)) {
            throw new IllegalArgumentException("training state: K-FAC factors '" + prefix + "' are not finite or count "
                    + n + " updates");
        }
        System.arraycopy(na, 0, a, 0, a.length);
        System.arraycopy(ng, 0, g, 0, g.length);
        mirrored = true;
        count = n;
    }

    /** The live arrays (whole, symmetric), for the inverse computation without copying. */
    double[] aView() {
        whole();
        return a;
    }

    double[] gView() {
        whole();
        return g;
    }
}
