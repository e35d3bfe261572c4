package org.kfrelax.bench;

import java.util.concurrent.TimeUnit;
import org.kfrelax.gym.StepResult;
import org.kfrelax.gym.box2d.LunarLander;
import org.kfrelax.gym.box2d.LunarLanderContinuous;
import org.kfrelax.random.Pcg64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * LunarLander steps per second, single thread, with uniformly random actions and a reset
 * (a new Box2D world, as Gymnasium v3) whenever an episode terminates or reaches the registered
 * 1000-step limit; the raw environments, without the registry's wrappers.
 *
 * <p>Gymnasium 1.x (C++ Box2D through pybox2d) on the same machine: LunarLander-v3 37.5k steps/s.
 *
 * <p>Run: {@code java -jar kfrelax-bench/target/benchmarks.jar LunarLanderBench -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LunarLanderBench {
    private static final int LIMIT = 1000;

    LunarLander discrete;
    LunarLanderContinuous continuous;
    Pcg64 actions;
    int discreteLength;
    int continuousLength;
    final float[] action = new float[2];

    @Setup
    public void setup() {
        discrete = new LunarLander();
        continuous = new LunarLanderContinuous();
        discrete.reset(0);
        continuous.reset(0);
        actions = new Pcg64(1);
    }

    @Benchmark
    public StepResult discreteStep() {
        StepResult r = discrete.step(actions.nextInt(4));
        if (r.terminated() || ++discreteLength >= LIMIT) {
            discrete.reset();
            discreteLength = 0;
        }
        return r;
    }

    @Benchmark
    public StepResult continuousStep() {
        action[0] = (float) actions.uniform(-1, 1);
        action[1] = (float) actions.uniform(-1, 1);
        StepResult r = continuous.step(action);
        if (r.terminated() || ++continuousLength >= LIMIT) {
            continuous.reset();
            continuousLength = 0;
        }
        return r;
    }
}
