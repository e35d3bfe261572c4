package org.kfrelax.rl;

import java.util.Arrays;
import org.kfrelax.autodiff.Tensor;

/**
 * One discrete-action episode as the updates need it: observations, actions, rewards and the
 * uniform noise u (one per action per step) whose Gumbel-max choice gave the action; then the
 * observation after the last step and whether the time limit (not a terminal state) ended it.
 */
final class EpisodeBuffer {
    final int obsDim;
    final int nActions;
    int length;
    double[] obs = new double[0];
    int[] actions = new int[0];
    double[] rewards = new double[0];
    double[] noise = new double[0];
    /** The observation after the last step (null until {@link #end}). */
    double[] finalObs;
    /** Whether the episode was cut by the time limit without reaching a terminal state. */
    boolean truncated;

    EpisodeBuffer(int obsDim, int nActions) {
        this.obsDim = obsDim;
        this.nActions = nActions;
        grow(256);
    }

    /** An independent copy holding this episode (trimmed to its length). */
    EpisodeBuffer copy() {
        EpisodeBuffer c = new EpisodeBuffer(obsDim, nActions);
        c.grow(Math.max(1, length));
        System.arraycopy(obs, 0, c.obs, 0, length * obsDim);
        System.arraycopy(noise, 0, c.noise, 0, length * nActions);
        System.arraycopy(actions, 0, c.actions, 0, length);
        System.arraycopy(rewards, 0, c.rewards, 0, length);
        c.length = length;
        return c;
    }

    void clear() {
        length = 0;
        finalObs = null;
        truncated = false;
    }

    /** Records how the episode ended: the next observation and whether it was truncated (not terminated). */
    void end(double[] nextObs, boolean truncated) {
        this.finalObs = nextObs.clone();
        this.truncated = truncated;
    }

    /** Appends a step; {@code u} holds the nActions uniforms used to pick {@code action}. */
    void add(double[] o, int action, double[] u, double reward) {
        if (length == actions.length) {
            grow(2 * length);
        }
        System.arraycopy(o, 0, obs, length * obsDim, obsDim);
        System.arraycopy(u, 0, noise, length * nActions, nActions);
        actions[length] = action;
        rewards[length] = reward;
        length++;
    }

    private void grow(int cap) {
        obs = Arrays.copyOf(obs, cap * obsDim);
        noise = Arrays.copyOf(noise, cap * nActions);
        actions = Arrays.copyOf(actions, cap);
        rewards = Arrays.copyOf(rewards, cap);
    }

    /** Observations as a constant length×obsDim matrix. */
    Tensor observations() {
        return Tensor.matrix(length, obsDim, Arrays.copyOf(obs, length * obsDim));
    }

    /** The noise as a constant length×nActions matrix. */
    Tensor uniforms() {
        return Tensor.matrix(length, nActions, Arrays.copyOf(noise, length * nActions));
    }

    int[] actions() {
        return Arrays.copyOf(actions, length);
    }

    double returnSum() {
        double s = 0;
        for (int t = 0; t < length; t++) {
            s += rewards[t];
        }
        return s;
    }
}
