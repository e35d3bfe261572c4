package org.kfrelax.cli;

import java.util.Map;
import org.kfrelax.autodiff.Tensor;

/**
 * The parameters that played a run's last completed episode, so that a run that diverges can
 * still save good ones. Two copies of the agent's values, swapped and refilled after each
 * episode (no allocation after the first): the values that play the next episode, and those
 * that played the last one.
 */
final class LastGoodParameters {
    private double[][] played;
    private double[][] next;

    /** Starts with {@code params} (an agent's live tensors, in their fixed order) before any episode. */
    LastGoodParameters(Map<String, Tensor> params) {
        next = copy(params, null);
    }

    /** After an episode: the values that played it become the last good ones; {@code params} play the next. */
    void episodeDone(Map<String, Tensor> params) {
        double[][] t = played;
        played = next;
        next = copy(params, t);
    }

    /** Writes the values that played the last completed episode (before any: the initial ones) into {@code params}. */
    void restore(Map<String, Tensor> params) {
        double[][] good = played != null ? played : next;
        int i = 0;
        for (Tensor t : params.values()) {
            System.arraycopy(good[i], 0, t.data(), 0, good[i].length);
            i++;
        }
    }

    private static double[][] copy(Map<String, Tensor> params, double[][] into) {
        double[][] out = into != null ? into : new double[params.size()][];
        int i = 0;
        for (Tensor t : params.values()) {
            double[] d = t.data();
            if (out[i] == null) {
                out[i] = new double[d.length];
            }
            System.arraycopy(d, 0, out[i], 0, d.length);
            i++;
        }
        return out;
    }
}
