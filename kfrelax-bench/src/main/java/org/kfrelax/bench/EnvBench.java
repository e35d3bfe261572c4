package org.kfrelax.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kfrelax.gym.ActionPolicy;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.gym.RandomPolicy;
import org.kfrelax.gym.StepResult;
import org.kfrelax.gym.VectorEnv;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Environment steps per second, single thread, with uniformly random actions drawn each step
 * (as Gymnasium's {@code action_space.sample()}) and a reset whenever an episode ends:
 * {@code step} on a {@link Gym#make} environment (time limit and checks included), {@code vector}
 * on a {@link VectorEnv} of 8 copies (score counts every copy's step).
 *
 * <p>Gymnasium 1.x on the same machine (issue 5): CartPole-v1 110k, Acrobot-v1 22k,
 * MountainCar-v0 58k, Pendulum-v1 45k, LunarLander-v3 37.5k steps/s.
 *
 * <p>Run: {@code java -jar kfrelax-bench/target/benchmarks.jar EnvBench -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EnvBench {
    static final int COPIES = 8;

    @Param({"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "Pendulum-v1", "LunarLander-v3", "LunarLanderContinuous-v3"})
    String envId;

    Env<Object> env;
    ActionPolicy<Object> policy;
    float[] obs;

    VectorEnv<Object> vec;
    ActionPolicy<Object> vecPolicy;
    List<Object> vecActions;
    float[][] vecObs;

    @Setup
    @SuppressWarnings("unchecked")
    public void setup() {
        env = (Env<Object>) Gym.make(envId);
        policy = RandomPolicy.forSeed(env.actionSpace(), 1);
        obs = env.reset(0).observation();
        vec = VectorEnv.make(envId, COPIES);
        vecPolicy = RandomPolicy.forSeed(vec.singleActionSpace(), 2);
        vecObs = vec.reset(0);
        vecActions = new ArrayList<>(COPIES);
        for (int i = 0; i < COPIES; i++) {
            vecActions.add(null);
        }
    }

    @Benchmark
    public double step() {
        StepResult r = env.step(policy.act(obs));
        obs = r.done() ? env.reset().observation() : r.observation();
        return r.reward();
    }

    @Benchmark
    @OperationsPerInvocation(COPIES)
    public double vector() {
        for (int i = 0; i < COPIES; i++) {
            vecActions.set(i, vecPolicy.act(vecObs[i]));
        }
        VectorEnv.Step s = vec.step(vecActions);
        vecObs = s.observations();
        return s.rewards()[0];
    }
}
