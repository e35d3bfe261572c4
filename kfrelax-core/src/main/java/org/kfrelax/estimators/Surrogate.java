package org.kfrelax.estimators;

import java.util.ArrayList;
import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Relaxable;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Rng;

/**
 * A neural control variate c_φ: an {@link Mlp} with one output, applied either to the
 * relaxed sample of a discrete distribution through its concrete relaxation,
 * c_φ(z) = MLP(2σ_λ(z) − 1) with a learned temperature λ = exp(log λ), or directly to a
 * continuous sample, c_φ(a) = MLP(a).
 *
 * <p>The default (the method's toy problem): one hidden layer of 10 tanh units, Xavier
 * initialization, initial temperature 0.5.
 */
public final class Surrogate {
    private final Mlp mlp;
    private final Tensor logTemperature;
    private List<Tensor> recorded;

    /** A surrogate over {@code mlp}; {@code logTemperature} is a scalar parameter, or null for continuous inputs. */
    public Surrogate(Mlp mlp, Tensor logTemperature) {
        if (mlp.outputSize() != 1) {
            throw new IllegalArgumentException("a surrogate MLP needs one output, got " + mlp.outputSize());
        }
        if (logTemperature != null && (logTemperature.size() != 1 || !logTemperature.requiresGrad())) {
            throw new IllegalArgumentException("log-temperature must be a scalar parameter, got " + logTemperature.shape());
        }
        this.mlp = mlp;
        this.logTemperature = logTemperature;
    }

    /** The default relaxed surrogate for {@code dim} inputs: dim → hidden tanh → 1, temperature 0.5. */
    public static Surrogate relaxed(int dim, int hidden, Rng rng) {
        return new Surrogate(Mlp.create(new int[] {dim, hidden, 1}, Activation.TANH, rng), Tensor.param(Math.log(0.5)));
    }

    /** The default continuous surrogate for {@code dim} inputs: dim → hidden tanh → 1. */
    public static Surrogate continuous(int dim, int hidden, Rng rng) {
        return new Surrogate(Mlp.create(new int[] {dim, hidden, 1}, Activation.TANH, rng), null);
    }

    public Mlp mlp() {
        return mlp;
    }

    /** The log-temperature parameter, or null for a continuous surrogate. */
    public Tensor logTemperature() {
        return logTemperature;
    }

    /** λ = exp(log λ) (NaN for a continuous surrogate). */
    public double temperature() {
        return logTemperature == null ? Double.NaN : Math.exp(logTemperature.item());
    }

    /** MLP parameters (w0, b0, w1, b1, ...), then the log-temperature if any. */
    public List<Tensor> parameters() {
        List<Tensor> ps = new ArrayList<>(mlp.parameters());
        if (logTemperature != null) {
            ps.add(logTemperature);
        }
        return ps;
    }

    /** c_φ(z) = MLP(2σ_λ(z) − 1) for each row of z: a vector. */
    public Tensor apply(Relaxable dist, Tensor z) {
        if (logTemperature == null) {
            throw new IllegalStateException("this surrogate has no temperature: it takes continuous samples");
        }
        checkInput(z);
        return output(mlp.forward(dist.concrete(z, logTemperature.exp()).mul(2.0).sub(1.0)));
    }

    /** c_φ(a) = MLP(a) for each row of a: a vector. */
    public Tensor apply(Tensor a) {
        checkInput(a);
        return output(mlp.forward(a));
    }

    /** Starts recording the MLP outputs (batch×1) of every call, for Fisher losses; clears old records. */
    public void startRecording() {
        recorded = new ArrayList<>();
    }

    /** Stops recording; returns the recorded outputs in call order. */
    public List<Tensor> stopRecording() {
        List<Tensor> r = recorded == null ? List.of() : recorded;
        recorded = null;
        return r;
    }

    private Tensor output(Tensor y) {
        if (recorded != null) {
            recorded.add(y);
        }
        return y.flatten();
    }

    private void checkInput(Tensor x) {
        if (x.cols() != mlp.inputSize()) {
            throw new IllegalArgumentException("surrogate takes " + mlp.inputSize() + " inputs per sample, got shape "
                    + x.shape());
        }
    }
}
