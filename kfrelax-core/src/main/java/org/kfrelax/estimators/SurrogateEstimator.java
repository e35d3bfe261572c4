package org.kfrelax.estimators;

import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.state.Stateful;
import org.kfrelax.state.TrainingState;

/**
 * What LAX, discrete LAX and RELAX share: a neural control variate c_φ ({@link Surrogate})
 * trained to minimize the variance of the estimate by a {@link SurrogateOptimizer} (Adam, or
 * K-FAC for the KF- variants). Each subclass writes its own estimate (and its formula); this
 * class starts the optimizer's recording, keeps the graph of the last estimate ĝ for
 * the optimizer, and takes the step in {@link #update}.
 */
abstract class SurrogateEstimator implements Estimator, Stateful {
    private final String name;
    final Surrogate surrogate;
    final SurrogateOptimizer optimizer;
    private Tensor[] lastEstimateGraph;

    SurrogateEstimator(String name, Surrogate surrogate, SurrogateOptimizer optimizer) {
        this.name = name;
        this.surrogate = surrogate;
        this.optimizer = optimizer;
    }

    public Surrogate surrogate() {
        return surrogate;
    }

    /** How the surrogate is trained (e.g. a {@link KfacSurrogateOptimizer} for the KF- variants). */
    public SurrogateOptimizer optimizer() {
        return optimizer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUnbiased() {
        return true;
    }

    @Override
    public List<Tensor> parameters() {
        return surrogate.parameters();
    }

    /** Lets the optimizer record the surrogate's forward passes of an estimate that will train it. */
    void beginRecording(boolean varianceGradient) {
        if (varianceGradient) {
            optimizer.beginRecording(surrogate);
        }
    }

    /** ĝ = ∇θ obj and, if asked, the variance gradient in φ ({@link Support#finish}); keeps ĝ's graph. */
    Estimate finish(Tensor obj, Tensor[] theta, boolean varianceGradient, double meanF) {
        return keep(Support.finish(obj, theta, surrogate.parameters(), varianceGradient, meanF));
    }

    /** The estimate ĝ (a graph in φ if asked) and its variance gradient in φ ({@link Support#finishGradient}). */
    Estimate finishGradient(Tensor[] g, boolean varianceGradient, double meanF) {
        return keep(Support.finishGradient(g, surrogate.parameters(), varianceGradient, meanF));
    }

    private Estimate keep(Support.Graded r) {
        lastEstimateGraph = r.estimateGraph();
        return r.estimate();
    }

    /** Forgets the estimate graph, for an estimate computed without the graph. */
    void clearEstimateGraph() {
        lastEstimateGraph = null;
    }

    @Override
    public void update(Estimate estimate) {
        Support.checkTrainable(estimate, name);
        optimizer.step(surrogate, estimate.varianceGradient(), lastEstimateGraph);
        lastEstimateGraph = null;
    }

    /**
     * The optimizer's state (Adam's moments, or K-FAC's factors, inverses and counters) under
     * {@code prefix.optimizer}; the surrogate's parameters are the caller's to save with the
     * other parameters ({@link #parameters()}).
     */
    @Override
    public void saveState(TrainingState state, String prefix) {
        optimizer.saveState(surrogate, state, prefix + ".optimizer");
    }

    @Override
    public void loadState(TrainingState state, String prefix) {
        optimizer.loadState(surrogate, state, prefix + ".optimizer");
    }
}
