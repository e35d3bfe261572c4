package org.kfrelax.linalg;

/**
 * Dense products on row-major {@code double[]} matrices, the one home of the library's matrix
 * arithmetic (the autodiff engine's products, K-FAC's statistics and preconditioning):
 * <ul>
 *   <li>{@link #mul}: C = A·B, {@link #addMul}: C += A·B, for A m×k, B k×n, C m×n;</li>
 *   <li>{@link #addMulTransB}: C += A·Bᵀ for A m×k, B n×k;</li>
 *   <li>{@link #addMulTransA}: C += Aᵀ·B for A k×m, B k×n;</li>
 *   <li>{@link #accumulateOuter}: the upper triangle of S += s·Σ_r x̄_r x̄_rᵀ (x̄_r a row of X,
 *       optionally with a 1 appended), and {@link #mirrorUpper} to complete it.</li>
 * </ul>
 * Every element of a product is one chain of fused multiply-adds over the inner index in
 * increasing order, c ← fma(a_ip, b_pj, c), started from C's current value (zero for
 * {@link #mul}); its error is at most k·2⁻⁵³·Σ_p|a_ip b_pj| (plus |c| for the start value).
 * The arithmetic runs on the JDK's Vector API when the module {@code jdk.incubator.vector} is
 * in the boot layer ({@code java --add-modules jdk.incubator.vector}, which the {@code kfrelax}
 * launcher passes) and in plain Java otherwise, chosen once when this class loads; the system
 * property {@code kfrelax.linalg.scalar=true} forces plain Java. Both compute the same chains,
 * so they give the same bits. Arrays may be longer than the dimensions need.
 */
public final class Dense {
    /** The system property that forces the plain-Java kernels. */
    public static final String SCALAR_PROPERTY = "kfrelax.linalg.scalar";

    private static final Gemm GEMM = select();
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    private Dense() {}

    private static Gemm select() {
        if (Boolean.getBoolean(SCALAR_PROPERTY)) {
            return new ScalarGemm();
        }
        try {
            if (VectorGemm.lanes() >= 2) {
                return new VectorGemm();
            }
        } catch (LinkageError moduleAbsent) {
            // jdk.incubator.vector is not in the boot layer: the plain-Java kernels below
        }
        return new ScalarGemm();
    }

    /** "vector (N doubles)" or "scalar": which kernels this JVM runs. */
    public static String implementation() {
        return GEMM instanceof VectorGemm ? "vector (" + VectorGemm.lanes() + " doubles)" : "scalar";
    }

    /** C = A·B for A m×k, B k×n; C (m×n) is overwritten. */
    public static void mul(double[] a, double[] b, double[] c, int m, int k, int n) {
        check(a, m, k, "a");
        check(b, k, n, "b");
        check(c, m, n, "c");
        java.util.Arrays.fill(c, 0, m * n, 0.0);
        GEMM.gemm(a, k, 1, b, n, c, n, m, k, n, 1.0, false);
    }

    /** C += A·B for A m×k, B k×n, C m×n. */
    public static void addMul(double[] a, double[] b, double[] c, int m, int k, int n) {
        check(a, m, k, "a");
        check(b, k, n, "b");
        check(c, m, n, "c");
        GEMM.gemm(a, k, 1, b, n, c, n, m, k, n, 1.0, false);
    }

    /** C += A·Bᵀ for A m×k, B n×k, C m×n (B is transposed once into a per-thread buffer). */
    public static void addMulTransB(double[] a, double[] b, double[] c, int m, int k, int n) {
        check(a, m, k, "a");
        check(b, n, k, "b");
        check(c, m, n, "c");
        double[] bt = scratch(k * n);
        transpose(b, n, k, bt);
        GEMM.gemm(a, k, 1, bt, n, c, n, m, k, n, 1.0, false);
    }

    /** C += Aᵀ·B for A k×m, B k×n, C m×n. */
    public static void addMulTransA(double[] a, double[] b, double[] c, int k, int m, int n) {
        check(a, k, m, "a");
        check(b, k, n, "b");
        check(c, m, n, "c");
        GEMM.gemm(a, 1, m, b, n, c, n, m, k, n, 1.0, false);
    }

    /**
     * Adds {@code scale · Σ_r x̄_r x̄_rᵀ} to the upper triangle (j ≥ i) of {@code out} (n×n, n = d + 1
     * when {@code appendOne}, else d), where x̄_r is row r of {@code x} (rows×d), with a 1 appended
     * when {@code appendOne}. The strict lower triangle is scratch (partly written, meaningless):
     * call {@link #mirrorUpper} after the last accumulation. The d×d block is s·XᵀX, each element
     * the chain fma(s·x_ri, x_rj, ·) over r; the appended column adds s·x_ri one row at a time.
     */
    public static void accumulateOuter(double[] x, int rows, int d, boolean appendOne, double scale, double[] out) {
        int n = appendOne ? d + 1 : d;
        check(x, rows, d, "x");
        check(out, n, n, "out");
        GEMM.gemm(x, 1, d, x, d, out, n, d, rows, d, scale, true);
        if (appendOne) {
            for (int i = 0; i < d; i++) {
                double s = out[i * n + d];
                for (int r = 0; r < rows; r++) {
                    s += scale * x[r * d + i];
                }
                out[i * n + d] = s;
            }
            out[d * n + d] += scale * rows;
        }
    }

    /** Copies the upper triangle of the n×n matrix m onto its lower one, so m = mᵀ exactly. */
    public static void mirrorUpper(double[] m, int n) {
        check(m, n, n, "m");
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                m[j * n + i] = m[i * n + j];
            }
        }
    }

    /** dst (cols×rows) = srcᵀ for src rows×cols. */
    public static void transpose(double[] src, int rows, int cols, double[] dst) {
        check(src, rows, cols, "src");
        check(dst, cols, rows, "dst");
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = src[r * cols + c];
            }
        }
    }

    private static double[] scratch(int size) {
        double[] s = SCRATCH.get();
        if (s.length < size) {
            s = new double[Math.max(size, 2 * s.length)];
            SCRATCH.set(s);
        }
        return s;
    }

    private static void check(double[] x, int rows, int cols, String name) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + ": dimensions " + rows + "×" + cols + " must be ≥ 0");
        }
        if ((long) rows * cols > x.length) {
            throw new IllegalArgumentException(name + ": " + rows + "×" + cols + " needs " + (long) rows * cols
                    + " elements, got an array of " + x.length);
        }
    }
}
