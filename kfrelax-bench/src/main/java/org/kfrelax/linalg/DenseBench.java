package org.kfrelax.linalg;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Speed of the dense kernels on the shapes of an MLP pass over a batch (feature-major buffers,
 * as the hand-differentiated RL kernels kept them until commit 63e66ae): for width w and 400 rows, W·a (w×w by w×400), Wᵀ·h
 * (the same sizes, W read transposed) and h·aᵀ (w×400 by 400×w, a weight gradient). Three
 * implementations: the Vector API kernels ({@link VectorGemm}), the plain-Java fallback
 * ({@link ScalarGemm}) and the loops the old {@code rl.MlpKernel} had before {@link Dense} (below, kept
 * here as the baseline). Measured interleaved in one thread (V S O, V S O, ...; each sample a
 * batch of calls of ~20 ms, after at least a CPU-second of warm-up per shape), as multiply-adds
 * per second of thread CPU time: medians over the samples, and the median of the per-round
 * ratios to the old loops. The vector kernels' A·Bᵀ reads B transposed as
 * {@link Dense#addMulTransB} does; the plain kernels copy it row-major first.
 *
 * <p>Lives in the linalg package (in the bench module) to reach both kernels. Run:
 * {@code java --add-modules jdk.incubator.vector -cp kfrelax-bench/target/benchmarks.jar
 * org.kfrelax.linalg.DenseBench [rounds] [widths]}, e.g. {@code 15 10,64,256}.
 */
public final class DenseBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ROWS = 400;
    /** CPU time each shape runs before its counted rounds. */
    private static final long WARM_UP_NS = 1_000_000_000L;

    private DenseBench() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int[] widths = Arrays.stream((args.length > 1 ? args[1] : "10,64,256").split(",")).mapToInt(Integer::parseInt).toArray();
        run(rounds, widths);
    }

    /** Prints the table for {@code widths}: GMAC/s per CPU second and ratios to the old loops. */
    public static void run(int rounds, int[] widths) {
        boolean vector = Dense.vectorModulePresent();
        System.out.printf(Locale.ROOT, "dense kernels, %d rows, GMAC/s of thread CPU (median of %d interleaved rounds)%s%n",
                ROWS, rounds, vector ? ", vector = " + VectorGemm.lanes() + " doubles" : ", no jdk.incubator.vector: vector column empty");
        System.out.printf(Locale.ROOT, "%-6s %-16s %8s %8s %8s %9s %9s%n", "width", "product", "vector", "plain", "old", "vec/old", "plain/old");
        for (int w : widths) {
            for (String op : new String[] {"W·a", "Wᵀ·h", "h·aᵀ"}) {
                measure(op, w, rounds, vector);
            }
        }
    }

    private static void measure(String op, int w, int rounds, boolean vector) {
        double[] wm = draw(w * w, 1);
        double[] h = draw(w * ROWS, 2);
        double[] h2 = draw(w * ROWS, 3);
        double[] out = new double[w * Math.max(w, ROWS)];
        long macs = (long) w * w * ROWS;
        Gemm scalar = new ScalarGemm();
        Gemm vec = vector ? new VectorGemm() : null;
        Runnable[] impl = new Runnable[3];
        for (int i = 0; i < 2; i++) {
            Gemm g = i == 0 ? vec : scalar;
            if (g == null) {
                continue;
            }
            impl[i] = switch (op) {
                case "W·a" -> () -> g.gemm(wm, w, 1, h, ROWS, 1, out, ROWS, w, w, ROWS, 1.0, false);
                case "Wᵀ·h" -> () -> g.gemm(wm, 1, w, h, ROWS, 1, out, ROWS, w, w, ROWS, 1.0, false);
                default -> () -> g.gemm(h, ROWS, 1, h2, 1, ROWS, out, w, w, ROWS, w, 1.0, false);   // as Dense.addMulTransB
            };
        }
        impl[2] = switch (op) {
            case "W·a" -> () -> OldLoops.productT(h, wm, w, w, ROWS, out);
            case "Wᵀ·h" -> () -> OldLoops.product(h, wm, w, w, ROWS, out);
            default -> () -> OldLoops.accumulateOuter(h, h2, w, w, ROWS, out);
        };
        int reps = Math.max(1, (int) (20_000_000L / macs));   // ~20 ms at 1 GMAC/s
        double[][] rate = new double[3][rounds];
        // Warm-up: at least two rounds and WARM_UP_NS of CPU, so that C2 has compiled every
        // kernel before counting (the vector kernels run many times slower until then, and
        // under load two rounds were not always enough).
        long warmEnd = THREADS.getCurrentThreadCpuTime() + WARM_UP_NS;
        for (int r = 0; r < 2 || THREADS.getCurrentThreadCpuTime() < warmEnd; r++) {
            round(impl, reps, macs, null, 0);
        }
        for (int r = 0; r < rounds; r++) {
            round(impl, reps, macs, rate, r);
        }
        double[] ratioV = new double[rounds];
        double[] ratioS = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratioV[r] = rate[0][r] / rate[2][r];
            ratioS[r] = rate[1][r] / rate[2][r];
        }
        System.out.printf(Locale.ROOT, "%-6d %-16s %8s %8.2f %8.2f %9s %9.2f%n", w, op,
                vector ? String.format(Locale.ROOT, "%.2f", median(rate[0])) : "-", median(rate[1]), median(rate[2]),
                vector ? String.format(Locale.ROOT, "%.2f", median(ratioV)) : "-", median(ratioS));
    }

    /** Runs each implementation reps times; with rate, stores its multiply-adds per ns of thread CPU in rate[i][r]. */
    private static void round(Runnable[] impl, int reps, long macs, double[][] rate, int r) {
        for (int i = 0; i < impl.length; i++) {
            if (impl[i] == null) {
                continue;
            }
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (int k = 0; k < reps; k++) {
                impl[i].run();
            }
            long dt = THREADS.getCurrentThreadCpuTime() - t0;
            if (rate != null) {
                rate[i][r] = (double) macs * reps / Math.max(dt, 1);
            }
        }
    }

    /** The median of x. */
    public static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static double[] draw(int n, long seed) {
        org.kfrelax.random.Pcg64 rng = new org.kfrelax.random.Pcg64(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    /** MlpKernel's dense loops before org.kfrelax.linalg (commit ad6472d), the baseline. */
    private static final class OldLoops {
        /** out (m × n) = Wᵀ·h for h (k × n), W (k × m). */
        static void product(double[] h, double[] w, int k, int m, int n, double[] out) {
            Arrays.fill(out, 0, m * n, 0.0);
            for (int j = 0; j < m; j++) {
                int oj = j * n;
                for (int i = 0; i < k; i++) {
                    double c = w[i * m + j];
                    if (c == 0.0) {
                        continue;
                    }
                    int hi = i * n;
                    for (int r = 0; r < n; r++) {
                        out[oj + r] += c * h[hi + r];
                    }
                }
            }
        }

        /** out (k × n) = W·a for a (m × n), W (k × m). */
        static void productT(double[] a, double[] w, int k, int m, int n, double[] out) {
            Arrays.fill(out, 0, k * n, 0.0);
            for (int i = 0; i < k; i++) {
                int oi = i * n;
                for (int j = 0; j < m; j++) {
                    double c = w[i * m + j];
                    if (c == 0.0) {
                        continue;
                    }
                    int aj = j * n;
                    for (int r = 0; r < n; r++) {
                        out[oi + r] += c * a[aj + r];
                    }
                }
            }
        }

        /** g (k × m) = h·aᵀ for h (k × n), a (m × n), by dot products with four partial sums. */
        static void accumulateOuter(double[] h, double[] a, int k, int m, int n, double[] g) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < m; j++) {
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    int xo = i * n;
                    int yo = j * n;
                    int r = 0;
                    for (; r + 3 < n; r += 4) {
                        s0 += h[xo + r] * a[yo + r];
                        s1 += h[xo + r + 1] * a[yo + r + 1];
                        s2 += h[xo + r + 2] * a[yo + r + 2];
                        s3 += h[xo + r + 3] * a[yo + r + 3];
                    }
                    for (; r < n; r++) {
                        s0 += h[xo + r] * a[yo + r];
                    }
                    g[i * m + j] = (s0 + s1) + (s2 + s3);
                }
            }
        }
    }
}
