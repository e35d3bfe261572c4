package org.kfrelax.rl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Categorical;
import org.kfrelax.gym.Env;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.nn.Mlp;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.optim.Optimizer;

/**
 * RELAX for discrete actions, one episode per update (the method's Section 4.2), and KF-RELAX.
 * <pre>
 *   ĝ = Σ_t ∇θ log π(a_t|s_t)·[R_t − c_φ(z̃_t, s_t)] + ∇θ c_φ(z_t, s_t) − ∇θ c_φ(z̃_t, s_t)
 *   c_φ(z, s) = scale · Mlp([s, softmax(z/τ)])           (τ and scale learned with φ)
 * </pre>
 * with R_t the discounted return, z, z̃ from {@link Categorical}. The policy ascends
 * ĝ + β Σ_t ∇θ H(π(·|s_t)). The surrogate minimizes the variance of the whole-episode
 * estimate: since E[ĝ] does not depend on φ, ∇φ Var = ∇φ mean_j ĝ_j², computed by double
 * backprop (ĝ is built with {@code createGraph=true}).
 *
 * <p>KF-RELAX ({@code kfac = true}): the surrogate network's layers take K-FAC steps (factors
 * from the Gauss-Newton Fisher of its output treated as a unit-variance Gaussian, i.e. its
 * regression Fisher; learning rate {@link AgentConfig#cvLr()}), τ and scale take Adam steps
 * (learning rate {@link AgentConfig#lr()});
 * with {@link AgentConfig#policyKfac()} the policy step is preconditioned by K-FAC too (true
 * Fisher of the policy). Either way {@link AgentConfig#trustRegion()} can cap the policy
 * step's mean KL.
 *
 * <p>Updates run through {@link RelaxEpisodeKernel} (derivatives by hand, several times
 * faster) unless the empirical surrogate Fisher or policy K-FAC needs the recorded graph;
 * both paths draw the same random numbers and agree to rounding ({@code RelaxKernelTest}).
 */
final class Relax extends DiscreteAgent {
    private final Mlp cv;
    private final Tensor logTau;
    private final Tensor scale;
    private final Tensor[] policyParams;
    private final Tensor[] cvParams;
    private final Optimizer policyOpt;
    private final Kfac policyKfac;
    private final Optimizer cvOpt;
    private final Kfac cvKfac;
    private final Optimizer cvExtraOpt;
    /** The hand-differentiated update, used unless the empirical Fisher or policy K-FAC needs the graph. */
    private final RelaxEpisodeKernel kernel;

    Relax(Env<Integer> env, AgentConfig config, long seed, boolean kfac) {
        this(env, config, seed, kfac, true);
    }

    /** With {@code allowKernel = false} every update goes through the graph (for tests). */
    Relax(Env<Integer> env, AgentConfig config, long seed, boolean kfac, boolean allowKernel) {
        super(env, config, seed);
        this.cv = Nets.mlp(obsDim + nActions, config.cvHidden(), 1, config.activation(), 1.0, rng);
        this.logTau = Tensor.param(Math.log(config.tauInit()));
        this.scale = Tensor.param(1.0);
        this.policyParams = policy.parameters().toArray(Tensor[]::new);
        List<Tensor> phi = new ArrayList<>(cv.parameters());
        phi.add(logTau);
        phi.add(scale);
        this.cvParams = phi.toArray(Tensor[]::new);
        if (kfac && config.policyKfac()) {
            this.policyKfac = KfacFactory.build(policy.layers(), config.kfacLr(), config);
            this.policyOpt = policyKfac;
        } else {
            this.policyKfac = null;
            this.policyOpt = Nets.optimizer(config.optimizer(), policy.parameters(), config.lr(), config.adamBeta2());
        }
        if (kfac) {
            this.cvKfac = KfacFactory.build(cv.layers(), config.cvLr(), config);
            this.cvOpt = null;
            this.cvExtraOpt = Nets.optimizer("adam", List.of(logTau, scale), config.lr(), config.adamBeta2());
        } else {
            this.cvKfac = null;
            this.cvOpt = Nets.optimizer(config.optimizer(), phi, config.cvLr(), config.adamBeta2());
            this.cvExtraOpt = null;
        }
        this.kernel = !allowKernel || config.empiricalCvFisher() || policyKfac != null ? null
                : new RelaxEpisodeKernel(policy, cv, obsDim, nActions);
    }

    /** c_φ(z, s) for every row: scale · Mlp([s, softmax(z/τ)]), a vector; the raw Mlp outputs go to {@code raw}. */
    private Tensor surrogate(Tensor x, Tensor z, List<Tensor> raw) {
        Tensor relaxed = z.mul(logTau.neg().exp()).softmax();
        Tensor out = cv.forward(Tensor.concatCols(x, relaxed));
        raw.add(out);
        return out.flatten().mul(scale);
    }

    /** The pieces of one episode's estimate that the update needs. */
    private record Estimate(Tensor x, Tensor logits, Tensor logp, Tensor[] g, List<Tensor> raw) {}

