package org.kfrelax.estimators;

import java.util.ArrayList;
import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Relaxable;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Rng;

/**
 * A neural control variate c_φ: an {@link Mlp} with one output, in one of these forms:
 * <pre>
 *   c_φ(z)    = MLP(2σ_λ(z) − 1)                   relaxed discrete sample, the toy problem's form
 *   c_φ(z, s) = k · MLP([s, softmax(z/τ)])          relaxed categorical with a state s (RL policies)
 *   c_φ(a)    = MLP(a),  c_φ(a, s) = MLP([s, a])    continuous sample (LAX), optionally with a state
 *   c_φ(z, s) = V(s) + MLP([s, softmax(z/τ)])       value plus action part (RELAX's continuous-action form)
 *   c_φ(z)    = η f(σ_λ(z)) + MLP(2σ_λ(z) − 1)     REBAR's control variate plus a network (RELAX's VAE form)
 * </pre>
 * with the concrete relaxation σ_λ(z) / softmax(z/τ) of the distribution
 * ({@link Relaxable#concrete}) at a learned temperature λ = τ = exp(log λ), and a learned
 * output scale k (the RELAX paper's RL surrogate). φ = the MLP's weights, then log λ and k
 * where present.
 *
 * <p>The value-plus form ({@link #valuePlus}) splits c into a value network V(s), which does not
 * see the action and is not part of φ (its owner fits it, e.g. by regression on the returns),
 * and an action part f_φ = MLP([s, softmax(z/τ)]) whose output layer starts at zero, so c starts
 * as the fitted baseline V. In the RELAX estimate V(s_t) cancels from the pathwise terms
 * (∇θ V(s_t) = 0) and enters the score weight R_t − V(s_t) − f_φ(z̃_t, s_t) as a constant:
 * the variance gradient reaches only f_φ and τ.
 *
 * <p>The REBAR-plus form ({@link #rebarPlus}) evaluates the estimator's objective f, which must
 * then be a {@link DifferentiableObjective}, at the relaxation, scaled by a learned η (initially
 * 1): the RELAX paper's discrete-VAE surrogate (Grathwohl et al. 2018, §6.2: "c_φ(z) = f(σ_λ(z)) +
 * r_ρ(z)"; google-research's DisARM launcher: η·[ELBO(σ(z/λ)) + r([x, z])]). The MLP's output
 * layer starts at zero, so c starts as REBAR's control variate. φ = the MLP's weights, log λ, η.
 *
 * <p>The default (the method's toy problem): one hidden layer of 10 tanh units, Xavier
 * initialization, initial temperature 0.5.
 */
public final class Surrogate {
    private final Mlp mlp;
    private final Tensor logTemperature;
    private final Tensor scale;
    private final boolean centered;
    private final Mlp value;
    private final Tensor objectiveScale;
    private List<Tensor> recorded;

    /**
     * c_φ(z) = MLP(2σ_λ(z) − 1) with a scalar parameter {@code logTemperature}, or the continuous
     * c_φ(a) = MLP(a) when it is null.
     */
    public Surrogate(Mlp mlp, Tensor logTemperature) {
        this(mlp, logTemperature, null, true, null, null);
    }

    private Surrogate(Mlp mlp, Tensor logTemperature, Tensor scale, boolean centered, Mlp value) {
        this(mlp, logTemperature, scale, centered, value, null);
    }

    private Surrogate(Mlp mlp, Tensor logTemperature, Tensor scale, boolean centered, Mlp value, Tensor objectiveScale) {
        if (mlp.outputSize() != 1) {
            throw new IllegalArgumentException("a surrogate MLP needs one output, got " + mlp.outputSize());
        }
        checkScalarParam(logTemperature, "log-temperature");
        checkScalarParam(scale, "scale");
        this.mlp = mlp;
        this.logTemperature = logTemperature;
        this.scale = scale;
        this.centered = centered;
        this.value = value;
        this.objectiveScale = objectiveScale;
        if (value != null && value.outputSize() != 1) {
            throw new IllegalArgumentException("a surrogate's value network needs one output, got " + value.outputSize());
        }
    }

