package org.kfrelax.linalg;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Which {@link Gemm} runs. The Vector API kernels are several times faster once the JIT has
 * compiled them, but until then (class loading and interpreted vector operations) they cost
 * about a second of CPU: more than a short run spends on dense arithmetic altogether. So in
 * the default mode the plain-Java kernels run first; once the products have used
 * {@code threshold} multiply-adds, a daemon thread warms the vector kernels on small products
 * (and checks they give the same bits as the plain-Java ones), then hands them over. The two
 * compute the same fma chains (see {@link Gemm}), so when the hand-over happens changes speed,
 * never a result.
 *
 * <p>Products with fewer than {@code minColumns} result columns always run on the first
 * kernels and do not count toward the threshold: at the reference 10-wide networks the vector
 * kernels were 1.1–4× slower than the plain-Java ones on every product of an episode batch
 * except Aᵀ·B (their 8-wide vectors leave 2 of 10 columns, or all of 1–2, to padded tails;
 * see ARCHITECTURE.md, "Dense arithmetic"), so a run on such networks never starts the warm-up.
 */
final class KernelSwitch {
    /** Warm-up rounds: enough for C2 to compile every vector block (about 0.5–1 CPU-s). */
    static final int WARM_UP_ROUNDS = 3000;

    private final long threshold;
    private final int minColumns;
    private final Gemm first;
    private final Supplier<Gemm> later;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Gemm current;
    /**
     * Multiply-adds per thread. Not one shared field: every product (three per environment step
     * in a policy's forward pass alone) would write the same cache line from every training
     * thread, and two threads of {@code compare} would pass it back and forth between cores.
     */
    private final ThreadLocal<long[]> work = ThreadLocal.withInitial(() -> new long[1]);
    private long laterWork;
    private volatile Thread warmer;

    /**
     * Runs {@code first}; when {@code later} is not null, switches products with at least
     * {@code minColumns} result columns to the kernels it supplies (called on the warm-up thread;
     * null = keep {@code first}) once such products have used {@code threshold} multiply-adds
     * and the new kernels are warm.
     */
    KernelSwitch(Gemm first, Supplier<Gemm> later, long threshold, int minColumns) {
        this.first = first;
        this.current = first;
        this.later = later;
        this.threshold = threshold;
        this.minColumns = minColumns;
    }

    /** The kernels to use now for a product with {@code columns} result columns, after counting {@code multiplyAdds} more work. */
    Gemm charge(long multiplyAdds, int columns) {
        work.get()[0] += multiplyAdds;
        if (columns < minColumns) {
            return first;
        }
        Gemm g = current;
        if (later != null && !started.get()) {
            laterWork += multiplyAdds;   // shared and racy (an estimate), but only until the warm-up starts
            if (laterWork >= threshold && started.compareAndSet(false, true)) {
                Thread t = new Thread(this::warmUp, "kfrelax-vector-warm-up");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                warmer = t;
                t.start();
            }
        }
        return g;
    }

    /** Multiply-adds charged so far by the calling thread. */
    long work() {
        return work.get()[0];
    }

    Gemm current() {
        return current;
    }

    /** Waits for a started warm-up to finish (for tests and benchmarks). */
    void awaitWarmUp() throws InterruptedException {
        Thread t = warmer;
        if (t != null) {
            t.join();
        }
    }

    private void warmUp() {
        Gemm warmTarget = later.get();
        if (warmTarget == null) {
            return;
        }
        Gemm reference = current;
        // 9 rows: two blocks of 4 and a single row. 27 and 20 columns (B read in place): with
        // 8-double vectors a full panel of 2 vectors then a padded one of 2 (11 columns) or 1
        // (4 columns); with 4-double vectors full panels then a padded 1-vector panel (3 columns)
        // or a full one (4 columns). 65 columns: packed (VectorGemm.PACK_FROM_PANELS and
        // PACK_FROM_ROWS), full panels then a padded 1-vector one.
        int m = 9;
        int k = 24;
        int wide = 65;
        int[] widths = {27, 20, wide};
        double[] a = new double[wide * k];
        double[] b = new double[k * wide];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(i + 1.0);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.cos(i + 1.0);
        }
        double[] c = new double[wide * wide];
        double[] check = new double[wide * wide];
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            boolean transA = (round & 1) == 1;
            boolean upper = (round & 2) == 2;
            boolean transB = (round & 4) == 4 && !upper;   // b read as n×k
            int n = widths[round / 8 % widths.length];   // all 8 layouts at each width in turn
            int rows = upper ? n : m;
            int ars = transA ? 1 : k;
            int aps = transA ? rows : 1;
            int bps = transB ? 1 : n;
            int bcs = transB ? k : 1;
            Arrays.fill(c, 0.0);
            warmTarget.gemm(a, ars, aps, b, bps, bcs, c, n, rows, k, n, 1.0, upper);
            if (round < 8 * widths.length) {
                Arrays.fill(check, 0.0);
                reference.gemm(a, ars, aps, b, bps, bcs, check, n, rows, k, n, 1.0, upper);
                if (!sameResult(c, check, rows, n, upper)) {
                    return;   // never expected (DenseTest checks it); keep the plain-Java kernels
                }
            }
        }
        current = warmTarget;
    }

    /** Whether two rows×n results agree bit for bit where {@link Gemm} defines them (j ≥ i only when upper). */
    private static boolean sameResult(double[] c, double[] check, int rows, int n, boolean upper) {
        for (int i = 0; i < rows; i++) {
            int from = i * n + (upper ? i : 0);
            if (!Arrays.equals(c, from, (i + 1) * n, check, from, (i + 1) * n)) {
                return false;
            }
        }
        return true;
    }
}
