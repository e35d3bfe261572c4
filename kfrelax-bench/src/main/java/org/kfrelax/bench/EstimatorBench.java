package org.kfrelax.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Bernoulli;
import org.kfrelax.estimators.DifferentiableObjective;
import org.kfrelax.estimators.Estimate;
import org.kfrelax.estimators.Estimator;
import org.kfrelax.estimators.Estimators;
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
 * One training iteration of the toy problem f(b) = (b − 0.499)² per estimator, exactly the
 * loop of {@code kfrelax toy}: an estimate with the variance gradient, an Adam step on the
 * logit, the estimator's own update. Throughput = iterations per second once warmed up
 * ({@code kfrelax toy} reports the rate including JIT warm-up).
 *
 * <p>Run: {@code java -jar kfrelax-bench/target/benchmarks.jar EstimatorBench -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EstimatorBench {

    @Param({"reinforce", "rebar", "relax", "kf-relax", "discrete-lax", "concrete", "arm", "disarm"})
    String estimator;

    Estimator est;
    Tensor logit;
    Tensor[] theta;
    Adam adam;
    Pcg64 rng;
    DifferentiableObjective f;

    @Setup
    public void setup() {
        est = Estimators.create(estimator, 1, Estimators.Settings.defaults(0));
        logit = Tensor.paramVector(0.0);
        theta = new Tensor[] {logit};
        adam = new Adam(List.of(logit), 0.01);
        rng = new Pcg64(0);
        f = x -> x.sub(0.499).square().sum(1);
    }

    @Benchmark
    public double iteration() {
        Estimate e = est.estimate(theta, new Bernoulli(logit), f, 1, rng, true);
        adam.step(e.gradient());
        est.update(e);
        if (Math.abs(logit.data()[0]) > 8) {
            logit.data()[0] = 0; // keep p away from 0 and 1 over long runs (the work per iteration is unchanged)
        }
        return e.meanValue();
    }
}
