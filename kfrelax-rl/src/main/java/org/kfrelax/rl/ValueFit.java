package org.kfrelax.rl;

import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.kfac.FisherLoss;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.kfac.SkipListener;
import org.kfrelax.nn.Mlp;
import org.kfrelax.optim.Optimizer;
import org.kfrelax.state.TrainingState;
import org.kfrelax.random.Rng;

/**
 * A value network V(s) fitted by regression on an episode's returns: each update takes
 * {@code steps} steps on
 * <pre>
 *   L_V = mean_t (V(s_t) − R_t)²
 * </pre>
 * with the configured first-order optimizer, or with K-FAC (curvature: V's output as a
 * unit-variance Gaussian, {@link FisherLoss#gaussian}, ACKTR's critic). Used for a2c's and
 * acktr's critic and for the V of a value-plus surrogate ({@link AgentConfig#valuePlusSurrogate()}).
 */
final class ValueFit {
    private final Mlp net;
    private final Tensor[] params;
    private final Optimizer opt;
    private final Kfac kfac;
    private final int steps;
    private final Rng fisherRng;

    /**
     * @param kfac whether to take K-FAC steps (learning rate {@link AgentConfig#kfacLr()}); else
     *     {@link AgentConfig#optimizer()} at {@link AgentConfig#valueLr()}
     * @param fisherRng the generator of the Gauss-Newton noise (K-FAC only)
     * @param skips where K-FAC reports skipped updates (the agent's count and warnings)
     */
    ValueFit(Mlp net, AgentConfig config, boolean kfac, Rng fisherRng, SkipListener skips) {
        this.net = net;
        this.params = net.parameters().toArray(Tensor[]::new);
        this.steps = config.valueSteps();
        this.fisherRng = fisherRng;
        if (kfac) {
            this.kfac = KfacFactory.build(net.layers(), config.kfacLr(), config, skips);
            this.opt = this.kfac;
        } else {
            this.kfac = null;
            this.opt = Nets.optimizer(config.optimizer(), net.parameters(), config.valueLr(), config.adamBeta2());
        }
    }

    Mlp net() {
        return net;
    }

    /** The K-FAC optimizer of the value steps, or null when they are first-order steps. */
    Kfac kfac() {
        return kfac;
    }

    /** Writes the value steps' optimizer state (Adam moments or K-FAC's factors and counters) under {@code prefix}. */
    void saveState(TrainingState state, String prefix) {
        opt.saveState(state, prefix);
    }

    /** Restores what {@link #saveState} wrote. */
    void loadState(TrainingState state, String prefix) {
        opt.loadState(state, prefix);
    }

    /** V(s) for each row of {@code x}, as numbers. */
    double[] predict(Tensor x) {
        return net.forward(x).data().clone();
    }

    /** V(s) for each row of {@code x}, recorded for differentiation: can be passed to {@link #fit(Tensor, Tensor, Tensor)}. */
    Tensor forward(Tensor x) {
        return net.forward(x);
    }

    /** The configured number of regression steps on L_V towards {@code targets} (a vector, one per row of x). */
    void fit(Tensor x, Tensor targets) {
        if (steps > 0) {
            fit(x, targets, net.forward(x));
        }
    }

    /**
     * As {@link #fit(Tensor, Tensor)}, with {@code v0} = {@link #forward}(x) taken at the current
     * parameters (e.g. for the value loss before the update), so that the first step does not
     * repeat that forward pass.
     */
    void fit(Tensor x, Tensor targets, Tensor v0) {
        Tensor v = v0;
        for (int i = 0; i < steps; i++) {
            if (i > 0) {
                v = net.forward(x);
            }
            Tensor[] g = Autodiff.grad(v.flatten().sub(targets).square().mean(), params);
            if (kfac != null) {
                kfac.updateFactors(FisherLoss.gaussian(v, fisherRng));
            }
            opt.step(g);
        }
    }
}
