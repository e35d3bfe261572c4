package org.kfrelax.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import org.kfrelax.gym.Gym;
import org.kfrelax.rl.Agent;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;
import org.kfrelax.rl.Agents;
import org.kfrelax.rl.Budget;
import org.kfrelax.rl.TrainingResult;

/**
 * Training throughput: environment steps per second including every update, for each agent
 * with its default settings, after a warm-up run of the same agent (so the JIT has compiled
 * the hot paths). Steps per second depend on episode lengths (one update per episode for the
 * discrete agents), so the mean episode length is printed next to each figure. Besides wall
 * time, the thread's CPU time is reported (steps per CPU second), which a loaded machine
 * disturbs much less.
 *
 * <p>Run: {@code java -cp kfrelax-bench/target/benchmarks.jar org.kfrelax.bench.TrainingBench
 * [steps] [envs] [algos] [seeds]}, e.g. {@code 300000 CartPole-v0,Acrobot-v1 a2c,relax 0,1,2}.
 */
public final class TrainingBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TrainingBench() {}

    public static void main(String[] args) {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 300_000;
        List<String> envs = List.of((args.length > 1 ? args[1] : "CartPole-v0,Acrobot-v1,LunarLander-v3").split(","));
        List<String> algos = List.of((args.length > 2 ? args[2] : "a2c,acktr,relax,kf-relax").split(","));
        List<String> seeds = List.of((args.length > 3 ? args[3] : "0").split(","));
        System.out.printf("%-16s %-9s %4s %9s %8s %9s %8s %10s %12s%n", "env", "algo", "seed", "steps", "episodes",
                "mean len", "wall s", "steps/s", "steps/cpu-s");
        for (String env : envs) {
            for (String algo : algos) {
                run(env, algo, 0, steps);   // warm-up
                for (String seed : seeds) {
                    long s = Long.parseLong(seed.trim());
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    TrainingResult r = run(env, algo, s, steps);
                    double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) * 1e-9;
                    System.out.printf(Locale.ROOT, "%-16s %-9s %4d %9d %8d %9.1f %8.2f %10.0f %12.0f%n", env, algo, s,
                            r.totalSteps(), r.episodes(), (double) r.totalSteps() / r.episodes(), r.wallSeconds(),
                            r.stepsPerSecond(), r.totalSteps() / cpu);
                }
            }
        }
    }

    private static TrainingResult run(String env, String algo, long seed, long steps) {
        Agent<?> agent = Agents.create(AgentConfig.defaults(Algorithm.parse(algo)), Gym.make(env), seed);
        return agent.learn(Budget.steps(steps), s -> true);
    }
}
