package org.kfrelax.rl;

import org.kfrelax.gym.Env;
import org.kfrelax.gym.StepResult;
import org.kfrelax.random.Rng;

/**
 * Runs a trained agent's policy without learning: the environment is reset with {@code seed}
 * for the first episode and continues its stream after; stochastic actions are drawn from the
 * seed's action stream ({@link RandomStreams#action()}, not the environment's generator),
 * deterministic ones are the policy's most likely action ({@link Agent#act(float[], boolean)}).
 * The same agent, env and seed give the same episodes.
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * The episodes' undiscounted returns and lengths (environment steps).
     *
     * @param returns one return per episode
     * @param lengths one length per episode
     */
    public record Result(double[] returns, long[] lengths) {}

    /** The undiscounted returns of {@code episodes} episodes of the stochastic policy. */
    public static <A> double[] returns(Agent<A> agent, Env<A> env, int episodes, long seed) {
        return run(agent, env, episodes, seed, false).returns();
    }

    /** {@code episodes} episodes of the policy, stochastic or {@code deterministic}. */
    public static <A> Result run(Agent<A> agent, Env<A> env, int episodes, long seed, boolean deterministic) {
        if (episodes <= 0) {
            throw new IllegalArgumentException("episodes must be positive, got " + episodes);
        }
        Rng rng = RandomStreams.of(seed).action();
        double[] out = new double[episodes];
        long[] lengths = new long[episodes];
        for (int e = 0; e < episodes; e++) {
            float[] obs = (e == 0 ? env.reset(seed) : env.reset()).observation();
            double ret = 0;
            long steps = 0;
            while (true) {
                StepResult r = env.step(deterministic ? agent.act(obs, true) : agent.act(obs, rng));
                ret += r.reward();
                steps++;
                if (r.done()) {
                    break;
                }
                obs = r.observation();
            }
            out[e] = ret;
            lengths[e] = steps;
        }
        return new Result(out, lengths);
    }
}