    private static void checkScalarParam(Tensor p, String what) {
        if (p != null && (p.size() != 1 || !p.requiresGrad())) {
            throw new IllegalArgumentException(what + " must be a scalar parameter, got " + p.shape());
        }
    }

    /** The default relaxed surrogate for {@code dim} inputs: dim → hidden tanh → 1, temperature 0.5. */
    public static Surrogate relaxed(int dim, int hidden, Rng rng) {
        return new Surrogate(Mlp.create(new int[] {dim, hidden, 1}, Activation.TANH, rng), Tensor.param(Math.log(0.5)));
    }

    /** The default continuous surrogate for {@code dim} inputs: dim → hidden tanh → 1. */
    public static Surrogate continuous(int dim, int hidden, Rng rng) {
        return new Surrogate(Mlp.create(new int[] {dim, hidden, 1}, Activation.TANH, rng), null);
    }

    /**
     * c_φ(z, s) = k · MLP([s, softmax(z/τ)]) over {@code mlp} (inputs: the state's, then one per
     * class), with learned τ (initially {@code temperature}) and k (initially 1).
     */
    public static Surrogate scaledSoftmax(Mlp mlp, double temperature) {
        Support.checkTemperature(temperature, "surrogate");
        return new Surrogate(mlp, Tensor.param(Math.log(temperature)), Tensor.param(1.0), false, null);
    }

    /**
     * c_φ(z, s) = V(s) + f_φ(z, s), f_φ = {@code action}([s, softmax(z/τ)]) with learned τ
     * (initially {@code temperature}); {@code value} takes the states alone. The action part's
     * output layer is set to zero here (so c = V at the start); V is not among
     * {@link #parameters()} and is treated as a constant in c's graph.
     */
    public static Surrogate valuePlus(Mlp value, Mlp action, double temperature) {
        Support.checkTemperature(temperature, "surrogate");
        if (value == null || action == null) {
            throw new IllegalArgumentException("a value-plus surrogate needs a value and an action network");
        }
        List<Tensor> ps = action.parameters();
        java.util.Arrays.fill(ps.get(ps.size() - 2).data(), 0.0);
        java.util.Arrays.fill(ps.get(ps.size() - 1).data(), 0.0);
        return new Surrogate(action, Tensor.param(Math.log(temperature)), null, false, value);
    }

    /**
     * c_φ(z) = η f(σ_λ(z)) + {@code mlp}(2σ_λ(z) − 1), with learned λ (initially
     * {@code temperature}) and η (initially 1); the MLP's output layer is set to zero here.
     */
    public static Surrogate rebarPlus(Mlp mlp, double temperature) {
        Support.checkTemperature(temperature, "surrogate");
        List<Tensor> ps = mlp.parameters();
        java.util.Arrays.fill(ps.get(ps.size() - 2).data(), 0.0);
        java.util.Arrays.fill(ps.get(ps.size() - 1).data(), 0.0);
        return new Surrogate(mlp, Tensor.param(Math.log(temperature)), null, true, null, Tensor.param(1.0));
    }

    /** Whether c evaluates the estimator's objective (the REBAR-plus form). */
    public boolean usesObjective() {
        return objectiveScale != null;
    }

    /** η of the REBAR-plus form (NaN for the other forms). */
    public double objectiveScale() {
        return objectiveScale == null ? Double.NaN : objectiveScale.item();
    }

    /** The value network V(s) of a value-plus surrogate, or null. */
    public Mlp value() {
        return value;
    }

    public Mlp mlp() {
        return mlp;
    }

    /** The log-temperature parameter, or null for a continuous surrogate. */
    public Tensor logTemperature() {
        return logTemperature;
    }

    /** The output scale parameter k, or null if the surrogate has none. */
    public Tensor scale() {
        return scale;
    }

    /** λ = exp(log λ) (NaN for a continuous surrogate). */
    public double temperature() {
        return logTemperature == null ? Double.NaN : Math.exp(logTemperature.item());
    }

