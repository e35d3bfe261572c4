package org.kfrelax.rl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one update of an agent computed anyway, by name, for logging: sent to
 * {@link EpisodeListener#onUpdate} right after the update. Names are TensorBoard-style tags
 * ({@code group/name}); which ones appear depends on the algorithm (constants below), and an
 * agent sends the same names at every update. Values may be NaN (e.g. a KL that was not
 * computed is simply left out, but a diverging loss is reported as it is).
 *
 * @param update 1-based number of the update in this agent's life
 * @param episode the episode whose end triggered the update (1-based; its
 *                {@link EpisodeListener#onEpisode} call follows this one)
 * @param totalSteps environment steps so far, that episode included
 * @param values metric name → value, in a fixed order; unmodifiable
 */
public record UpdateMetrics(long update, long episode, long totalSteps, Map<String, Double> values) {
    /** Mean entropy of π(·|s) over the update's states (for LAX: of the Gaussian, per state). */
    public static final String ENTROPY = "policy/entropy";
    /** Mean KL(π_old ‖ π_new) over the update's states after the step; only when a trust region computes it. */
    public static final String KL = "policy/kl";
    /**
     * The policy-gradient surrogate loss −(1/n) Σ_t log π(a_t|s_t)·Â_t whose gradient is the
     * score-function part of the step (Â: the advantage or return the estimator weighs with).
     */
    public static final String POLICY_LOSS = "loss/policy";
    /** Mean squared error of the value network, (1/n) Σ_t (V(s_t) − target_t)², before its step. */
    public static final String VALUE_LOSS = "loss/value";
    /**
     * Explained variance of the value network's predictions of its regression targets before its
     * step, 1 − Var[target − V(s)] / Var[target] ({@link org.kfrelax.stats.ExplainedVariance}, SB3's
     * {@code train/explained_variance}); NaN when the targets do not vary.
     */
    public static final String EXPLAINED_VARIANCE = "value/explained_variance";
    /** The control-variate surrogate's variance loss (the squared norm of ĝ, {@code VarianceLoss}). */
    public static final String SURROGATE_LOSS = "loss/surrogate";
    /**
     * Prefix (then the optimizer: policy, value, surrogate) of the K-FAC step scale
     * s = min(1, sqrt(δ/q)) of the update's step ({@code Kfac#lastScale}; 1 = the kl-clip did not bind).
     */
    public static final String KFAC_SCALE = "kfac/scale_";
    /**
     * Prefix (then the optimizer) of K-FAC's q = η² Σ⟨ΔW_nat, ∇W⟩ of the update's step before
     * scaling ({@code Kfac#lastQuadraticForm}): the squared step length in the Fisher metric.
     */
    public static final String KFAC_QUADRATIC_FORM = "kfac/q_";
    /**
     * Prefix (then the optimizer) of the Euclidean length ‖Δθ‖₂ of the update's K-FAC step, all
     * layers together, kl-clip scale and momentum included ({@code Kfac#lastStepNorm}).
     */
    public static final String KFAC_STEP_NORM = "kfac/step_norm_";
    /**
     * Prefix (then the optimizer) of K-FAC's damping strength γ ({@code Damping#gamma}: Tikhonov's
     * γ, or the factored scheme's γ from which its per-layer shifts π√γ and √γ/π follow); constant
     * during a run, logged so that runs with different damping can be told apart.
     */
    public static final String KFAC_DAMPING = "kfac/damping_";

    public UpdateMetrics {
        if (update < 1 || episode < 1 || totalSteps < 0) {
            throw new IllegalArgumentException("update " + update + ", episode " + episode + ", totalSteps "
                    + totalSteps + ": expected update ≥ 1, episode ≥ 1, totalSteps ≥ 0");
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
