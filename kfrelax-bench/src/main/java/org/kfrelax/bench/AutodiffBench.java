package org.kfrelax.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Pcg64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The autodiff engine's speed: an MLP 4→64→64→2 (tanh) forward+backward at batch 1 and 64
 * against a hand-written double[] version, the matmul kernel against EJML at 64×64, and one
 * double-backprop step of the RELAX shape.
 *
 * <p>Run: {@code java -jar kfrelax-bench/target/benchmarks.jar AutodiffBench -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AutodiffBench {

    @Param({"1", "64"})
    int batch;

    Mlp mlp;
    Tensor x;
    Tensor[] params;
    HandMlp hand;
    double[] xRaw;

    DMatrixRMaj ea;
    DMatrixRMaj eb;
    DMatrixRMaj ec;
    Tensor ta;
    Tensor tb;

    Linear policy;
    Mlp surrogate;
    Tensor states;
    Tensor noise;
    Tensor returns;
    int[] actions;
    Tensor[] surrogateParams;

    @Setup
    public void setup() {
        Pcg64 rng = new Pcg64(42);
        mlp = Mlp.create(new int[] {4, 64, 64, 2}, Activation.TANH, rng);
        params = mlp.parameters().toArray(new Tensor[0]);
        xRaw = new double[batch * 4];
        for (int i = 0; i < xRaw.length; i++) {
            xRaw[i] = rng.uniform(-1, 1);
        }
        x = Tensor.matrix(batch, 4, xRaw);
        hand = new HandMlp(mlp);

        ea = DMatrixRMaj.wrap(64, 64, random(rng, 64 * 64));
        eb = DMatrixRMaj.wrap(64, 64, random(rng, 64 * 64));
        ec = new DMatrixRMaj(64, 64);
        ta = Tensor.matrix(64, 64, ea.data);
        tb = Tensor.matrix(64, 64, eb.data);

        policy = Linear.of(4, 2, random(rng, 8));
        surrogate = Mlp.create(new int[] {6, 64, 64, 1}, Activation.TANH, rng);
        surrogateParams = surrogate.parameters().toArray(new Tensor[0]);
        states = Tensor.matrix(200, 4, random(rng, 800));
        double[] g = new double[400];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextGumbel();
        }
        noise = Tensor.matrix(200, 2, g);
        returns = Tensor.vector(random(rng, 200));
        actions = new int[200];
        for (int i = 0; i < 200; i++) {
            actions[i] = rng.nextInt(2);
        }
    }

    private static double[] random(Pcg64 rng, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = rng.uniform(-1, 1);
        }
        return d;
    }

    /** Engine: forward, sum of outputs, gradient w.r.t. all six parameter tensors. */
    @Benchmark
    public Tensor[] mlpForwardBackward() {
        return Autodiff.grad(mlp.forward(x).sum(), params);
    }

    /** Hand-written double[] loops computing the same gradient (batch rows processed in turn). */
    @Benchmark
    public double[] handWrittenForwardBackward() {
        return hand.forwardBackward(xRaw, batch);
    }

    @Benchmark
    public Tensor matmul64Kfrelax() {
        return ta.matmul(tb);
    }

    @Benchmark
    public DMatrixRMaj matmul64Ejml() {
        CommonOps_DDRM.mult(ea, eb, ec);
        return ec;
    }

    /**
     * RELAX shape: policy logits for 200 states, relaxed sample z = logits + Gumbel noise,
     * c = surrogate([s, softmax(z)]) (6→64→64→1 tanh), ĝ = ∇θ Σ[(R − c)·log π(a|s) + c]
     * with createGraph, then ∇φ ||ĝ||².
     */
    @Benchmark
    public Tensor[] relaxDoubleBackprop() {
        Tensor logits = policy.forward(states);
        Tensor logp = logits.logSoftmax().gather(actions);
        Tensor z = logits.add(noise);
        Tensor c = surrogate.forward(Tensor.concatCols(states, z.softmax())).flatten();
        Tensor surrogateObjective = returns.sub(c).mul(logp).add(c).sum();
        Tensor[] theta = {policy.weight(), policy.bias()};
        Tensor[] g = Autodiff.grad(new Tensor[] {surrogateObjective}, theta, null, true);
        Tensor variance = g[0].square().sum().add(g[1].square().sum());
        return Autodiff.grad(variance, surrogateParams);
    }

    /**
     * Best-of-runs timings, robust to a busy machine (JMH's averages are not):
     * {@code java -cp kfrelax-bench/target/benchmarks.jar org.kfrelax.bench.AutodiffBench [runs]}.
     */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        for (int b : new int[] {1, 64}) {
            AutodiffBench bench = new AutodiffBench();
            bench.batch = b;
            bench.setup();
            int n = b == 1 ? 20000 : 400;
            System.out.printf("MLP 4-64-64-2 tanh forward+backward, batch %d: engine %.2f us, hand-written %.2f us%n",
                    b, best(bench::mlpForwardBackward, n, runs), best(bench::handWrittenForwardBackward, n, runs));
            if (b == 1) {
                System.out.printf("matmul 64x64: kfrelax %.2f us, EJML %.2f us%n",
                        best(bench::matmul64Kfrelax, 2000, runs), best(bench::matmul64Ejml, 2000, runs));
                System.out.printf("RELAX-shape double backprop (200 rows, 6-64-64-1 surrogate): %.1f us%n",
                        best(bench::relaxDoubleBackprop, 20, runs));
            }
        }
    }

    /** The fastest of {@code runs} timings of {@code n} calls, in microseconds per call. */
    private static double best(java.util.function.Supplier<Object> call, int n, int runs) {
        double best = Double.MAX_VALUE;
        Object sink = null;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink = call.get();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e3 / n);
        }
        if (sink == null) {
            throw new IllegalStateException("benchmark returned nothing");
        }
        return best;
    }

    /** The same MLP's forward and backward, written directly with double[] loops. */
    static final class HandMlp {
        final double[][] w;
        final double[][] b;
        final int[] sizes = {4, 64, 64, 2};

        HandMlp(Mlp mlp) {
            List<Linear> ls = mlp.layers();
            w = new double[3][];
            b = new double[3][];
            for (int i = 0; i < 3; i++) {
                w[i] = ls.get(i).weight().data();
                b[i] = ls.get(i).bias().data();
            }
        }

        double[] forwardBackward(double[] xs, int batch) {
            double[][] gw = new double[3][];
            double[][] gb = new double[3][];
            for (int l = 0; l < 3; l++) {
                gw[l] = new double[w[l].length];
                gb[l] = new double[b[l].length];
            }
            for (int r = 0; r < batch; r++) {
                double[][] acts = new double[4][];
                acts[0] = java.util.Arrays.copyOfRange(xs, r * 4, r * 4 + 4);
                for (int l = 0; l < 3; l++) {
                    int in = sizes[l];
                    int out = sizes[l + 1];
                    double[] y = b[l].clone();
                    for (int i = 0; i < in; i++) {
                        double a = acts[l][i];
                        for (int j = 0; j < out; j++) {
                            y[j] += a * w[l][i * out + j];
                        }
                    }
                    if (l < 2) {
                        for (int j = 0; j < out; j++) {
                            y[j] = Math.tanh(y[j]);
                        }
                    }
                    acts[l + 1] = y;
                }
                double[] g = {1.0, 1.0};
                for (int l = 2; l >= 0; l--) {
                    int in = sizes[l];
                    int out = sizes[l + 1];
                    double[] gin = new double[in];
                    for (int i = 0; i < in; i++) {
                        double a = acts[l][i];
                        double s = 0.0;
                        for (int j = 0; j < out; j++) {
                            gw[l][i * out + j] += a * g[j];
                            s += w[l][i * out + j] * g[j];
                        }
                        gin[i] = s;
                    }
                    for (int j = 0; j < out; j++) {
                        gb[l][j] += g[j];
                    }
                    if (l > 0) {
                        for (int i = 0; i < in; i++) {
                            double y = acts[l][i];
                            gin[i] *= 1 - y * y;
                        }
                    }
                    g = gin;
                }
            }
            return gw[0];
        }
    }
}