    /** Whether this is the toy problem's form c(z) = MLP(2σ_λ(z) − 1) (no scale; inputs centred). */
    boolean isCenteredRelaxed() {
        return logTemperature != null && scale == null && centered && objectiveScale == null;
    }

    /** MLP parameters (w0, b0, w1, b1, ...), then the log-temperature and the scale if any. */
    public List<Tensor> parameters() {
        List<Tensor> ps = new ArrayList<>(mlp.parameters());
        ps.addAll(extraParameters());
        return ps;
    }

    /** The parameters besides the MLP's: log-temperature, then scale, then η (those present). */
    public List<Tensor> extraParameters() {
        List<Tensor> ps = new ArrayList<>(3);
        if (logTemperature != null) {
            ps.add(logTemperature);
        }
        if (scale != null) {
            ps.add(scale);
        }
        if (objectiveScale != null) {
            ps.add(objectiveScale);
        }
        return ps;
    }

    /** c_φ(z) for each row of z: a vector. */
    public Tensor apply(Relaxable dist, Tensor z) {
        return apply(dist, null, z);
    }

    /** c_φ(z, s) for each row of z and of the states {@code s} (null: no state input): a vector. */
    public Tensor apply(Relaxable dist, Tensor s, Tensor z) {
        if (objectiveScale != null) {
            throw new IllegalStateException("this surrogate evaluates the objective: use apply(dist, z, f)");
        }
        if (logTemperature == null) {
            throw new IllegalStateException("this surrogate has no temperature: it takes continuous samples");
        }
        Tensor x = dist.concrete(z, logTemperature.exp());
        return evaluate(s, centered ? x.mul(2.0).sub(1.0) : x);
    }

    /**
     * c_φ(z) for each row of z, for an estimator of E[f]: with the REBAR-plus form
     * η f(σ_λ(z)) + MLP(2σ_λ(z) − 1) ({@code f} must be a {@link DifferentiableObjective}), else
     * {@link #apply(Relaxable, Tensor)} ({@code f} unused).
     */
    public Tensor apply(Relaxable dist, Tensor z, Objective f) {
        if (objectiveScale == null) {
            return apply(dist, z);
        }
        DifferentiableObjective df = DifferentiableObjective.require(f, "a REBAR-plus surrogate");
        Tensor x = dist.concrete(z, logTemperature.exp());
        return evaluate(null, x.mul(2.0).sub(1.0)).add(df.apply(x).mul(objectiveScale));
    }

    /** c_φ(a) for each row of a: a vector. */
    public Tensor apply(Tensor a) {
        return apply((Tensor) null, a);
    }

    /** c_φ(a, s) = MLP([s, a]) for each row ({@code s} null: no state input): a vector. */
    public Tensor apply(Tensor s, Tensor a) {
        return evaluate(s, a);
    }

    private Tensor evaluate(Tensor s, Tensor x) {
        Tensor in = s == null ? x : Tensor.concatCols(s, x);
        checkInput(in);
        Tensor y = mlp.forward(in);
        if (recorded != null) {
            recorded.add(y);
        }
        Tensor c = y.flatten();
        if (value != null) {
            if (s == null) {
                throw new IllegalArgumentException("a value-plus surrogate needs the states");
            }
            return c.add(value.forward(s).flatten().detach());
        }
        return scale == null ? c : c.mul(scale);
    }

    /** Starts recording the MLP outputs (batch×1, before the scale) of every call, for Fisher losses; clears old records. */
    public void startRecording() {
        recorded = new ArrayList<>();
    }

    /** The outputs recorded so far, in call order (empty when not recording); recording goes on. */
    public List<Tensor> recordedSoFar() {
        return recorded == null ? List.of() : List.copyOf(recorded);
    }

    /** Stops recording; returns the recorded outputs in call order. */
    public List<Tensor> stopRecording() {
        List<Tensor> r = recorded == null ? List.of() : recorded;
        recorded = null;
        return r;
    }

    private void checkInput(Tensor x) {
        if (x.cols() != mlp.inputSize()) {
            throw new IllegalArgumentException("surrogate takes " + mlp.inputSize() + " inputs per sample, got shape "
                    + x.shape());
        }
    }
}
