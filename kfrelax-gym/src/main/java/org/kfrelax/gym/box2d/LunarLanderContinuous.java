package org.kfrelax.gym.box2d;

import org.kfrelax.gym.Box;
import org.kfrelax.gym.Space;
import org.kfrelax.gym.StepResult;

/**
 * Gymnasium's {@code LunarLander-v3} with {@code continuous=True} (registered here as
 * {@code LunarLanderContinuous-v3}): the action is {@code (main, lateral)} in [-1, 1]².
 * The main engine is off for {@code main <= 0} and runs at {@code m_power = (main + 1)/2}
 * (50%..100%) above; the side engines are off for {@code |lateral| <= 0.5}, otherwise the
 * left one ({@code lateral < 0}) or the right one fires at {@code s_power = |lateral|}.
 *
 * <p>Actions outside [-1, 1] (Gymnasium would clip them) and NaN are rejected. Besides the
 * {@code float[]} actions of the action space, {@link #step(double[])} takes float64 actions as
 * Gymnasium does (its controllers produce float64 throttles).
 */
public final class LunarLanderContinuous extends LunarLanderBase<float[]> {
    private static final Box ACTION_SPACE = Box.uniform(-1f, 1f, 2);

    /** Gymnasium's defaults (gravity -10, no wind). */
    public LunarLanderContinuous() {
        this(LunarLanderOptions.defaults());
    }

    public LunarLanderContinuous(LunarLanderOptions options) {
        super(options);
    }

    /** On the given simulation (for tests). */
    LunarLanderContinuous(LunarLanderSim sim) {
        super(sim);
    }

    @Override
    public String id() {
        return "LunarLanderContinuous-v3";
    }

    @Override
    public Space<float[]> actionSpace() {
        return ACTION_SPACE;
    }

    @Override
    public StepResult step(float[] action) {
        checkCanStep();
        if (action == null || action.length != 2) {
            throw new IllegalArgumentException(id() + ": action must have 2 components, got "
                    + (action == null ? "null" : action.length + ": " + java.util.Arrays.toString(action)));
        }
        return step(new double[] {action[0], action[1]});
    }

    /** A float64 action {@code (main, lateral)}, each in [-1, 1]. */
    public StepResult step(double[] action) {
        checkCanStep();
        if (action == null || action.length != 2) {
            throw new IllegalArgumentException(id() + ": action must have 2 components, got "
                    + (action == null ? "null" : action.length + ": " + java.util.Arrays.toString(action)));
        }
        for (int i = 0; i < 2; i++) {
            double v = action[i];
            if (Double.isNaN(v) || v < -1.0 || v > 1.0) {
                throw new IllegalArgumentException(id() + ": action component " + i + " must be in [-1, 1], got "
                        + v + " (action " + java.util.Arrays.toString(action) + ")");
            }
        }
        double main = action[0];
        double lateral = action[1];
        double mainPower = main > 0.0 ? (Math.min(main, 1.0) + 1.0) * 0.5 : 0.0;
        double sidePower = 0.0;
        int direction = 0;
        if (Math.abs(lateral) > 0.5) {
            direction = lateral > 0 ? 1 : -1;
            sidePower = Math.min(Math.max(Math.abs(lateral), 0.5), 1.0);
        }
        return advance(mainPower, sidePower, direction);
    }
}
