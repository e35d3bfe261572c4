package org.kfrelax.rl;

import java.util.Map;
import org.kfrelax.gym.AbstractEnv;
import org.kfrelax.gym.Box;
import org.kfrelax.gym.Frame;
import org.kfrelax.gym.ResetResult;
import org.kfrelax.gym.Space;
import org.kfrelax.gym.StepResult;

/**
 * A continuous bandit in episodes of 10 steps: constant observation 0.5, action a in [−2, 2],
 * reward −(a − 1)². The best policy acts a = 1 (return 0); a policy with mean μ and spread σ
 * earns 10·(−(μ − 1)² − σ²) on average.
 */
final class Bandit extends AbstractEnv<float[]> {
    private int t;

    @Override
    public String id() {
        return "Bandit";
    }

    @Override
    public Box observationSpace() {
        return Box.uniform(-1f, 1f, 1);
    }

    @Override
    public Space<float[]> actionSpace() {
        return Box.uniform(-2f, 2f, 1);
    }

    @Override
    protected ResetResult resetState() {
        t = 0;
        return new ResetResult(new float[] {0.5f}, Map.of());
    }

    @Override
    public StepResult step(float[] a) {
        t++;
        double r = -(a[0] - 1) * (a[0] - 1);
        return new StepResult(new float[] {0.5f}, r, false, t >= 10, Map.of());
    }

    @Override
    public Frame render() {
        throw new UnsupportedOperationException("Bandit has no rendering");
    }
}
