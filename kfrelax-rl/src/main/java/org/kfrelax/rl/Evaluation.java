package org.kfrelax.rl;

import org.kfrelax.gym.Env;
import org.kfrelax.gym.StepResult;
import org.kfrelax.random.Rng;

/**
 * Runs a trained agent's (stochastic) policy without learning: the environment is reset with
 * {@code seed} for the first episode and continues its stream after, actions are drawn from the
 * seed's action stream ({@link RandomStreams#action()}, not the environment's generator). The
 * same agent, env and seed give the same returns.
 */
public final class Evaluation {
    private Evaluation() {}

    /** The undiscounted returns of {@code episodes} episodes. */
    public static <A> double[] returns(Agent<A> agent, Env<A> env, int episodes, long seed) {
        if (episodes <= 0) {
            throw new IllegalArgumentException("episodes must be positive, got " + episodes);
        }
        Rng rng = RandomStreams.of(seed).action();
        double[] out = new double[episodes];
        for (int e = 0; e < episodes; e++) {
            float[] obs = (e == 0 ? env.reset(seed) : env.reset()).observation();
            double ret = 0;
            while (true) {
                StepResult r = env.step(agent.act(obs, rng));
                ret += r.reward();
                if (r.done()) {
                    break;
                }
                obs = r.observation();
            }
            out[e] = ret;
        }
        return out;
    }
}
