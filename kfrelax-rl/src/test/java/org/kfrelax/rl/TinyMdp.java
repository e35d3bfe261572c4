package org.kfrelax.rl;

import java.util.Map;
import org.kfrelax.gym.AbstractEnv;
import org.kfrelax.gym.Box;
import org.kfrelax.gym.Discrete;
import org.kfrelax.gym.Frame;
import org.kfrelax.gym.ResetResult;
import org.kfrelax.gym.Space;
import org.kfrelax.gym.StepResult;

/**
 * A two-step episodic MDP for exact tests: state 0, then state 1 or 2, then the end. From
 * state 0 action a leads to state 1 + a with probability {@link #FOLLOW}, otherwise to the
 * other one. Rewards r(s, a) from {@link #REWARD}. Observations are one-hot states.
 */
final class TinyMdp extends AbstractEnv<Integer> {
    static final double FOLLOW = 0.7;
    static final double[][] REWARD = {{0.3, -0.2}, {1.0, -0.5}, {-1.0, 2.0}};
    private int state = -1;

    @Override
    public String id() {
        return "TinyMdp";
    }

    @Override
    public Box observationSpace() {
        return Box.uniform(0f, 1f, 3);
    }

    @Override
    public Space<Integer> actionSpace() {
        return new Discrete(2);
    }

    @Override
    protected ResetResult resetState() {
        state = 0;
        return new ResetResult(obs(0), Map.of());
    }

    @Override
    public StepResult step(Integer action) {
        double r = REWARD[state][action];
        if (state == 0) {
            boolean follow = npRandom().nextDouble() < FOLLOW;
            state = 1 + (follow ? action : 1 - action);
            return new StepResult(obs(state), r, false, false, Map.of());
        }
        state = -1;
        return new StepResult(obs(0), r, true, false, Map.of());
    }

    /** P(next = 1 + k | state 0, action a). */
    static double transition(int a, int k) {
        return k == a ? FOLLOW : 1 - FOLLOW;
    }

    static float[] obs(int s) {
        float[] o = new float[3];
        o[s] = 1f;
        return o;
    }

    @Override
    public Frame render() {
        throw new UnsupportedOperationException("TinyMdp has no rendering");
    }
}