    /**
     * Builds ĝ for an episode as a graph differentiable in φ. With {@code record}, the
     * surrogate's (and, for policy K-FAC, the policy's) forward passes are recorded for K-FAC.
     */
    private Estimate estimate(EpisodeBuffer ep, Tensor v, boolean record) {
        int n = ep.length;
        int[] actions = ep.actions();
        Tensor x = ep.observations();
        if (record && policyKfac != null) {
            policyKfac.startRecording();
        }
        Tensor logits = policy.forward(x);
        Categorical pi = new Categorical(logits);
        Tensor logp = pi.logProbs();
        Tensor logpa = logp.gather(actions);
        Tensor z = pi.relaxed(ep.uniforms());
        Tensor zt = pi.conditional(actions, v);
        if (record && cvKfac != null) {
            cvKfac.startRecording();
        }
        List<Tensor> raw = new ArrayList<>(2);
        Tensor cz = surrogate(x, z, raw);
        Tensor czt = surrogate(x, zt, raw);
        Tensor ret = Tensor.vector(Returns.discounted(ep.rewards, n, config.gamma()));
        Tensor weight = ret.sub(czt);
        // ĝ = Σ_t weight_t ∇θ log π(a_t|s_t) + ∇θ Σ_t [c(z_t) − c(z̃_t)], differentiable in φ
        Tensor[] g = Autodiff.grad(new Tensor[] {logpa, cz.sum().sub(czt.sum())}, policyParams,
                new Tensor[] {weight, null}, true);
        return new Estimate(x, logits, logp, g, raw);
    }

    /** One episode's RELAX estimate ĝ of the policy gradient (without the entropy term), as constants. */
    Tensor[] gradientEstimate(EpisodeBuffer ep) {
        return Autodiff.detach(estimate(ep, uniforms(ep.length), false).g());
    }

    /**
     * ĝ, ∇θH and ∇φ mean_j ĝ_j² for an episode and conditional-sample uniforms {@code v}
     * (length × nActions), by the kernel or by the graph; changes nothing (for tests).
     */
    Tensor[][] gradients(EpisodeBuffer ep, double[] v, boolean byKernel) {
        if (byKernel) {
            RelaxEpisodeKernel k = kernel != null ? kernel : new RelaxEpisodeKernel(policy, cv, obsDim, nActions);
            k.run(ep.obs, ep.length, ep.actions, ep.noise, v, Returns.discounted(ep.rewards, ep.length, config.gamma()),
                    logTau.item(), scale.item());
            return new Tensor[][] {Nets.constants(k.g, policyParams), Nets.constants(k.gEntropy, policyParams), Nets.constants(k.gPhi, cvParams)};
        }
        Estimate e = estimate(ep, Tensor.matrix(ep.length, nActions, v.clone()), false);
        Tensor[] gPhi = Autodiff.grad(meanSquare(e.g()), cvParams);
        Tensor logp = e.logp();
        Tensor[] gEnt = Autodiff.grad(logp.exp().mul(logp).sum().neg(), policyParams);
        return new Tensor[][] {Autodiff.detach(e.g()), gEnt, gPhi};
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
        kernel.run(ep.obs, n, ep.actions, ep.noise, v, ret, logTau.item(), scale.item());
        Tensor[] g = Nets.constants(kernel.g, policyParams);
        gradVariance.add(g);
        Tensor x = ep.observations();
        stepPolicy(policyOpt, PolicyGradients.lossGradient(g, Nets.constants(kernel.gEntropy, policyParams), config.entropy()),
                x, kernel.logp());
        Tensor[] gPhi = Nets.constants(kernel.gPhi, cvParams);
        if (cvKfac != null) {
            // Gauss-Newton statistics: unit-Gaussian output noise backpropagated through the
            // surrogate's rows at z then at z̃ (the draws FisherLoss.gaussian makes in the graph path)
            kernel.surrogatePass().foldGaussianFactors(cvKfac, rng);
            stepSurrogate(gPhi);
        } else {
            cvOpt.step(gPhi);
        }
    }

    /** K-FAC step for the surrogate's layers, Adam for log τ and scale. */
    private void stepSurrogate(Tensor[] gPhi) {
        int layerParams = cv.parameters().size();
        Tensor[] gLayers = new Tensor[layerParams];
        System.arraycopy(gPhi, 0, gLayers, 0, layerParams);
        cvKfac.step(gLayers);
        cvExtraOpt.step(new Tensor[] {gPhi[layerParams], gPhi[layerParams + 1]});
    }

    /** The update through the autodiff graph (the reference the kernel is tested against). */
    private void updateByGraph(EpisodeBuffer ep) {
        Estimate e = estimate(ep, uniforms(ep.length), true);
        Tensor[] g = e.g();
        Tensor logp = e.logp();
        Tensor variance = meanSquare(g);
        Tensor[] gPhi = Autodiff.grad(variance, cvParams);
        Tensor entropy = logp.exp().mul(logp).sum().neg();
        Tensor[] gEnt = Autodiff.grad(entropy, policyParams);
        Tensor[] gValue = Autodiff.detach(g);
        gradVariance.add(gValue);
        if (policyKfac != null) {
            policyKfac.updateFactors(FisherLoss.categorical(e.logits(), rng));
        }
        stepPolicy(policyOpt, PolicyGradients.lossGradient(gValue, gEnt, config.entropy()), e.x(), logp.data());
        if (cvKfac != null) {
            if (config.empiricalCvFisher()) {
                // curvature from the variance loss's own gradients at the layers' pre-activations
                Tensor[] gLayers = cvKfac.gradientsAndFactors(variance);
                System.arraycopy(gLayers, 0, gPhi, 0, gLayers.length);
            } else {
                List<Tensor> raw = e.raw();
                cvKfac.updateFactors(FisherLoss.gaussian(raw.get(0), rng).add(FisherLoss.gaussian(raw.get(1), rng)));
            }
            stepSurrogate(gPhi);
        } else {
            cvOpt.step(gPhi);
        }
    }

    /** mean over all components of Σ_j ĝ_j² (a differentiable scalar). */
    private static Tensor meanSquare(Tensor[] g) {
        Tensor s = null;
        int count = 0;
        for (Tensor t : g) {
            Tensor sq = t.square().sum();
            s = s == null ? sq : s.add(sq);
            count += t.size();
        }
        return s.div(count);
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
        m.putAll(ParamFile.named("cv", cv));
        m.put("cv.logTau", logTau);
        m.put("cv.scale", scale);
        return m;
    }
}
