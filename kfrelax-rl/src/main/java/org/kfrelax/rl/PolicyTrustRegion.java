package org.kfrelax.rl;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.optim.Optimizer;

/**
 * The method's policy trust region: take the optimizer's step θ_old → θ_new, and if the mean
 * KL(π_old ‖ π_new) over the update's states exceeds δ, move back along the step to
 * θ_old + s·(θ_new − θ_old): first s = sqrt(δ/KL) (KL is locally quadratic in the step), then
 * halving s until the KL fits, at most 20 times. A NaN KL counts as too large.
 */
final class PolicyTrustRegion {
    private PolicyTrustRegion() {}

    /**
     * One capped step.
     *
     * @param delta δ; 0 or less means no cap
     * @param meanKl the mean KL(π_old ‖ π_θ) at the current parameters
     * @return the mean KL after the step, NaN if there is no cap (then it is not computed)
     */
    static double step(Optimizer opt, Tensor[] lossGrads, double delta, DoubleSupplier meanKl) {
        if (delta <= 0) {
            opt.step(lossGrads);
            return Double.NaN;
        }
        List<Tensor> ps = opt.parameters();
        double[][] before = Nets.snapshot(ps);
        opt.step(lossGrads);
        double[][] after = Nets.snapshot(ps);
        double kl = meanKl.getAsDouble();
        double scale = 1.0;
        for (int i = 0; i < 20 && !(kl <= delta); i++) {
            scale *= i == 0 && Double.isFinite(kl) ? Math.sqrt(delta / kl) : 0.5;
            for (int p = 0; p < ps.size(); p++) {
                double[] d = ps.get(p).data();
                for (int j = 0; j < d.length; j++) {
                    d[j] = before[p][j] + scale * (after[p][j] - before[p][j]);
                }
            }
            kl = meanKl.getAsDouble();
        }
        return kl;
    }
}
