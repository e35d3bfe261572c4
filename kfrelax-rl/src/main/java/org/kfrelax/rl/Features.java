package org.kfrelax.rl;

import java.util.List;

/**
 * The oracles' regression data from episodes: per step the state s_t, the state with the time
 * fraction [s_t, t/T] (T the time limit), the action a_t and the target R_t, the discounted
 * return from t ({@link Returns#discounted}); steps of all episodes in order.
 */
record Features(double[] states, double[] timedStates, int[] actions, double[] returns) {

    static Features of(List<EpisodeBuffer> eps, double gamma, int horizon) {
        int n = 0;
        for (EpisodeBuffer ep : eps) {
            n += ep.length;
        }
        int d = eps.get(0).obsDim;
        double[] s = new double[n * d];
        double[] st = new double[n * (d + 1)];
        int[] a = new int[n];
        double[] r = new double[n];
        int k = 0;
        for (EpisodeBuffer ep : eps) {
            System.arraycopy(states(ep), 0, s, k * d, ep.length * d);
            System.arraycopy(timedStates(ep, horizon), 0, st, k * (d + 1), ep.length * (d + 1));
            System.arraycopy(ep.actions, 0, a, k, ep.length);
            System.arraycopy(Returns.discounted(ep.rewards, ep.length, gamma), 0, r, k, ep.length);
            k += ep.length;
        }
        return new Features(s, st, a, r);
    }

    /** s_t for t = 0..length−1, length × obsDim. */
    static double[] states(EpisodeBuffer ep) {
        return java.util.Arrays.copyOf(ep.obs, ep.length * ep.obsDim);
    }

    /** [s_t, t/T] for t = 0..length−1, length × (obsDim + 1). */
    static double[] timedStates(EpisodeBuffer ep, int horizon) {
        int d = ep.obsDim;
        double[] out = new double[ep.length * (d + 1)];
        for (int t = 0; t < ep.length; t++) {
            System.arraycopy(ep.obs, t * d, out, t * (d + 1), d);
            out[t * (d + 1) + d] = (double) t / horizon;
        }
        return out;
    }
}
