package org.kfrelax.vae;

import java.util.ArrayList;
import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.estimators.DifferentiableObjective;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Rng;

/**
 * A variational autoencoder with binary latents, the gradient estimators' standard benchmark
 * (ARM, DisARM, RELAX, REBAR): K Bernoulli latents b with a uniform prior p(b) = 2^−K, a
 * Bernoulli decoder p(x|b) = Π_k Bernoulli(x_k; σ(D(b)_k)) over the D pixels and a Bernoulli
 * encoder q(b|x) = Π_j Bernoulli(b_j; σ(E(x)_j)). For one data point x
 * <pre>
 *   f(b) = log p(x|b) + log p(b) − log q(b|x),      ELBO(x) = E_{q(b|x)}[f(b)] ≤ log p(x),
 *   log p(x|b) = Σ_k x_k D(b)_k − softplus(D(b)_k),  log q(b|x) = Σ_j b_j E(x)_j − softplus(E(x)_j),
 * </pre>
 * and the K-sample importance-weighted bound (Burda et al. 2016)
 * IW_S(x) = log (1/S) Σ_s exp f(b_s), b_s ~ q(b|x), with ELBO ≤ IW_S ≤ log p(x).
 *
 * <p>The two architectures of google-research's DisARM launcher
 * ({@code disarm/binary/experiment_launcher_singlelayer.py}): {@link Kind#LINEAR} (E and D one
 * affine layer each, D→K and K→D) and {@link Kind#NONLINEAR} (E: D→200→200→K, D: K→200→200→D,
 * LeakyReLU 0.3 between the layers); Glorot-uniform weights (Keras's default), zero biases.
 *
 * <p>The estimators see −f as a black box ({@link #loss}): log q enters with the encoder's logits
 * held constant, so the score-function and pathwise terms they form are the whole encoder
 * gradient (the direct term E_q[∇ log q(b|x)] is zero).
 */
public final class DiscreteVae {
    /** The architecture. */
    public enum Kind {
        LINEAR, NONLINEAR;

