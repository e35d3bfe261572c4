package org.kfrelax.rl;

import org.kfrelax.autodiff.Tensor;
import org.kfrelax.state.Stateful;
import org.kfrelax.state.TrainingState;

/**
 * Tracks the variance of a stochastic gradient estimate as the reference RL code did: per
 * parameter component an exponential moving average of g and of g²,
 * m ← d·m + (1−d)·g, s ← d·s + (1−d)·g², Var ≈ s − m², reported as
 * log(mean over components of Var). (The log of the mean, rather than the mean of logs,
 * stays finite when a component has zero variance, e.g. the weights of a dead ReLU unit.)
 */
public final class GradVariance implements Stateful {
    private final double decay;
    private double[] m;
    private double[] s;
    private long updates;

    /** @param decay the EMA decay d in (0, 1), e.g. 0.99 */
    public GradVariance(double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("gradient-variance decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
    }

    /**
     * Adds one gradient estimate (all parameter tensors, in a fixed order). An estimate with a
     * NaN/Inf is left out (its update is skipped or ends training), so that one such estimate
     * does not make every later variance NaN.
     *
     * @return whether the estimate was added
     */
    public boolean add(Tensor[] grads) {
        int n = 0;
        for (Tensor g : grads) {
            n += g.size();
            if (!g.isFinite()) {
                return false;
            }
        }
        if (m == null) {
            m = new double[n];
            s = new double[n];
        } else if (m.length != n) {
            throw new IllegalArgumentException("gradient has " + n + " components, expected " + m.length);
        }
        int k = 0;
        for (Tensor g : grads) {
            for (double x : g.data()) {
                m[k] = decay * m[k] + (1 - decay) * x;
                s[k] = decay * s[k] + (1 - decay) * x * x;
                k++;
            }
        }
        updates++;
        return true;
    }

    /** log(mean_i (s_i − m_i²)); NaN before the first update. */
    public double logVariance() {
        if (updates == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            sum += Math.max(0.0, s[i] - m[i] * m[i]);
        }
        return Math.log(sum / m.length);
    }

    /** Writes {@code prefix.updates} and, after the first update, the averages {@code prefix.m}, {@code prefix.s}. */
    @Override
    public void saveState(TrainingState state, String prefix) {
        state.putLongs(prefix + ".updates", updates);
        if (m != null) {
            state.putDoubles(prefix + ".m", m);
            state.putDoubles(prefix + ".s", s);
        }
    }

    @Override
    public void loadState(TrainingState state, String prefix) {
        long n = state.getLong(prefix + ".updates");
        if (n < 0) {
            throw new IllegalArgumentException("training state: '" + prefix + ".updates' is negative: " + n);
        }
        double[] newM = n == 0 ? null : state.doubles(prefix + ".m", m == null ? -1 : m.length);
        double[] newS = n == 0 ? null : state.doubles(prefix + ".s", newM.length);
        m = newM;
        s = newS;
        updates = n;
    }
}
