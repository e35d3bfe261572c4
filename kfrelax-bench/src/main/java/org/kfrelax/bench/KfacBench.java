package org.kfrelax.bench;

import java.util.concurrent.TimeUnit;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.kfac.Damping;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.kfac.SymmetricEigen;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Mlp;
import org.kfrelax.optim.Adam;
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
 * K-FAC's cost. One training step of a surrogate-shaped MLP (in→64→64→1, tanh, batch 200,
 * squared error), forward and backward included, with Adam and with K-FAC (factors every step,
 * inverses every inverse-update period and eigendecompositions every eigenbasis-update period,
 * K-FAC's defaults, so one benchmark call per period pays for them): empirical
 * Fisher (one backward pass gives both the factor statistics and the gradient) and true
 * Gaussian Fisher (an extra backward pass of the sampled Fisher loss, as ACKTR's critic). And
 * the symmetric eigendecomposition of one factor vs its side (65, 129, 257).
 *
 * <p>Run: {@code java -jar kfrelax-bench/target/benchmarks.jar KfacBench -f 1 -wi 3 -i 5 -w 1s -r 1s}
 *
 * <p>On a shared, loaded machine JMH's separate runs drift; {@link #main} measures the same steps
 * interleaved (Adam, K-FAC empirical, K-FAC true Fisher, K-FAC factored damping, Adam, ...; one
 * network each) in thread CPU time and reports medians of per-window ratios to Adam, which is
 * robust to load changing during the run:
 * {@code java -cp kfrelax-bench/target/benchmarks.jar org.kfrelax.bench.KfacBench [steps]}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KfacBench {

    /** A 2×64 MLP and a fixed regression batch. */
    @State(Scope.Thread)
    public static class Step {
        @Param({"12", "64"})
        int inputs;

        Mlp mlp;
        Tensor[] xs;
        Tensor[] ys;
        int next;
        Tensor[] params;
        Adam adam;
        Kfac kfac;
        Pcg64 rng;

        /**
         * 20 batches of 200 noisy points, cycled, so the loss (and with it the gradient and factor
         * scales) stays at a typical training level instead of collapsing on one memorized batch.
         */
        @Setup
        public void setup() {
            rng = new Pcg64(0);
            mlp = Mlp.create(new int[] {inputs, 64, 64, 1}, Activation.TANH, rng);
            int rows = 200;
            xs = new Tensor[20];
            ys = new Tensor[20];
            for (int b = 0; b < xs.length; b++) {
                double[] x = new double[rows * inputs];
                double[] y = new double[rows];
                for (int r = 0; r < rows; r++) {
                    double s = 0;
                    for (int j = 0; j < inputs; j++) {
                        x[r * inputs + j] = rng.nextGaussian();
                        s += Math.sin(x[r * inputs + j]);
                    }
                    y[r] = s / inputs + 0.1 * rng.nextGaussian();
                }
                xs[b] = Tensor.matrix(rows, inputs, x);
                ys[b] = Tensor.matrix(rows, 1, y);
            }
            params = mlp.parameters().toArray(new Tensor[0]);
            adam = new Adam(mlp.parameters(), 1e-3);
            kfac = Kfac.builder(mlp.layers()).learningRate(0.1).damping(damping()).klClip(1e-3).build();
        }

        Damping damping() {
            return Damping.tikhonov(1e-2);
        }

        int batch() {
            int b = next;
            next = (next + 1) % xs.length;
            return b;
        }
    }

    @Benchmark
    public double adamStep(Step s) {
        int b = s.batch();
        Tensor loss = s.mlp.forward(s.xs[b]).sub(s.ys[b]).square().mean();
        s.adam.step(Autodiff.grad(loss, s.params));
        return loss.item();
    }

    @Benchmark
    public double kfacStepEmpiricalFisher(Step s) {
        int b = s.batch();
        Tensor loss = s.mlp.forward(s.xs[b]).sub(s.ys[b]).square().mean();
        s.kfac.step(s.kfac.gradientsAndFactors(loss));
        return loss.item();
    }

    @Benchmark
    public double kfacStepTrueFisher(Step s) {
        int b = s.batch();
        Tensor out = s.mlp.forward(s.xs[b]);
        s.kfac.updateFactors(FisherLoss.gaussian(out, s.rng));
        Tensor loss = out.sub(s.ys[b]).square().mean();
        s.kfac.step(Autodiff.grad(loss, s.params));
        return loss.item();
    }

    /** The same with factored (π) damping, whose inverse is applied with two products instead of four. */
    @State(Scope.Thread)
    public static class FactoredStep extends Step {
        @Override
        Damping damping() {
            return Damping.factored(1e-2);
        }
    }

    @Benchmark
    public double kfacStepEmpiricalFisherFactoredDamping(FactoredStep s) {
        return kfacStepEmpiricalFisher(s);
    }

    /** A random SPD factor of the given side. */
    @State(Scope.Thread)
    public static class Factor {
        @Param({"65", "129", "257"})
        int side;

        double[] m;

        @Setup
        public void setup() {
            Pcg64 rng = new Pcg64(1);
            int rows = 2 * side;
            double[] x = new double[rows * side];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            m = new double[side * side];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < side; i++) {
                    for (int j = 0; j < side; j++) {
                        m[i * side + j] += x[r * side + i] * x[r * side + j] / rows;
                    }
                }
            }
        }
    }

    @Benchmark
    public SymmetricEigen eigendecomposition(Factor f) {
        return SymmetricEigen.of(f.m, f.side, 1e-10);
    }

    /**
     * Steps per window of the interleaved measurement: a whole number of eigenbasis-update
     * periods (K-FAC's default, 100 steps = five inverse-update periods).
     */
    static final int WINDOW = 100;

    /**
     * Interleaved measurement in thread CPU time (robust to other processes taking the cores):
     * for each kind, the median over windows of {@value #WINDOW} steps (whole eigenbasis-update
     * periods, so a window carries its share of eigendecompositions) of its time over Adam's in
     * the same window, and median microseconds per step.
     */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        steps = Math.max(WINDOW, steps / WINDOW * WINDOW);
        KfacBench bench = new KfacBench();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int inputs : new int[] {12, 64}) {
            Step[] st = {new Step(), new Step(), new Step(), new FactoredStep()};   // one network per variant
            for (Step x : st) {
                x.inputs = inputs;
                x.setup();
            }
            int kinds = st.length;
            long[][] t = new long[kinds][steps];
            for (int i = 0; i < 2 * steps; i++) {
                boolean record = i >= steps;   // the first half is warm-up
                long t0 = cpu.getCurrentThreadCpuTime();
                bench.adamStep(st[0]);
                long t1 = cpu.getCurrentThreadCpuTime();
                bench.kfacStepEmpiricalFisher(st[1]);
                long t2 = cpu.getCurrentThreadCpuTime();
                bench.kfacStepTrueFisher(st[2]);
                long t3 = cpu.getCurrentThreadCpuTime();
                bench.kfacStepEmpiricalFisher(st[3]);
                long t4 = cpu.getCurrentThreadCpuTime();
                if (record) {
                    t[0][i - steps] = t1 - t0;
                    t[1][i - steps] = t2 - t1;
                    t[2][i - steps] = t3 - t2;
                    t[3][i - steps] = t4 - t3;
                }
            }
            int windows = steps / WINDOW;
            double[][] ratio = new double[kinds][windows];
            for (int w = 0; w < windows; w++) {
                double adam = 0;
                for (int i = w * WINDOW; i < (w + 1) * WINDOW; i++) {
                    adam += t[0][i];
                }
                for (int k = 0; k < kinds; k++) {
                    double sum = 0;
                    for (int i = w * WINDOW; i < (w + 1) * WINDOW; i++) {
                        sum += t[k][i];
                    }
                    ratio[k][w] = sum / adam;
                }
            }
            String[] names = {"Adam", "K-FAC empirical Fisher", "K-FAC true Fisher", "K-FAC empirical, factored damping"};
            System.out.printf("inputs %d, batch 200, 2x64 tanh, inverse update period %d, %d interleaved steps (thread CPU):%n",
                    inputs, st[1].kfac.inverseUpdatePeriod(), steps);
            for (int k = 0; k < kinds; k++) {
                long[] sorted = t[k].clone();
                java.util.Arrays.sort(sorted);
                double[] r = ratio[k].clone();
                java.util.Arrays.sort(r);
                System.out.printf("  %-34s median %6.0f us/step  /Adam: median of %d windows %.3f (quartiles %.3f-%.3f)%n",
                        names[k], sorted[steps / 2] / 1e3, windows, r[windows / 2], r[windows / 4], r[3 * windows / 4]);
            }
        }
        int[] sides = {65, 129, 257};
        Factor[] factors = new Factor[sides.length];
        for (int k = 0; k < sides.length; k++) {
            factors[k] = new Factor();
            factors[k].side = sides[k];
            factors[k].setup();
        }
        int rounds = 40;
        long[][] e = new long[sides.length][rounds];
        for (int r = 0; r < 2 * rounds; r++) {
            for (int k = 0; k < sides.length; k++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                bench.eigendecomposition(factors[k]);
                if (r >= rounds) {
                    e[k][r - rounds] = cpu.getCurrentThreadCpuTime() - t0;
                }
            }
        }
        for (int k = 0; k < sides.length; k++) {
            java.util.Arrays.sort(e[k]);
            System.out.printf("eigendecomposition %dx%d: median %.0f us%n", sides[k], sides[k], e[k][rounds / 2] / 1e3);
        }
    }
}
