package org.kfrelax.gym;

import java.util.ArrayList;
import java.util.List;

/**
 * N copies of an environment stepped together (as Gymnasium's {@code SyncVectorEnv}), with
 * <b>same-step</b> autoreset: when copy i terminates or is truncated, {@link #step} resets it
 * at once (continuing its random stream, {@code reset()} without seed) and returns the new
 * episode's first observation in {@code observations[i]}; the last observation of the
 * finished episode is in {@code finalObservations[i]} (null for copies that did not finish).
 * This is Gymnasium's {@code AutoresetMode.SAME_STEP}; it never needs a no-op step, so every
 * step is a real transition. {@code reset(seed)} seeds copy i with {@code seed + i}, as Gymnasium.
 *
 * @param <A> action type
 */
public final class VectorEnv<A> implements AutoCloseable {
    private final List<Env<A>> envs;

    /** One step of all copies. */
    public record Step(float[][] observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                       float[][] finalObservations) {}

    /** Takes ownership of the given environments (use fresh ones, e.g. from {@link Gym#make}). */
    public VectorEnv(List<Env<A>> envs) {
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("a vector environment needs at least one copy, got 0");
        }
        this.envs = List.copyOf(envs);
    }

    /** {@code n} copies of {@code Gym.make(id)}. */
    @SuppressWarnings("unchecked")
    public static <A> VectorEnv<A> make(String id, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of copies must be positive, got " + n);
        }
        List<Env<A>> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add((Env<A>) Gym.make(id));
        }
        return new VectorEnv<>(list);
    }

    public int numEnvs() {
        return envs.size();
    }

    /** The i-th copy (for rendering or inspection; do not step it directly). */
    public Env<A> env(int i) {
        return envs.get(i);
    }

    public Space<A> singleActionSpace() {
        return envs.get(0).actionSpace();
    }

    public Box singleObservationSpace() {
        return envs.get(0).observationSpace();
    }

    /** Resets copy i with seed {@code seed + i}; returns the first observations. */
    public float[][] reset(long seed) {
        float[][] obs = new float[envs.size()][];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = envs.get(i).reset(seed + i).observation();
        }
        return obs;
    }

    /** Resets every copy, continuing each one's random stream. */
    public float[][] reset() {
        float[][] obs = new float[envs.size()][];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = envs.get(i).reset().observation();
        }
        return obs;
    }

    /** Steps every copy with its action, resetting the copies whose episode ended. */
    public Step step(List<A> actions) {
        int n = envs.size();
        if (actions.size() != n) {
            throw new IllegalArgumentException("expected " + n + " actions, got " + actions.size());
        }
        float[][] obs = new float[n][];
        double[] rewards = new double[n];
        boolean[] term = new boolean[n];
        boolean[] trunc = new boolean[n];
        float[][] finals = new float[n][];
        for (int i = 0; i < n; i++) {
            Env<A> e = envs.get(i);
            StepResult r = e.step(actions.get(i));
            rewards[i] = r.reward();
            term[i] = r.terminated();
            trunc[i] = r.truncated();
            if (r.done()) {
                finals[i] = r.observation();
                obs[i] = e.reset().observation();
            } else {
                obs[i] = r.observation();
            }
        }
        return new Step(obs, rewards, term, trunc, finals);
    }

    @Override
    public void close() {
        for (Env<A> e : envs) {
            e.close();
        }
    }
}
