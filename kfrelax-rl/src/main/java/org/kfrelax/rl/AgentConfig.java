package org.kfrelax.rl;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every hyperparameter of the agents. One config for all algorithms; an algorithm ignores the
 * fields it does not use. Built by {@link #builder(Algorithm)}, which starts from the
 * algorithm's reference setup, e.g.
 * {@code AgentConfig.builder(Algorithm.KF_RELAX).lr(0.003).cvHidden(32, 32).build()}.
 * {@link Builder#build()} validates every field and throws {@link IllegalArgumentException}
 * naming the field, the value and what was expected.
 *
 * <p>One vocabulary: each field's name is its builder method, its key in config files and
 * checkpoints ({@link #toMap()}, {@link Builder#set}) and, in kebab case, its command-line flag
 * ({@code valueLr}: {@code .valueLr(x)}, key {@code valueLr}, flag {@code --value-lr}). Config
 * files may also spell a key in kebab or snake case ({@code value-lr}, {@code value_lr}).
 */
public final class AgentConfig {
    private final Algorithm algo;
    private final int[] hidden;
    private final String activation;
    private final double gamma;
    private final double entropy;
    private final double lr;
    private final String optimizer;
    private final double adamBeta2;
    private final int[] valueHidden;
    private final double valueLr;
    private final int[] cvHidden;
    private final double cvLr;
    private final double tauInit;
    private final double kfacLr;
    private final double kfacDamping;
    private final String kfacDampingForm;
    private final double kfacDecay;
    private final double kfacKlClip;
    private final boolean policyKfac;
    private final double trustRegion;
    private final int batchSteps;
    private final double gaeLambda;
    private final int cvIterations;
    private final double logStdInit;
    private final double gradVarDecay;
    private final String cvFisher;
    private final String cvForm;
    private final int valueSteps;
    private final boolean valueKfac;
    private final boolean timeAware;
    private final boolean bootstrapTruncation;

    private AgentConfig(Builder b) {
        algo = b.algo;
        hidden = b.hidden.clone();
        activation = b.activation;
        gamma = b.gamma;
        entropy = b.entropy;
        lr = b.lr;
        optimizer = b.optimizer;
        adamBeta2 = b.adamBeta2;
        valueHidden = b.valueHidden.clone();
        valueLr = b.valueLr;
        cvHidden = b.cvHidden.clone();
        cvLr = b.cvLr;
        tauInit = b.tauInit;
        kfacLr = b.kfacLr;
        kfacDamping = b.kfacDamping;
        kfacDampingForm = b.kfacDampingForm;
        kfacDecay = b.kfacDecay;
        kfacKlClip = b.kfacKlClip;
        policyKfac = b.policyKfac;
        trustRegion = b.trustRegion;
        batchSteps = b.batchSteps;
        gaeLambda = b.gaeLambda;
        cvIterations = b.cvIterations;
        logStdInit = b.logStdInit;
        gradVarDecay = b.gradVarDecay;
        cvFisher = b.cvFisher;
        cvForm = b.cvForm;
        valueSteps = b.valueSteps;
        valueKfac = b.valueKfac;
        timeAware = b.timeAware;
        bootstrapTruncation = b.bootstrapTruncation;
    }

    /**
     * A builder holding {@code algo}'s reference setup. Discrete tasks: policy, value and
     * surrogate are 2-layer MLPs with 10 ReLU units, γ = .99, entropy .01, one episode per
     * update, Adam with β2 = .99999 (the method's Section 4.2 and its code). Continuous agents
     * (LAX, KF-LAX): 2×32 tanh networks, GAE with γ = .99 and λ = .97 (the method's setting),
     * batches of 500 steps, policy lr .01 with the KL trust region δ = .01, value lr .03,
     * initial log σ = 0 (tuned on Pendulum-v1 with γ = .9, the discount RL Zoo uses there; pass
     * {@code gamma(0.9)}). The evidence behind every tuned value: docs/TUNING.md.
     */
    public static Builder builder(Algorithm algo) {
        return new Builder(algo);
    }

    /** {@code algo}'s reference setup ({@link #builder(Algorithm)}), built. */
    public static AgentConfig defaults(Algorithm algo) {
        return builder(algo).build();
    }

    /** A builder holding this config's values (to change a few of them). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The config written as {@link #toMap()} writes it: {@code algo} plus any of the other keys
     * (a missing key keeps the algorithm's default, so configs written before a field existed
     * still load; {@link #fromStored} for configs that runs stored).
     *
     * @throws IllegalArgumentException if {@code algo} is missing or a key or value is invalid
     */
    public static AgentConfig fromMap(Map<String, ?> values) {
        Object algo = values.get("algo");
        if (!(algo instanceof String || algo instanceof Algorithm)) {
            throw new IllegalArgumentException("algo: expected one of " + String.join(", ", Algorithm.names())
                    + ", got " + describe(algo));
        }
        Algorithm a = algo instanceof Algorithm x ? x : Algorithm.parse((String) algo);
        return builder(a).setAll(values).build();
    }

    /**
     * A config as a run stored it ({@link #toMap()} in summary.json, checkpoint.json, a sweep's
     * trials), possibly by an older build: as {@link #fromMap}, except that a key the file lacks
     * because it was written before the key existed takes the value such runs had then, not
     * today's default, so resume and eval reproduce the run ({@code kfacDampingForm}:
     * {@code tikhonov}).
     *
     * @throws IllegalArgumentException as {@link #fromMap}
     */
    public static AgentConfig fromStored(Map<String, ?> values) {
        Map<String, Object> all = new LinkedHashMap<>(BEFORE_THE_KEY);
        for (Map.Entry<String, ?> e : values.entrySet()) {
            all.remove(field(e.getKey()).key());   // the file's own value, in whatever spelling, wins
            all.put(e.getKey(), e.getValue());
        }
        return fromMap(all);
    }

    /**
     * For each key added after runs were first stored and whose default is not what those runs
     * did: the value they did. {@code kfacDampingForm}: every K-FAC was Tikhonov-damped before
     * the key existed.
     */
    private static final Map<String, Object> BEFORE_THE_KEY = Map.of("kfacDampingForm", "tikhonov");

    /** Every key, in the order {@link #toMap()} writes them ({@code algo} first). */
    public static List<String> keys() {
        return FIELDS.stream().map(Field::key).toList();
    }

    /**
     * The config as key → value, in {@link #keys()} order: {@code algo} as its name, layer sizes
     * as {@code int[]}, numbers as {@code Double} or {@code Integer}, the switches ({@code policyKfac}, {@code valueKfac}, {@code timeAware}, {@code bootstrapTruncation}) as
     * {@code Boolean}, the rest as strings.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : FIELDS) {
            m.put(f.key(), f.get().apply(this));
        }
        return m;
    }

    /** The algorithm. */
    public Algorithm algo() {
        return algo;
    }

    /** See {@link Builder#hidden}. */
    public int[] hidden() {
        return hidden.clone();
    }

    /** See {@link Builder#activation}. */
    public String activation() {
        return activation;
    }

    /** See {@link Builder#gamma}. */
    public double gamma() {
        return gamma;
    }

    /** See {@link Builder#entropy}. */
    public double entropy() {
        return entropy;
    }

    /** See {@link Builder#lr}. */
    public double lr() {
        return lr;
    }

    /** See {@link Builder#optimizer}. */
    public String optimizer() {
        return optimizer;
    }

    /** See {@link Builder#adamBeta2}. */
    public double adamBeta2() {
        return adamBeta2;
    }

    /** See {@link Builder#valueHidden}. */
    public int[] valueHidden() {
        return valueHidden.clone();
    }

    /** See {@link Builder#valueLr}. */
    public double valueLr() {
        return valueLr;
    }

    /** See {@link Builder#cvHidden}. */
    public int[] cvHidden() {
        return cvHidden.clone();
    }

    /** See {@link Builder#cvLr}. */
    public double cvLr() {
        return cvLr;
    }

    /** See {@link Builder#tauInit}. */
    public double tauInit() {
        return tauInit;
    }

    /** See {@link Builder#kfacLr}. */
    public double kfacLr() {
        return kfacLr;
    }

    /** See {@link Builder#kfacDamping}. */
    public double kfacDamping() {
        return kfacDamping;
    }

    /** See {@link Builder#kfacDampingForm}. */
    public String kfacDampingForm() {
        return kfacDampingForm;
    }

    /** See {@link Builder#kfacDecay}. */
    public double kfacDecay() {
        return kfacDecay;
    }

    /** See {@link Builder#kfacKlClip}. */
    public double kfacKlClip() {
        return kfacKlClip;
    }

    /** See {@link Builder#policyKfac}. */
    public boolean policyKfac() {
        return policyKfac;
    }

    /** See {@link Builder#trustRegion}. */
    public double trustRegion() {
        return trustRegion;
    }

    /** See {@link Builder#batchSteps}. */
    public int batchSteps() {
        return batchSteps;
    }

    /** See {@link Builder#gaeLambda}. */
    public double gaeLambda() {
        return gaeLambda;
    }

    /** See {@link Builder#cvIterations}. */
    public int cvIterations() {
        return cvIterations;
    }

    /** See {@link Builder#logStdInit}. */
    public double logStdInit() {
        return logStdInit;
    }

    /** See {@link Builder#gradVarDecay}. */
    public double gradVarDecay() {
        return gradVarDecay;
    }

    /** See {@link Builder#cvFisher}. */
    public String cvFisher() {
        return cvFisher;
    }

    /** Whether K-FAC takes the surrogate's curvature from the variance-loss gradients. */
    public boolean empiricalCvFisher() {
        return "empirical".equals(cvFisher);
    }

    /** See {@link Builder#cvForm}. */
    public String cvForm() {
        return cvForm;
    }

    /** Whether the discrete surrogate is c_φ(z, s) = V(s) + f_φ(z, s) ({@link Builder#cvForm}). */
    public boolean valuePlusSurrogate() {
        return "value-plus".equals(cvForm);
    }

    /** See {@link Builder#valueSteps}. */
    public int valueSteps() {
        return valueSteps;
    }

    /** See {@link Builder#valueKfac}. */
    public boolean valueKfac() {
        return valueKfac;
    }

    /** See {@link Builder#timeAware}. */
    public boolean timeAware() {
        return timeAware;
    }

    /** See {@link Builder#bootstrapTruncation}. */
    public boolean bootstrapTruncation() {
        return bootstrapTruncation;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentConfig c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** {@code AgentConfig[algo=kf-relax, hidden=[10, 10], ...]}, every field (doubles round-trip exactly). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AgentConfig[");
        for (Map.Entry<String, Object> e : toMap().entrySet()) {
            if (sb.length() > "AgentConfig[".length()) {
                sb.append(", ");
            }
            Object v = e.getValue();
            sb.append(e.getKey()).append('=').append(v instanceof int[] a ? Arrays.toString(a) : String.valueOf(v));
        }
        return sb.append(']').toString();
    }

    /**
     * Collects the fields of an {@link AgentConfig}; {@link #build()} validates them. Each
     * setter is named like the field (and its key and flag, see {@link AgentConfig}).
     */
    public static final class Builder {
        private final Algorithm algo;
        private int[] hidden;
        private String activation;
        private double gamma;
        private double entropy;
        private double lr;
        private String optimizer;
        private double adamBeta2;
        private int[] valueHidden;
        private double valueLr;
        private int[] cvHidden;
        private double cvLr;
        private double tauInit;
        private double kfacLr;
        private double kfacDamping;
        private String kfacDampingForm;
        private double kfacDecay;
        private double kfacKlClip;
        private boolean policyKfac;
        private double trustRegion;
        private int batchSteps;
        private double gaeLambda;
        private int cvIterations;
        private double logStdInit;
        private double gradVarDecay;
        private String cvFisher;
        private String cvForm;
        private int valueSteps;
        private boolean valueKfac;
        private boolean timeAware;
        private boolean bootstrapTruncation;

        /** {@code algo}'s reference setup (see {@link AgentConfig#builder}; evidence in docs/TUNING.md). */
        private Builder(Algorithm algo) {
            if (algo == null) {
                throw new IllegalArgumentException("algo: expected one of " + String.join(", ", Algorithm.names())
                        + ", got nothing");
            }
            this.algo = algo;
            boolean continuous = algo.continuous();
            boolean kfSurrogate = algo == Algorithm.KF_RELAX || algo == Algorithm.KF_LAX;
            int[] h = continuous ? new int[] {32, 32} : new int[] {10, 10};   // docs/TUNING.md, "LAX on Pendulum-v1"
            hidden = h;
            activation = continuous ? "tanh" : "relu";
            gamma = 0.99;
            entropy = continuous ? 0.0 : 0.01;
            lr = 0.01;
            optimizer = "adam";
            adamBeta2 = 0.99999;
            valueHidden = h;
            valueLr = continuous ? 0.03 : 0.01;
            cvHidden = h;
            cvLr = kfSurrogate ? 0.1 : continuous ? 0.003 : 0.01;    // docs/TUNING.md, "K-FAC surrogate"
            tauInit = 0.5;
            kfacLr = 0.25;
            kfacDamping = kfSurrogate ? 0.1 : 0.01;                   // docs/TUNING.md, "K-FAC surrogate"
            kfacDampingForm = "tikhonov";                             // docs/TUNING.md, "K-FAC damping form"
            kfacDecay = 0.95;
            kfacKlClip = 0.001;
            policyKfac = false;
            trustRegion = switch (algo) {                             // docs/TUNING.md, "Policy trust region"
                case ACKTR -> 0.001;
                case RELAX, KF_RELAX, LAX, KF_LAX -> 0.01;             // relax shares kf-relax's (issue 13)
                case A2C -> 0.0;
            };
            batchSteps = continuous ? 500 : 1000;                      // docs/TUNING.md, "LAX on Pendulum-v1"
            gaeLambda = 0.97;
            cvIterations = 5;
            logStdInit = 0.0;
            gradVarDecay = 0.99;
            cvFisher = "gauss-newton-output";
            cvForm = "scaled-softmax";
            valueSteps = 1;
            valueKfac = false;
            timeAware = false;
            bootstrapTruncation = false;
        }

        private Builder(AgentConfig c) {
            this(c.algo);
            setAll(c.toMap());
        }

        /** Hidden layer sizes of the policy (each in 1..4096). */
        public Builder hidden(int... sizes) {
            hidden = sizes == null ? null : sizes.clone();
            return this;
        }

        /** Hidden activation of all networks: relu, tanh or elu. */
        public Builder activation(String activation) {
            this.activation = activation == null ? null : activation.toLowerCase(Locale.ROOT);
            return this;
        }

        /** Discount factor γ in [0, 1]. */
        public Builder gamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        /** Entropy regularization weight in [0, 10]. */
        public Builder entropy(double entropy) {
            this.entropy = entropy;
            return this;
        }

        /** Policy learning rate. */
        public Builder lr(double lr) {
            this.lr = lr;
            return this;
        }

        /** Policy optimizer: adam, rmsprop or sgd (ACKTR always uses K-FAC). */
        public Builder optimizer(String optimizer) {
            this.optimizer = optimizer == null ? null : optimizer.toLowerCase(Locale.ROOT);
            return this;
        }

        /** Adam's β2 in [0, 1) (0.99999 as in the reference code). */
        public Builder adamBeta2(double adamBeta2) {
            this.adamBeta2 = adamBeta2;
            return this;
        }

        /** Hidden sizes of the value network (A2C, ACKTR, LAX). */
        public Builder valueHidden(int... sizes) {
            valueHidden = sizes == null ? null : sizes.clone();
            return this;
        }

        /** Value network learning rate. */
        public Builder valueLr(double valueLr) {
            this.valueLr = valueLr;
            return this;
        }

        /** Hidden sizes of the control-variate (surrogate) network c_φ. */
        public Builder cvHidden(int... sizes) {
            cvHidden = sizes == null ? null : sizes.clone();
            return this;
        }

        /**
         * Surrogate learning rate (Adam for relax/lax, K-FAC for the layers of kf-relax/kf-lax;
         * kf-relax's τ and scale always take Adam steps with {@link #lr}).
         */
        public Builder cvLr(double cvLr) {
            this.cvLr = cvLr;
            return this;
        }

        /** Initial relaxation temperature τ of the discrete surrogate. */
        public Builder tauInit(double tauInit) {
            this.tauInit = tauInit;
            return this;
        }

        /** K-FAC learning rate η (ACKTR's policy and value; the kf-* policy with {@link #policyKfac}). */
        public Builder kfacLr(double kfacLr) {
            this.kfacLr = kfacLr;
            return this;
        }

        /** K-FAC damping strength γ (all K-FAC optimizers of the agent; its form: {@link #kfacDampingForm}). */
        public Builder kfacDamping(double kfacDamping) {
            this.kfacDamping = kfacDamping;
            return this;
        }

        /**
         * How every K-FAC optimizer of the agent damps its curvature with {@link #kfacDamping} γ:
         * {@code tikhonov} ((A ⊗ G + γI)⁻¹ from the factors' eigendecompositions) or
         * {@code factored} (π damping, (A + π√γ I)⁻¹ ⊗ (G + √γ/π I)⁻¹ by Cholesky: no
         * eigendecompositions and half the preconditioning products). See {@code kfac.Damping}.
         */
        public Builder kfacDampingForm(String kfacDampingForm) {
            this.kfacDampingForm = kfacDampingForm == null ? null : kfacDampingForm.toLowerCase(Locale.ROOT);
            return this;
        }

        /** K-FAC factor moving-average decay in [0, 1). */
        public Builder kfacDecay(double kfacDecay) {
            this.kfacDecay = kfacDecay;
            return this;
        }

        /** K-FAC trust region δ (ACKTR's kl-clip). */
        public Builder kfacKlClip(double kfacKlClip) {
            this.kfacKlClip = kfacKlClip;
            return this;
        }

        /** kf-relax: also precondition the policy step with K-FAC (kf-lax has no policy K-FAC; other algorithms ignore it). */
        public Builder policyKfac(boolean policyKfac) {
            this.policyKfac = policyKfac;
            return this;
        }

        /** Cap on the mean KL(old‖new policy) over the update's states, in [0, 100] (0 = off). */
        public Builder trustRegion(double trustRegion) {
            this.trustRegion = trustRegion;
            return this;
        }

        /** Continuous agents: environment steps per update (whole episodes). */
        public Builder batchSteps(int batchSteps) {
            this.batchSteps = batchSteps;
            return this;
        }

        /** Continuous agents: GAE λ in [0, 1]. */
        public Builder gaeLambda(double gaeLambda) {
            this.gaeLambda = gaeLambda;
            return this;
        }

        /** Continuous agents: surrogate (and value) iterations per update. */
        public Builder cvIterations(int cvIterations) {
            this.cvIterations = cvIterations;
            return this;
        }

        /** Continuous agents: initial log standard deviation of the Gaussian policy, in [−10, 10]. */
        public Builder logStdInit(double logStdInit) {
            this.logStdInit = logStdInit;
            return this;
        }

        /** EMA decay of the gradient-variance metric, in (0, 1). */
        public Builder gradVarDecay(double gradVarDecay) {
            this.gradVarDecay = gradVarDecay;
            return this;
        }

        /**
         * Where kf-relax/kf-lax take the surrogate's K-FAC curvature from:
         * {@code gauss-newton-output} (its output as a unit-variance Gaussian, the default;
         * {@code gauss-newton} is read as this), {@code gauss-newton-variance} (the Gauss-Newton
         * matrix of the variance loss itself) or {@code empirical} (the gradients of the variance
         * loss, as the original KF-LAX code). See {@code estimators.KfacSurrogateOptimizer}.
         */
        public Builder cvFisher(String cvFisher) {
            this.cvFisher = cvFisher == null ? null : cvFisher.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * relax/kf-relax: the surrogate's form, {@code scaled-softmax} (c_φ(z, s) = k·MLP([s,
         * softmax(z/τ)]), the method's discrete form and the default) or {@code value-plus}
         * (c_φ(z, s) = V(s) + f_φ(z, s), the RELAX paper's continuous-action form: V a value
         * network regressed on the returns, {@link #valueSteps} steps per update, f with a zero
         * output layer trained on the variance loss).
         */
        public Builder cvForm(String cvForm) {
            this.cvForm = cvForm == null ? null : cvForm.toLowerCase(Locale.ROOT);
            return this;
        }

        /**
         * Discrete agents: regression steps per update of the value network (a2c's and acktr's
         * critic, the V of a {@code value-plus} surrogate) on the episode's returns; default 1.
         */
        public Builder valueSteps(int valueSteps) {
            this.valueSteps = valueSteps;
            return this;
        }

        /**
         * Discrete agents: the value network (a2c's critic, the V of a {@code value-plus}
         * surrogate) takes K-FAC steps (unit-Gaussian output Fisher, learning rate
         * {@link #kfacLr}) instead of {@link #optimizer} steps; acktr's critic always does.
         */
        public Builder valueKfac(boolean valueKfac) {
            this.valueKfac = valueKfac;
            return this;
        }

        /**
         * Discrete agents: the remaining-time fraction 1 − t/T (T the environment's time limit)
         * is an input of the critic and the surrogate (not of the policy). Off in the method's
         * reference setup.
         */
        public Builder timeAware(boolean timeAware) {
            this.timeAware = timeAware;
            return this;
        }

        /**
         * Discrete agents with a value network (a2c, acktr, and relax/kf-relax with a
         * {@code value-plus} surrogate): an episode cut by the time limit is not treated as
         * terminated; its returns bootstrap from V at the final state, R_t = Σ_{t'=t..n−1} γ^{t'−t} r_t'
         * + γ^{n−t} V(s_n) (Pardo et al., ICML 2018). Off in the method's reference setup.
         */
        public Builder bootstrapTruncation(boolean bootstrapTruncation) {
            this.bootstrapTruncation = bootstrapTruncation;
            return this;
        }

        /**
         * Sets the field {@code key} (camelCase as in {@link AgentConfig#keys()}, or its kebab-
         * or snake-case spelling) from a loosely typed value, as read from a config file or a
         * command line: a number (or numeric string) for numeric fields, whole for integer ones;
         * a boolean (or "true"/"false") for the switches; a list of whole numbers (or an
         * {@code int[]}) for layer sizes; a string otherwise. {@code algo} may be given only
         * with this builder's own algorithm.
         *
         * @throws IllegalArgumentException for an unknown key (listing the valid ones) or a value of the wrong type
         */
        public Builder set(String key, Object value) {
            Field f = field(key);
            if (f.key().equals("algo")) {
                if (!algo.toString().equals(String.valueOf(value))) {
                    throw new IllegalArgumentException("algo '" + value + "' does not match " + algo);
                }
                return this;
            }
            f.set().accept(this, convert(f, value));
            return this;
        }

        /** {@link #set} for every entry of {@code values}. */
        public Builder setAll(Map<String, ?> values) {
            values.forEach(this::set);
            return this;
        }

        /**
         * The config, after checking every field.
         *
         * @throws IllegalArgumentException naming the first invalid field, its value and what was expected
         */
        public AgentConfig build() {
            sizes("hidden", hidden);
            sizes("valueHidden", valueHidden);
            sizes("cvHidden", cvHidden);
            oneOf("activation", activation, "relu", "tanh", "elu");
            range("gamma", gamma, 0, 1, true);
            range("entropy", entropy, 0, 10, true);
            positive("lr", lr);
            oneOf("optimizer", optimizer, "adam", "rmsprop", "sgd");
            range("adamBeta2", adamBeta2, 0, 1, false);
            positive("valueLr", valueLr);
            positive("cvLr", cvLr);
            positive("tauInit", tauInit);
            positive("kfacLr", kfacLr);
            positive("kfacDamping", kfacDamping);
            oneOf("kfacDampingForm", kfacDampingForm, "tikhonov", "factored");
            range("kfacDecay", kfacDecay, 0, 1, false);
            positive("kfacKlClip", kfacKlClip);
            range("trustRegion", trustRegion, 0, 100, true);
            positiveInt("batchSteps", batchSteps);
            range("gaeLambda", gaeLambda, 0, 1, true);
            positiveInt("cvIterations", cvIterations);
            range("logStdInit", logStdInit, -10, 10, true);
            if (!(gradVarDecay > 0 && gradVarDecay < 1)) {
                throw new IllegalArgumentException("gradVarDecay must be in (0, 1), got " + gradVarDecay);
            }
            if ("gauss-newton".equals(cvFisher) || "gn".equals(cvFisher)) {
                cvFisher = "gauss-newton-output";   // the older name of the same source
            }
            oneOf("cvFisher", cvFisher, "gauss-newton-output", "gauss-newton-variance", "empirical");
            oneOf("cvForm", cvForm, "scaled-softmax", "value-plus");
            if (valueSteps < 1 || valueSteps > 1000) {
                throw new IllegalArgumentException("valueSteps must be in 1..1000, got " + valueSteps);
            }
            return new AgentConfig(this);
        }

        private static void sizes(String name, int[] v) {
            if (v == null || v.length == 0) {
                throw new IllegalArgumentException(name + " must list at least one hidden layer size, got "
                        + (v == null ? "nothing" : "[]"));
            }
            for (int x : v) {
                if (x <= 0 || x > 4096) {
                    throw new IllegalArgumentException(name + " sizes must be in 1..4096, got " + Arrays.toString(v));
                }
            }
        }

        private static void oneOf(String name, String v, String... allowed) {
            if (!Arrays.asList(allowed).contains(v)) {
                throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed)
                        + ", got " + (v == null ? "nothing" : "'" + v + "'"));
            }
        }

        private static void positive(String name, double v) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
            }
        }

        private static void positiveInt(String name, int v) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be a positive integer, got " + v);
            }
        }

        private static void range(String name, double v, double lo, double hi, boolean closedHigh) {
            boolean ok = v >= lo && (closedHigh ? v <= hi : v < hi);
            if (!ok) {
                throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + (closedHigh ? "]" : ")")
                        + ", got " + v);
            }
        }
    }

    /** One field: its key, the type {@link Builder#set} converts to, its getter and its setter. */
    private record Field(String key, Class<?> type, Function<AgentConfig, Object> get, BiConsumer<Builder, Object> set) {}

    /** The fields in their written order: the one list {@link #toMap}, {@link #keys} and {@link Builder#set} read. */
    private static final List<Field> FIELDS = List.of(
            new Field("algo", String.class, c -> c.algo.toString(), null),
            new Field("hidden", int[].class, AgentConfig::hidden, (b, v) -> b.hidden((int[]) v)),
            new Field("activation", String.class, AgentConfig::activation, (b, v) -> b.activation((String) v)),
            new Field("gamma", Double.class, AgentConfig::gamma, (b, v) -> b.gamma((Double) v)),
            new Field("entropy", Double.class, AgentConfig::entropy, (b, v) -> b.entropy((Double) v)),
            new Field("lr", Double.class, AgentConfig::lr, (b, v) -> b.lr((Double) v)),
            new Field("optimizer", String.class, AgentConfig::optimizer, (b, v) -> b.optimizer((String) v)),
            new Field("adamBeta2", Double.class, AgentConfig::adamBeta2, (b, v) -> b.adamBeta2((Double) v)),
            new Field("valueHidden", int[].class, AgentConfig::valueHidden, (b, v) -> b.valueHidden((int[]) v)),
            new Field("valueLr", Double.class, AgentConfig::valueLr, (b, v) -> b.valueLr((Double) v)),
            new Field("cvHidden", int[].class, AgentConfig::cvHidden, (b, v) -> b.cvHidden((int[]) v)),
            new Field("cvLr", Double.class, AgentConfig::cvLr, (b, v) -> b.cvLr((Double) v)),
            new Field("tauInit", Double.class, AgentConfig::tauInit, (b, v) -> b.tauInit((Double) v)),
            new Field("kfacLr", Double.class, AgentConfig::kfacLr, (b, v) -> b.kfacLr((Double) v)),
            new Field("kfacDamping", Double.class, AgentConfig::kfacDamping, (b, v) -> b.kfacDamping((Double) v)),
            new Field("kfacDampingForm", String.class, AgentConfig::kfacDampingForm,
                    (b, v) -> b.kfacDampingForm((String) v)),
            new Field("kfacDecay", Double.class, AgentConfig::kfacDecay, (b, v) -> b.kfacDecay((Double) v)),
            new Field("kfacKlClip", Double.class, AgentConfig::kfacKlClip, (b, v) -> b.kfacKlClip((Double) v)),
            new Field("policyKfac", Boolean.class, AgentConfig::policyKfac, (b, v) -> b.policyKfac((Boolean) v)),
            new Field("trustRegion", Double.class, AgentConfig::trustRegion, (b, v) -> b.trustRegion((Double) v)),
            new Field("batchSteps", Integer.class, AgentConfig::batchSteps, (b, v) -> b.batchSteps((Integer) v)),
            new Field("gaeLambda", Double.class, AgentConfig::gaeLambda, (b, v) -> b.gaeLambda((Double) v)),
            new Field("cvIterations", Integer.class, AgentConfig::cvIterations, (b, v) -> b.cvIterations((Integer) v)),
            new Field("logStdInit", Double.class, AgentConfig::logStdInit, (b, v) -> b.logStdInit((Double) v)),
            new Field("gradVarDecay", Double.class, AgentConfig::gradVarDecay, (b, v) -> b.gradVarDecay((Double) v)),
            new Field("cvFisher", String.class, AgentConfig::cvFisher, (b, v) -> b.cvFisher((String) v)),
            new Field("cvForm", String.class, AgentConfig::cvForm, (b, v) -> b.cvForm((String) v)),
            new Field("valueSteps", Integer.class, AgentConfig::valueSteps, (b, v) -> b.valueSteps((Integer) v)),
            new Field("valueKfac", Boolean.class, AgentConfig::valueKfac, (b, v) -> b.valueKfac((Boolean) v)),
            new Field("timeAware", Boolean.class, AgentConfig::timeAware, (b, v) -> b.timeAware((Boolean) v)),
            new Field("bootstrapTruncation", Boolean.class, AgentConfig::bootstrapTruncation,
                    (b, v) -> b.bootstrapTruncation((Boolean) v)));

    /** The field spelled {@code key} in camel, kebab or snake case. */
    private static Field field(String key) {
        String k = key == null ? "" : key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (Field f : FIELDS) {
            if (f.key().toLowerCase(Locale.ROOT).equals(k)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown key '" + key + "'; valid keys: " + String.join(", ", keys())
                + " (or their kebab-case or snake_case spellings)");
    }

    /** {@code value} converted to {@code f}'s type, or an exception naming the key, the value and the type. */
    private static Object convert(Field f, Object value) {
        Class<?> t = f.type();
        if (t == Double.class) {
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            if (value instanceof String s) {
                try {
                    return Double.parseDouble(s.trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
        } else if (t == Integer.class) {
            Integer i = wholeNumber(value instanceof String s ? s.trim() : value);
            if (i != null) {
                return i;
            }
        } else if (t == Boolean.class) {
            if (value instanceof Boolean b) {
                return b;
            }
            if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(s);
            }
        } else if (t == String.class) {
            if (value instanceof String s) {
                return s;
            }
        } else if (t == int[].class) {
            if (value instanceof int[] a) {
                return a.clone();
            }
            if (value instanceof Collection<?> c) {
                int[] a = new int[c.size()];
                int j = 0;
                for (Object o : c) {
                    Integer i = wholeNumber(o);
                    if (i == null) {
                        a = null;
                        break;
                    }
                    a[j++] = i;
                }
                if (a != null) {
                    return a;
                }
            }
        }
        String expected = t == Double.class ? "a number" : t == Integer.class ? "a whole number"
                : t == Boolean.class ? "true or false" : t == int[].class ? "a list of whole numbers" : "a string";
        throw new IllegalArgumentException(f.key() + " must be " + expected + ", got " + describe(value));
    }

    /** {@code v} as an int if it is a whole number in int range (Integer, Long, BigInteger or a numeric string). */
    private static Integer wholeNumber(Object v) {
        BigInteger b = null;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            b = BigInteger.valueOf(((Number) v).longValue());
        } else if (v instanceof BigInteger x) {
            b = x;
        } else if (v instanceof String s) {
            try {
                b = new BigInteger(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return b != null && b.bitLength() < 32 ? b.intValue() : null;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof int[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(v);
    }
}
