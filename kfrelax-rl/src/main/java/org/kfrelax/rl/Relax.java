package org.kfrelax.rl;

import java.util.Map;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Categorical;
import org.kfrelax.estimators.KfacSurrogateOptimizer;
import org.kfrelax.estimators.RelaxGradient;
import org.kfrelax.estimators.Surrogate;
import org.kfrelax.estimators.VarianceLoss;
import org.kfrelax.gym.Env;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.optim.Optimizer;

/**
 * RELAX for discrete actions, one episode per update (the method's Section 4.2), and KF-RELAX.
 * <pre>
 *   ĝ = Σ_t ∇θ log π(a_t|s_t)·[R_t − c_φ(z̃_t, s_t)] + ∇θ c_φ(z_t, s_t) − ∇θ c_φ(z̃_t, s_t)
 *   c_φ(z, s) = scale · Mlp([s, softmax(z/τ)])           (τ and scale learned with φ)
 * </pre>
 * composed from core pieces: z, z̃ from {@link Categorical} (z from the uniforms that chose the
 * actions), c_φ a {@link Surrogate#scaledSoftmax}, ĝ by {@link RelaxGradient} with R_t the
 * discounted return. The policy ascends ĝ + β Σ_t ∇θ H(π(·|s_t)). The surrogate minimizes the
 * {@link VarianceLoss} of the whole-episode estimate by double backprop.
 *
 * <p>KF-RELAX ({@link Algorithm#KF_RELAX}): the surrogate's step is a {@link KfacSurrogateOptimizer}
 * (K-FAC on its layers with curvature from {@link AgentConfig#cvFisher()}, learning rate
 * {@link AgentConfig#cvLr()}; Adam at {@link AgentConfig#lr()} for τ and scale); with
 * {@link AgentConfig#policyKfac()} the policy step is preconditioned by K-FAC too (true
 * Fisher of the policy). Either way {@link AgentConfig#trustRegion()} can cap the policy
 * step's mean KL.
 *
 * <p>Updates run through {@link RelaxEpisodeKernel} (derivatives by hand) unless the empirical
 * surrogate Fisher or policy K-FAC needs the recorded graph; both paths draw the same random
 * numbers and agree to rounding ({@code RelaxKernelTest}).
 */
final class Relax extends DiscreteAgent {
    private final Surrogate cv;
    private final Tensor[] policyParams;
    private final Tensor[] cvParams;
    private final Optimizer policyOpt;
    private final Kfac policyKfac;
    /** Adam (or the configured optimizer) on all of φ for RELAX; null for KF-RELAX. */
    private final Optimizer cvOpt;
    /** KF-RELAX's surrogate step; null for RELAX. */
    private final KfacSurrogateOptimizer cvKfac;
    /** The hand-differentiated update, used unless the empirical Fisher or policy K-FAC needs the graph. */
    private final RelaxEpisodeKernel kernel;

    Relax(Env<Integer> env, AgentConfig config, long seed) {
        this(env, config, seed, true);
    }

    /** With {@code allowKernel = false} every update goes through the graph (for tests). */
    Relax(Env<Integer> env, AgentConfig config, long seed, boolean allowKernel) {
        super(env, config, seed);
        boolean kfac = config.algo().kfac();
        this.cv = Surrogate.scaledSoftmax(Nets.mlp(obsDim + nActions, config.cvHidden(), 1, config.activation(), 1.0, rng),
                config.tauInit());
        this.policyParams = policy.parameters().toArray(Tensor[]::new);
        this.cvParams = cv.parameters().toArray(Tensor[]::new);
        if (kfac && config.policyKfac()) {
            this.policyKfac = KfacFactory.build(policy.layers(), config.kfacLr(), config);
            this.policyOpt = policyKfac;
        } else {
            this.policyKfac = null;
            this.policyOpt = Nets.optimizer(config.optimizer(), policy.parameters(), config.lr(), config.adamBeta2());
        }
        if (kfac) {
            this.cvKfac = new KfacSurrogateOptimizer(KfacSurrogateOptimizer.FisherSource.parse(config.cvFisher()), cv,
                    KfacFactory.build(cv.mlp().layers(), config.cvLr(), config),
                    Nets.optimizer("adam", cv.extraParameters(), config.lr(), config.adamBeta2()), rng);
            this.cvOpt = null;
        } else {
            this.cvKfac = null;
            this.cvOpt = Nets.optimizer(config.optimizer(), cv.parameters(), config.cvLr(), config.adamBeta2());
        }
        this.kernel = !allowKernel || config.empiricalCvFisher() || policyKfac != null ? null
                : new RelaxEpisodeKernel(policy, cv.mlp(), obsDim, nActions);
    }

    /** One episode's estimate: ĝ (a graph in φ), its policy and log π. */
    private record Estimate(Tensor x, Categorical pi, Tensor[] g) {}

