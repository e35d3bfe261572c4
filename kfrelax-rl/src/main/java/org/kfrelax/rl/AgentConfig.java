package org.kfrelax.rl;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every hyperparameter of the agents, with the method's reference setup as defaults
 * ({@link #defaults}). One record for all algorithms; an algorithm ignores the fields it does
 * not use. The compact constructor validates every field and throws
 * {@link IllegalArgumentException} naming the field, the value and what was expected.
 *
 * @param algo one of {@link #ALGOS}
 * @param hidden hidden layer sizes of the policy
 * @param activation hidden activation of all networks (relu, tanh, elu)
 * @param gamma discount factor γ
 * @param entropy entropy regularization weight
 * @param lr policy learning rate
 * @param optimizer policy optimizer: adam, rmsprop or sgd (ACKTR always uses K-FAC)
 * @param adamBeta2 Adam's β2 (0.99999 as in the reference code)
 * @param valueHidden hidden sizes of the value network (A2C, ACKTR, LAX)
 * @param valueLr value network learning rate
 * @param cvHidden hidden sizes of the control-variate (surrogate) network c_φ
 * @param cvLr surrogate learning rate (Adam for relax/lax, K-FAC for the layers of kf-relax/kf-lax;
 *             kf-relax's τ and scale always take Adam steps with {@code lr})
 * @param tauInit initial relaxation temperature τ of the discrete surrogate
 * @param kfacLr K-FAC learning rate η (ACKTR's policy and value; the kf-* policy with policyKfac)
 * @param kfacDamping K-FAC Tikhonov damping γ (all K-FAC optimizers of the agent)
 * @param kfacDecay K-FAC factor moving-average decay
 * @param kfacKlClip K-FAC trust region δ (ACKTR's kl-clip)
 * @param policyKfac kf-relax/kf-lax: also precondition the policy step with K-FAC
 * @param trustRegion cap on the mean KL(old‖new policy) over the update's states (0 = off)
 * @param batchSteps continuous agents: environment steps per update (whole episodes)
 * @param gaeLambda continuous agents: GAE λ
 * @param cvIterations continuous agents: surrogate (and value) iterations per update
 * @param logStdInit continuous agents: initial log standard deviation of the Gaussian policy
 * @param gradVarDecay EMA decay of the gradient-variance metric
 * @param cvFisher where kf-relax/kf-lax take the surrogate's K-FAC curvature from: {@code gauss-newton}
 *     (its output as a unit-variance Gaussian, the default) or {@code empirical} (the gradients of
 *     the variance loss, as the original KF-LAX code); null means the default
 */
public record AgentConfig(
        String algo,
        int[] hidden,
        String activation,
        double gamma,
        double entropy,
        double lr,
        String optimizer,
        double adamBeta2,
        int[] valueHidden,
        double valueLr,
        int[] cvHidden,
        double cvLr,
        double tauInit,
        double kfacLr,
        double kfacDamping,
        double kfacDecay,
        double kfacKlClip,
        boolean policyKfac,
        double trustRegion,
        int batchSteps,
        double gaeLambda,
        int cvIterations,
        double logStdInit,
        double gradVarDecay,
        String cvFisher) {

    /** The algorithm names, as accepted by {@code --algo}. */
    public static final List<String> ALGOS = List.of("a2c", "acktr", "relax", "kf-relax", "lax", "kf-lax");

    public AgentConfig {
        if (algo == null || !ALGOS.contains(algo)) {
            throw new IllegalArgumentException("unknown algo '" + algo + "'; expected one of " + String.join(", ", ALGOS));
        }
        hidden = sizes("hidden", hidden);
        valueHidden = sizes("valueHidden", valueHidden);
        cvHidden = sizes("cvHidden", cvHidden);
        activation = activation == null ? null : activation.toLowerCase(Locale.ROOT);
        if (!List.of("relu", "tanh", "elu").contains(activation)) {
            throw new IllegalArgumentException("activation must be one of relu, tanh, elu, got '" + activation + "'");
        }
        optimizer = optimizer == null ? null : optimizer.toLowerCase(Locale.ROOT);
        if (!List.of("adam", "rmsprop", "sgd").contains(optimizer)) {
            throw new IllegalArgumentException("optimizer must be one of adam, rmsprop, sgd, got '" + optimizer + "'");
        }
        range("gamma", gamma, 0, 1, true);
        range("entropy", entropy, 0, 10, true);
        positive("lr", lr);
        range("adamBeta2", adamBeta2, 0, 1, false);
        positive("valueLr", valueLr);
        positive("cvLr", cvLr);
        positive("tauInit", tauInit);
        positive("kfacLr", kfacLr);
        positive("kfacDamping", kfacDamping);
        range("kfacDecay", kfacDecay, 0, 1, false);
        positive("kfacKlClip", kfacKlClip);
        range("trustRegion", trustRegion, 0, 100, true);
        if (batchSteps <= 0) {
            throw new IllegalArgumentException("batchSteps must be a positive integer, got " + batchSteps);
        }
        range("gaeLambda", gaeLambda, 0, 1, true);
        if (cvIterations <= 0) {
            throw new IllegalArgumentException("cvIterations must be a positive integer, got " + cvIterations);
        }
        range("logStdInit", logStdInit, -10, 10, true);
        if (!(gradVarDecay > 0 && gradVarDecay < 1)) {
            throw new IllegalArgumentException("gradVarDecay must be in (0, 1), got " + gradVarDecay);
        }
        cvFisher = cvFisher == null ? "gauss-newton" : cvFisher.toLowerCase(Locale.ROOT);
        if (!List.of("gauss-newton", "empirical").contains(cvFisher)) {
            throw new IllegalArgumentException("cvFisher must be gauss-newton or empirical, got '" + cvFisher + "'");
        }
    }

    /**
     * The reference setup for {@code algo}: for discrete tasks policy, value and surrogate are
     * 2-layer MLPs with 10 ReLU units, γ = .99, entropy .01, one episode per update, Adam with
     * β2 = .99999 (the method's Section 4.2 and its code); continuous agents (LAX, KF-LAX) use
     * 2×32 tanh networks, GAE with γ = .99 and λ = .97 (the method's setting), batches of 500
     * steps, policy lr .01 with the KL trust region δ = .01, value lr .03, initial log σ = 0
     * (tuned on Pendulum-v1 with γ = .9, the discount RL Zoo uses for Pendulum; pass it with
     * {@code --gamma 0.9} there).
     */
    public static AgentConfig defaults(String algo) {
        boolean continuous = "lax".equals(algo) || "kf-lax".equals(algo);
        // continuous: tuned for lax on Pendulum-v1 with γ = .9 (mean return of the last 100
        // episodes after 3·10⁵ steps, seeds 0-4: −372, −227, −1161, −225, −819; the previous
        // defaults γ = .99, 1000-step batches, lr .003, value lr .01, no trust region: about
        // −1000 for seed 0 at 3·10⁵ steps, −178 / −721 for seeds 0 / 1 only after 10⁶):
        // 500-step batches (more policy steps), lr .01 kept in check by the KL trust region
        // δ = .01 (without it seeds 0-2: −856, −684, −1581), value lr .03; 2×64 networks,
        // log σ = −0.5 and 200-step batches did not help (seed 1). γ = .9 (short horizon: the
        // value net fits its targets quickly) is what made 3·10⁵ steps enough — with γ = .99
        // seed 1 stayed at −1174 — but the default stays γ = .99, the method's (and the issue's)
        // setting for LAX; pass --gamma 0.9 for Pendulum, as RL Zoo does.
        int[] h = continuous ? new int[] {32, 32} : new int[] {10, 10};
        // policy KL cap: ACKTR needs it in the one-episode-per-update regime (its kl-clip
        // alone let the policy collapse on CartPole-v0); kf-relax uses the method's trust region
        // with δ = 0.01, picked from {0, 0.001, 0.01} on 3 seeds of CartPole-v0. A later grid on
        // CartPole-v0 (lr {0.01, 0.02, 0.04, 0.08} × δ {0.001, 0.003, 0.01, 0.03, 0.1}, seeds 0-4)
        // favoured lr 0.04, δ 0.001 (192 ± 37 episodes vs 321 ± 97; fresh seeds 5-14: 298 ± 151
        // vs 353 ± 131), but on Acrobot-v1 that setting solved 2 of 5 seeds against 5 of 5 for
        // these defaults, so they stay. With --policy-kfac use δ = 0.001 (as ACKTR): at 0.01
        // 2 of 3 CartPole-v0 seeds collapse, at 0.001 3 of 3 solve (294 ± 113 episodes).
        double trustRegion = switch (algo == null ? "" : algo) {
            case "acktr" -> 0.001;
            case "kf-relax", "lax", "kf-lax" -> 0.01;
            default -> 0.0;
        };
        // K-FAC surrogate steps: learning rate 0.1 and damping 0.1 (the estimator issue's toy
        // tuning; on CartPole-v0 seeds 0-4 they beat lr 0.01 / damping 0.01: 305 vs 515 episodes)
        boolean kfSurrogate = "kf-relax".equals(algo) || "kf-lax".equals(algo);
        double cvLr = kfSurrogate ? 0.1 : continuous ? 0.003 : 0.01;
        double damping = kfSurrogate ? 0.1 : 0.01;
        return new AgentConfig(algo, h, continuous ? "tanh" : "relu", 0.99, continuous ? 0.0 : 0.01,
                0.01, "adam", 0.99999, h, continuous ? 0.03 : 0.01, h,
                cvLr, 0.5,
                0.25, damping, 0.95, 0.001, false, trustRegion,
                continuous ? 500 : 1000, 0.97, 5, 0.0, 0.99, "gauss-newton");
    }

    /** Whether K-FAC takes the surrogate's curvature from the variance-loss gradients. */
    public boolean empiricalCvFisher() {
        return "empirical".equals(cvFisher);
    }

    /** Whether the algorithm acts in continuous action spaces. */
    public boolean continuous() {
        return "lax".equals(algo) || "kf-lax".equals(algo);
    }

    private static int[] sizes(String name, int[] v) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + " must list at least one hidden layer size, got "
                    + (v == null ? "nothing" : "[]"));
        }
        for (int x : v) {
            if (x <= 0 || x > 4096) {
                throw new IllegalArgumentException(name + " sizes must be in 1..4096, got " + Arrays.toString(v));
            }
        }
        return v.clone();
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
        }
    }

    private static void range(String name, double v, double lo, double hi, boolean closedHigh) {
        boolean ok = v >= lo && (closedHigh ? v <= hi : v < hi);
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + (closedHigh ? "]" : ")")
                    + ", got " + v);
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public int[] valueHidden() {
        return valueHidden.clone();
    }

    @Override
    public int[] cvHidden() {
        return cvHidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentConfig c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "AgentConfig[algo=" + algo + ", hidden=" + Arrays.toString(hidden) + ", activation=" + activation
                + ", gamma=" + gamma + ", entropy=" + entropy + ", lr=" + lr + ", optimizer=" + optimizer
                + ", adamBeta2=" + adamBeta2 + ", valueHidden=" + Arrays.toString(valueHidden) + ", valueLr=" + valueLr
                + ", cvHidden=" + Arrays.toString(cvHidden) + ", cvLr=" + cvLr + ", tauInit=" + tauInit
                + ", kfacLr=" + kfacLr + ", kfacDamping=" + kfacDamping + ", kfacDecay=" + kfacDecay
                + ", kfacKlClip=" + kfacKlClip + ", policyKfac=" + policyKfac + ", trustRegion=" + trustRegion
                + ", batchSteps=" + batchSteps + ", gaeLambda=" + gaeLambda + ", cvIterations=" + cvIterations
                + ", logStdInit=" + logStdInit + ", gradVarDecay=" + gradVarDecay + ", cvFisher=" + cvFisher + "]";
    }
}
