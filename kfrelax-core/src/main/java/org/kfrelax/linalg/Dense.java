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
 * The arithmetic runs in plain Java or on the JDK's Vector API, which needs the module
 * {@code jdk.incubator.vector} in the boot layer ({@code java --add-modules jdk.incubator.vector},
 * which the {@code kfrelax} launcher passes). Both compute the same chains, so they give the same
 * bits, and the choice changes only speed. The system property {@code kfrelax.linalg} chooses:
 * {@code scalar} (plain Java), {@code vector} (the Vector API for every product from the first,
 * when the module is present), or {@code auto} (the default: plain Java first, the Vector API
 * after a warm-up once the products with at least {@value #AUTO_MIN_COLUMNS} result columns have
 * done {@value #AUTO_THRESHOLD} multiply-adds, and for those products only; see {@link KernelSwitch}). Arrays may be longer than the dimensions need.
 */
public final class Dense {
    /** The system property that chooses the kernels: auto, scalar or vector. */
    public static final String PROPERTY = "kfrelax.linalg";
    /** In auto mode, the multiply-adds done in plain Java before the Vector API is warmed up. */
    public static final long AUTO_THRESHOLD = 2_000_000_000L;
    /** In auto mode, products with fewer result columns always run in plain Java (see {@link KernelSwitch}). */
    public static final int AUTO_MIN_COLUMNS = 16;

    private static final KernelSwitch KERNELS = select(System.getProperty(PROPERTY, "auto"));

    private Dense() {}

    static KernelSwitch select(String mode) {
        Gemm scalar = new ScalarGemm();
        return switch (mode) {
            case "scalar" -> new KernelSwitch(scalar, null, 0, 0);
            case "vector" -> {
                Gemm vector = vectorKernels();
                yield new KernelSwitch(vector != null ? vector : scalar, null, 0, 0);
            }
            case "auto" -> new KernelSwitch(scalar, vectorModulePresent() ? Dense::vectorKernels : null, AUTO_THRESHOLD,
                    AUTO_MIN_COLUMNS);
            default -> throw new IllegalArgumentException("system property " + PROPERTY + "=" + mode
                    + ": expected auto, scalar or vector");
        };
    }

    /** Whether jdk.incubator.vector is in the boot layer (asked without loading the Vector API). */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The Vector API kernels, or null when they cannot be used here. */
    private static Gemm vectorKernels() {
        try {
            if (VectorGemm.lanes() >= 2) {
                return new VectorGemm();
            }
        } catch (LinkageError moduleAbsent) {
            // jdk.incubator.vector is not in the boot layer
        }
        return null;
    }

    /** "vector (N doubles)" or "scalar": which kernels run now. */
    public static String implementation() {
        return KERNELS.current() instanceof VectorGemm ? "vector (" + VectorGemm.lanes() + " doubles)" : "scalar";
    }

    /** Multiply-adds done so far by the products the calling thread computed (for benchmarks). */
    public static long multiplyAdds() {
        return KERNELS.work();
    }

    /** Waits for the auto mode's warm-up of the Vector API kernels, if it has started (for benchmarks). */
    public static void awaitWarmUp() throws InterruptedException {
        KERNELS.awaitWarmUp();
    }

    /** C = A·B for A m×k, B k×n; C (m×n) is overwritten. */
    public static void mul(double[] a, double[] b, double[] c, int m, int k, int n) {
        check(a, m, k, "a");
        check(b, k, n, "b");
        check(c, m, n, "c");
        java.util.Arrays.fill(c, 0, m * n, 0.0);
        KERNELS.charge((long) m * k * n, n).gemm(a, k, 1, b, n, 1, c, n, m, k, n, 1.0, false);
    }

    /** C += A·B for A m×k, B k×n, C m×n. */
    public static void addMul(double[] a, double[] b, double[] c, int m, int k, int n) {
        check(a, m, k, "a");
        check(b, k, n, "b");
        check(c, m, n, "c");
        KERNELS.charge((long) m * k * n, n).gemm(a, k, 1, b, n, 1, c, n, m, k, n, 1.0, false);
    }

    /** C += A·Bᵀ for A m×k, B n×k, C m×n (the kernels read B across its rows; neither copies it whole first). */
    public static void addMulTransB(double[] a, double[] b, double[] c, int m, int k, int n) {
        check(a, m, k, "a");
        check(b, n, k, "b");
        check(c, m, n, "c");
        KERNELS.charge((long) m * k * n, n).gemm(a, k, 1, b, 1, k, c, n, m, k, n, 1.0, false);
    }

    /** C += Aᵀ·B for A k×m, B k×n, C m×n. */
    public static void addMulTransA(double[] a, double[] b, double[] c, int k, int m, int n) {
        check(a, k, m, "a");
        check(b, k, n, "b");
        check(c, m, n, "c");
        KERNELS.charge((long) m * k * n, n).gemm(a, 1, m, b, n, 1, c, n, m, k, n, 1.0, false);
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
        KERNELS.charge((long) d * d * rows / 2, d).gemm(x, 1, d, x, d, 1, out, n, d, rows, d, scale, true);
        if (appendOne) {
            double[] col = new double[d];   // the appended column, summed row by row (x read in order)
            for (int i = 0; i < d; i++) {
                col[i] = out[i * n + d];
            }
            for (int r = 0; r < rows; r++) {
                int xr = r * d;
                for (int i = 0; i < d; i++) {
                    col[i] += scale * x[xr + i];
                }
            }
            for (int i = 0; i < d; i++) {
                out[i * n + d] = col[i];
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