        /** {@code linear} or {@code nonlinear}. */
        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.toString().equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown model '" + s + "', expected linear or nonlinear");
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Hidden width of the nonlinear model (DisARM's launcher: 200). */
    public static final int HIDDEN = 200;

    private final Kind kind;
    private final Mlp encoder;
    private final Mlp decoder;
    private final double logPrior;

    private DiscreteVae(Kind kind, Mlp encoder, Mlp decoder) {
        this.kind = kind;
        this.encoder = encoder;
        this.decoder = decoder;
        this.logPrior = -encoder.outputSize() * Math.log(2);
    }

    /**
     * A model of {@code kind} for {@code pixels} binary pixels and {@code latents} latents, its weights
     * drawn from {@code init} (encoder first, then decoder).
     */
    public static DiscreteVae create(Kind kind, int pixels, int latents, Rng init) {
        if (pixels <= 0 || latents <= 0) {
            throw new IllegalArgumentException("pixels and latents must be positive, got " + pixels + " and " + latents);
        }
        int[] enc = kind == Kind.LINEAR ? new int[] {pixels, latents} : new int[] {pixels, HIDDEN, HIDDEN, latents};
        int[] dec = kind == Kind.LINEAR ? new int[] {latents, pixels} : new int[] {latents, HIDDEN, HIDDEN, pixels};
        Mlp e = Mlp.create(enc, Activation.LEAKY_RELU, init);
        Mlp d = Mlp.create(dec, Activation.LEAKY_RELU, init);
        return new DiscreteVae(kind, e, d);
    }

    /** A model with the given networks (their sizes must chain: pixels → latents → pixels). */
    public static DiscreteVae of(Kind kind, Mlp encoder, Mlp decoder) {
        if (encoder.outputSize() != decoder.inputSize() || decoder.outputSize() != encoder.inputSize()) {
            throw new IllegalArgumentException("encoder " + encoder.inputSize() + "->" + encoder.outputSize() + " and decoder "
                    + decoder.inputSize() + "->" + decoder.outputSize() + " do not form an autoencoder");
        }
        return new DiscreteVae(kind, encoder, decoder);
    }

    public Kind kind() {
        return kind;
    }

    public Mlp encoder() {
        return encoder;
    }

    public Mlp decoder() {
        return decoder;
    }

    /** D, the pixels per data point. */
    public int pixels() {
        return encoder.inputSize();
    }

    /** K, the latents. */
    public int latents() {
        return encoder.outputSize();
    }

    /** The encoder's parameters (what the gradient estimators differentiate), layer by layer. */
    public Tensor[] encoderParameters() {
        return encoder.parameters().toArray(new Tensor[0]);
    }

    /** The decoder's parameters, layer by layer. */
    public Tensor[] decoderParameters() {
        return decoder.parameters().toArray(new Tensor[0]);
    }

    /** E(x), the encoder logits of every row of {@code x} (a graph in the encoder's parameters). */
    public Tensor encoderLogits(Tensor x) {
        checkCols(x, pixels(), "data x");
        return encoder.forward(x);
    }

    /** log p(x_i|b_i) per row (a graph in b and the decoder's parameters); rows of x and b paired. */
    public Tensor logLikelihood(Tensor x, Tensor b) {
        checkCols(b, latents(), "latents b");
        checkCols(x, pixels(), "data x");
        if (x.rows() != b.rows()) {
            throw new IllegalArgumentException("data x has " + x.rows() + " rows but latents b have " + b.rows());
        }
        Tensor d = decoder.forward(b);
        return x.mul(d).sub(d.softplus()).sum(1);
    }

    /** log p(b) = −K log 2 for any b (uniform prior). */
    public double logPrior() {
        return logPrior;
    }

    /** log q(b_i|x_i) per row for encoder logits ℓ (rows paired): Σ_j b_j ℓ_j − softplus(ℓ_j). */
    public static Tensor logPosterior(Tensor logits, Tensor b) {
        return b.mul(logits).sub(logits.softplus()).sum(1);
    }

    /**
     * The estimators' objective for a batch: −f(b_i) = −[log p(x_i|b_i) + log p(b) − log q(b_i|x_i)]
     * with row i of any sample matrix paired with data row i, q's logits {@code logits} held
     * constant. Differentiable in b (for the relaxation-based estimators); a single row alone has no
     * data point and is refused.
     */
    public DifferentiableObjective loss(Tensor x, Tensor logits) {
        Tensor data = x.detach();
        Tensor l = logits.detach();
        if (l.rows() != data.rows() || l.cols() != latents()) {
            throw new IllegalArgumentException("logits " + l.shape() + " do not match " + data.rows() + " data rows and "
                    + latents() + " latents");
        }
        return new DifferentiableObjective() {
            @Override
            public Tensor apply(Tensor b) {
                if (b.rows() != data.rows()) {
                    throw new IllegalArgumentException("the VAE objective pairs sample row i with data row i: got "
                            + b.rows() + " sample rows for " + data.rows() + " data rows");
                }
                return logPosterior(l, b).sub(logLikelihood(data, b)).sub(logPrior);
            }

            @Override
            public double[] values(Tensor b) {
                return apply(b.detach()).detach().data();
            }
        };
    }

    /**
     * The importance-weighted bound IW_S of every row of {@code x} with S = {@code samples}
     * draws from q (S = 1: a one-sample ELBO estimate); no graph is kept.
     */
    public double[] importanceWeightedBound(Tensor x, int samples, Rng rng) {
        if (samples <= 0) {
            throw new IllegalArgumentException("importance samples must be positive, got " + samples);
        }
        Tensor data = x.detach();
        Tensor logits = encoderLogits(data).detach();
        double[] l = logits.data();
        int n = data.rows();
        int k = latents();
        double[][] f = new double[samples][];
        for (int s = 0; s < samples; s++) {
            double[] b = new double[n * k];
            for (int i = 0; i < b.length; i++) {
                b[i] = rng.nextDouble() < 1 / (1 + Math.exp(-l[i])) ? 1 : 0;
            }
            Tensor bt = Tensor.matrix(n, k, b);
            Tensor v = logLikelihood(data, bt).add(logPrior).sub(logPosterior(logits, bt)).detach();
            f[s] = v.data();
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < samples; s++) {
                max = Math.max(max, f[s][i]);
            }
            double sum = 0;
            for (int s = 0; s < samples; s++) {
                sum += Math.exp(f[s][i] - max);
            }
            out[i] = max + Math.log(sum / samples);
        }
        return out;
    }

    /**
     * The ELBO of one data point by enumerating all 2^K latent vectors, exactly; for tests and
     * small models (K ≤ 16).
     */
    public double exactElbo(double[] x) {
        int k = latents();
        if (k > 16) {
            throw new IllegalArgumentException("exact enumeration needs at most 16 latents, the model has " + k);
        }
        Tensor data = Tensor.matrix(1, x.length, x);
        double[] l = encoderLogits(data).detach().data();
        double elbo = 0;
        for (int m = 0; m < 1 << k; m++) {
            double[] b = new double[k];
            double logQ = 0;
            for (int j = 0; j < k; j++) {
                b[j] = (m >> j) & 1;
                logQ += b[j] == 1 ? -Math.log1p(Math.exp(-l[j])) : -Math.log1p(Math.exp(l[j]));
            }
            double logPx = logLikelihood(data, Tensor.matrix(1, k, b)).detach().item();
            elbo += Math.exp(logQ) * (logPx + logPrior - logQ);
        }
        return elbo;
    }

    /** The encoder's then the decoder's parameters, for saving (names {@code encoder.i.weight} ...). */
    public List<Tensor> parameters() {
        List<Tensor> ps = new ArrayList<>(encoder.parameters());
        ps.addAll(decoder.parameters());
        return ps;
    }

    private static void checkCols(Tensor t, int cols, String what) {
        if (t.rank() != 2 || t.cols() != cols) {
            throw new IllegalArgumentException(what + " must be a matrix with " + cols + " columns, got " + t.shape());
        }
    }
}