    /**
     * Builds ĝ for an episode, differentiable in φ, with conditional-sample uniforms {@code v}
     * (length × nActions). With {@code record}, K-FAC records the forward passes it needs.
     */
    private Estimate estimate(EpisodeBuffer ep, Tensor v, boolean record) {
        Tensor x = ep.observations();
        int[] actions = ep.actions();
        if (record && policyKfac != null) {
            policyKfac.startRecording();
        }
        Categorical pi = new Categorical(policy.forward(x));
        Tensor z = pi.relaxed(ep.uniforms());
        Tensor zt = pi.conditional(actions, v);
        if (record && cvKfac != null) {
            cvKfac.beginRecording(cv);
        }
        Tensor cz = cv.apply(pi, x, z);
        Tensor czt = cv.apply(pi, x, zt);
        Tensor ret = Tensor.vector(Returns.discounted(ep.rewards, ep.length, config.gamma()));
        Tensor[] g = RelaxGradient.of(policyParams, pi.logProbs().gather(actions), ret, cz, czt, 1.0, true);
        return new Estimate(x, pi, g);
    }

    /** ∇θ Σ_t H(π(·|s_t)). */
    private Tensor[] entropyGradient(Categorical pi) {
        return Autodiff.grad(pi.entropy().sum(), policyParams);
    }

    /** One episode's RELAX estimate ĝ of the policy gradient (without the entropy term), as constants. */
    Tensor[] gradientEstimate(EpisodeBuffer ep) {
        return Autodiff.detach(estimate(ep, uniforms(ep.length), false).g());
    }

    /**
     * ĝ, ∇θH and ∇φ of the variance loss for an episode and conditional-sample uniforms {@code v}
     * (length × nActions), by the kernel or by the graph; changes nothing (for tests).
     */
    Tensor[][] gradients(EpisodeBuffer ep, double[] v, boolean byKernel) {
        if (byKernel) {
            RelaxEpisodeKernel k = kernel != null ? kernel : new RelaxEpisodeKernel(policy, cv.mlp(), obsDim, nActions);
            k.run(ep.obs, ep.length, ep.actions, ep.noise, v, Returns.discounted(ep.rewards, ep.length, config.gamma()),
                    cv.logTemperature().item(), cv.scale().item());
            return new Tensor[][] {Nets.constants(k.g, policyParams), Nets.constants(k.gEntropy, policyParams), Nets.constants(k.gPhi, cvParams)};
        }
        Estimate e = estimate(ep, Tensor.matrix(ep.length, nActions, v.clone()), false);
        Tensor[] gPhi = Autodiff.grad(VarianceLoss.of(e.g()), cvParams);
        return new Tensor[][] {Autodiff.detach(e.g()), entropyGradient(e.pi()), gPhi};
    }

    @Override
    protected void update(EpisodeBuffer ep) {
        if (kernel != null) {
            updateByKernel(ep);
        } else {
            updateByGraph(ep);
        }
        updates++;
    }

    /** The update through {@link RelaxEpisodeKernel}: the same steps as {@link #updateByGraph}, same random draws. */
    private void updateByKernel(EpisodeBuffer ep) {
        int n = ep.length;
        double[] v = uniforms(n).data();
        double[] ret = Returns.discounted(ep.rewards, n, config.gamma());
        kernel.run(ep.obs, n, ep.actions, ep.noise, v, ret, cv.logTemperature().item(), cv.scale().item());
        Tensor[] g = Nets.constants(kernel.g, policyParams);
        gradVariance.add(g);
        Tensor x = ep.observations();
        stepPolicy(policyOpt, PolicyGradients.lossGradient(g, Nets.constants(kernel.gEntropy, policyParams), config.entropy()),
                x, kernel.logp());
        Tensor[] gPhi = Nets.constants(kernel.gPhi, cvParams);
        if (cvKfac != null) {
            // Gauss-Newton statistics: unit-Gaussian output noise backpropagated through the
            // surrogate's rows at z then at z̃ (the draws FisherLoss.gaussian makes in the graph path)
            kernel.surrogatePass().foldGaussianFactors(cvKfac.kfac(), rng);
            cvKfac.stepWithFactorsGiven(cv, gPhi);
        } else {
            cvOpt.step(gPhi);
        }
    }

    /** The update through the autodiff graph. */
    private void updateByGraph(EpisodeBuffer ep) {
        Estimate e = estimate(ep, uniforms(ep.length), true);
        Tensor variance = VarianceLoss.of(e.g());
        Tensor[] gPhi = Autodiff.grad(variance, cvParams);
        Tensor[] g = Autodiff.detach(e.g());
        gradVariance.add(g);
        if (policyKfac != null) {
            policyKfac.updateFactors(FisherLoss.categorical(e.pi().logits(), rng));
        }
        stepPolicy(policyOpt, PolicyGradients.lossGradient(g, entropyGradient(e.pi()), config.entropy()), e.x(),
                e.pi().logProbs().data());
        if (cvKfac != null) {
            cvKfac.step(cv, gPhi, variance);
        } else {
            cvOpt.step(gPhi);
        }
    }

    /** rows × nActions fresh open-interval uniforms from the agent's generator. */
    private Tensor uniforms(int rows) {
        double[] v = new double[rows * nActions];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextOpenDouble();
        }
        return Tensor.matrix(rows, nActions, v);
    }

    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> m = super.parameters();
        m.putAll(ParamFile.named("cv", cv.mlp()));
        m.put("cv.logTau", cv.logTemperature());
        m.put("cv.scale", cv.scale());
        return m;
    }
}
