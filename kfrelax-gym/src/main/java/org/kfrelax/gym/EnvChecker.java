package org.kfrelax.gym;

import java.util.Arrays;
import java.util.function.Supplier;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.Rng;

/**
 * Checks a user environment before it is trained on, in the spirit of Gymnasium's
 * {@code check_env}: the spaces, the reset and step contracts, seeding determinism and that
 * every observation lies in the observation space. The first problem found is an
 * {@link IllegalArgumentException} whose message names the environment, the check and the
 * values, e.g. {@code MyEnv: reset(0) returned an observation of length 3, but the
 * observation space Box(4) has 4 components}.
 *
 * <p>What is checked, in order: {@code id()} is not blank; the observation space is a
 * {@link Box} and the action space a {@link Discrete} or a {@link Box}; {@code reset(seed)}
 * returns an observation in the observation space (right length, no NaN, within the bounds);
 * {@code reset(seed)} twice gives the same observation, and the same actions then give the
 * same observations, rewards and ends (determinism under the seed); every {@code step} over
 * {@value #STEPS} steps of random actions (episodes restarted with {@code reset()}) returns an
 * observation in the space and a finite reward; {@code step} after the end of an episode, before
 * a new reset, is refused when the environment is wrapped as {@link Gym#make} wraps it.
 */
public final class EnvChecker {
    private EnvChecker() {}

    /** Environment steps of random actions the checks run. */
    public static final int STEPS = 500;

    /**
     * Checks the environment {@code make} builds (it is called twice: once for the checks on
     * one instance, once to compare a second instance under the same seed).
     *
     * @throws IllegalArgumentException naming the first problem found
     */
    public static <A> void check(Supplier<? extends Env<A>> make) {
        try (Env<A> env = make.get(); Env<A> twin = make.get()) {
            check(env, twin);
        }
    }

    private static <A> void check(Env<A> env, Env<A> twin) {
        String id = env.id();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(env.getClass().getSimpleName() + ": id() is " + (id == null ? "null" : "blank")
                    + "; expected a name such as MyEnv-v0");
        }
        Box obsSpace = env.observationSpace();
        if (obsSpace == null) {
            throw fail(id, "observationSpace() is null; expected a Box");
        }
        Space<A> actSpace = env.actionSpace();
        if (!(actSpace instanceof Discrete) && !(actSpace instanceof Box)) {
            throw fail(id, "actionSpace() is " + actSpace + "; expected a Discrete or a Box (the agents act in those)");
        }
        long seed = 42;
        float[] first = observation(id, obsSpace, env.reset(seed), "reset(" + seed + ")");
        float[] again = observation(id, obsSpace, env.reset(seed), "reset(" + seed + ")");
        if (!Arrays.equals(first, again)) {
            throw fail(id, "reset(" + seed + ") twice gave " + Arrays.toString(first) + " then " + Arrays.toString(again)
                    + "; the same seed must give the same first observation (seed the env's generator in reset(seed))");
        }
        float[] other = observation(id, obsSpace, twin.reset(seed), "reset(" + seed + ") of a second instance");
        if (!Arrays.equals(first, other)) {
            throw fail(id, "two instances reset with seed " + seed + " gave " + Arrays.toString(first) + " and "
                    + Arrays.toString(other) + "; the seed alone must decide the first observation");
        }
        Rng actions = new Pcg64(seed);
        int episodes = 0;
        for (int t = 0; t < STEPS; t++) {
            A a = actSpace.sample(actions);
            StepResult r = env.step(a);
            StepResult s = twin.step(a);
            String what = "step " + t + " (action " + Spaces.describe(a) + ")";
            if (r == null) {
                throw fail(id, what + " returned null");
            }
            observation(id, obsSpace, r.observation(), what);
            if (!Double.isFinite(r.reward())) {
                throw fail(id, what + " returned the reward " + r.reward() + "; rewards must be finite");
            }
            if (!Arrays.equals(r.observation(), s.observation()) || r.reward() != s.reward()
                    || r.terminated() != s.terminated() || r.truncated() != s.truncated()) {
                throw fail(id, what + " differs between two instances reset with seed " + seed + " and given the same"
                        + " actions (observation " + Arrays.toString(r.observation()) + " vs " + Arrays.toString(s.observation())
                        + ", reward " + r.reward() + " vs " + s.reward() + "); draw randomness only from the env's seeded generator");
            }
            if (r.done()) {
                episodes++;
                if (env instanceof CheckedEnv<A> checked && !checked.needsReset()) {
                    throw fail(id, "after the episode ended, step() was not refused");
                }
                observation(id, obsSpace, env.reset().observation(), "reset() after episode " + episodes);
                twin.reset();
            }
        }
    }

    private static float[] observation(String id, Box space, Object result, String what) {
        float[] o = result instanceof ResetResult r ? r.observation() : (float[]) result;
        if (o == null) {
            throw fail(id, what + " returned no observation");
        }
        if (o.length != space.dim()) {
            throw fail(id, what + " returned an observation of length " + o.length + ", but the observation space "
                    + space + " has " + space.dim() + " components");
        }
        for (int k = 0; k < o.length; k++) {
            if (Float.isNaN(o[k])) {
                throw fail(id, what + " returned the observation " + Arrays.toString(o) + " with NaN at index " + k);
            }
        }
        if (!space.contains(o)) {
            throw fail(id, what + " returned the observation " + Arrays.toString(o) + ", which is outside the observation space "
                    + space + " (bounds: " + Arrays.toString(space.low()) + " to " + Arrays.toString(space.high()) + ")");
        }
        return o;
    }

    private static IllegalArgumentException fail(String id, String message) {
        return new IllegalArgumentException(id + ": " + message);
    }
}
