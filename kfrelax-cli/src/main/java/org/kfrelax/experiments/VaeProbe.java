package org.kfrelax.experiments;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.estimators.Estimator;
import org.kfrelax.estimators.Estimators;
import org.kfrelax.random.Pcg64;
import org.kfrelax.random.SeedSequence;
import org.kfrelax.stats.MeanStd;
import org.kfrelax.vae.IdxImages;

/**
 * The VAE's variance probe: at the run's current encoder and decoder (a snapshot, nothing is
 * updated), every probed estimator's encoder gradient ĝ is drawn M times on each of the same B
 * minibatches (the same images and the same binarization for every estimator). Per minibatch the
 * variance of ĝ over its M draws, averaged over ĝ's P components,
 * v_b = (1/P) Σ_j Var_M[ĝ_j]; reported: the mean of v_b over the B minibatches and its standard
 * error sd_b(v_b)/√B. This is the variance the estimator's own noise adds at a fixed minibatch,
 * which is what differs between estimators (the minibatch's own variance is shared by all).
 *
 * <p>The run's own estimator is probed as trained (its surrogate, η, λ as they are at the
 * snapshot); every other estimator is a fresh one from the registry with its own parameters at
 * their initialization (for RELAX, KF-RELAX and REBAR: an untrained control variate).
 * The minibatches and the estimators' noise come from child 5 of {@code SeedSequence(seed)}
 * (the run's own streams are children 0–4), so probing does not change the training run.
 */
public final class VaeProbe {
    /** probe.csv's columns. */
    public static final String[] COLUMNS = {"step", "estimator", "grad_var", "grad_var_se", "as_trained", "batches", "draws"};

    private final VaeRun run;
    private final IdxImages train;
    private final List<String> names;
    private final List<Estimator> estimators = new ArrayList<>();
    private final int batches;
    private final int draws;
    private final Pcg64 rng;

    /** A probe of {@code run} measuring {@code names} with {@code batches} minibatches of {@code draws} estimates each. */
    public VaeProbe(VaeRun run, IdxImages train, List<String> names, Estimators.Settings settings, int batches, int draws) {
        if (batches < 1 || draws < 2) {
            throw new IllegalArgumentException("a probe needs at least 1 minibatch and 2 draws, got " + batches + " and " + draws);
        }
        this.run = run;
        this.train = train;
        this.names = List.copyOf(names);
        this.batches = batches;
        this.draws = draws;
        this.rng = new Pcg64(new SeedSequence(run.seed()).spawn(6)[5]);
        for (String n : names) {
            estimators.add(n.equals(run.estimator().name()) ? run.estimator()
                    : Estimators.create(n, VaeRun.LATENTS, settings, run.config().surrogate()));
        }
    }

    /** Receives one result row (the {@link #COLUMNS}). */
    @FunctionalInterface
    public interface Sink {
        void row(Object... values) throws IOException;
    }

    /** Probes the run as it stands, labelled {@code step}; one row per estimator to {@code sink}. */
    public void measure(long step, Sink sink) throws IOException {
        List<Tensor> xs = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            int[] idx = new int[run.batch()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (int) Math.floorMod(rng.nextLong(), (long) train.count());
            }
            xs.add(VaeRun.binarize(train, idx, rng));
        }
        for (int e = 0; e < estimators.size(); e++) {
            Estimator est = estimators.get(e);
            Pcg64 noise = new Pcg64(rng.nextLong() >>> 1);
            double[] v = new double[batches];
            for (int b = 0; b < batches; b++) {
                double[] sum = null;
                double[] sumSq = null;
                for (int m = 0; m < draws; m++) {
                    double[] g = Tensor.values(run.estimate(est, xs.get(b), noise, false).gradient());
                    if (sum == null) {
                        sum = new double[g.length];
                        sumSq = new double[g.length];
                    }
                    for (int j = 0; j < g.length; j++) {
                        sum[j] += g[j];
                        sumSq[j] += g[j] * g[j];
                    }
                }
                double total = 0;
                for (int j = 0; j < sum.length; j++) {
                    double mean = sum[j] / draws;
                    total += Math.max(0, (sumSq[j] - draws * mean * mean) / (draws - 1));
                }
                v[b] = total / sum.length;
            }
            MeanStd ms = MeanStd.of(v);
            double se = batches > 1 ? ms.std() / Math.sqrt(batches) : Double.NaN;
            sink.row(step, names.get(e), ms.mean(), batches > 1 ? se : null, est == run.estimator(), batches, draws);
        }
    }
}
