package org.kfrelax.gym.classic;

import java.util.Map;
import org.kfrelax.gym.AbstractEnv;
import org.kfrelax.gym.Box;
import org.kfrelax.gym.Discrete;
import org.kfrelax.gym.Frame;
import org.kfrelax.gym.ResetResult;
import org.kfrelax.gym.Spaces;
import org.kfrelax.gym.StepResult;
import org.kfrelax.gym.render.ClassicRenderer;

/**
 * Gymnasium 1.x's {@code MountainCarEnv} (Moore 1990): a car in a valley
 * {@code height(x) = 0.45 sin(3x) + 0.55} pushes left (0), not at all (1) or right (2).
 *
 * <pre>
 * v ← clip(v + (a − 1)·0.001 − 0.0025 cos(3x), −0.07, 0.07)
 * x ← clip(x + v, −1.2, 0.6);  v ← 0 if x = −1.2 and v &lt; 0
 * </pre>
 * Terminates when x ≥ 0.5 (and v ≥ 0); reward −1 per step. Reset: x ~ U(−0.6, −0.4), v = 0.
 * The cosine is Gymnasium's {@code math.cos}, the C library's ({@link LibmTrig}).
 */
public final class MountainCar extends AbstractEnv<Integer> {
    public static final double MIN_POSITION = -1.2;
    public static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    public static final double GOAL_POSITION = 0.5;
    static final double GOAL_VELOCITY = 0.0;
    static final double FORCE = 0.001;
    static final double GRAVITY = 0.0025;

    private static final Discrete ACTIONS = new Discrete(3);
    private static final Box OBSERVATIONS = new Box(
            new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new float[] {(float) MAX_POSITION, (float) MAX_SPEED});

    private double position;
    private double velocity;

    @Override
    public String id() {
        return "MountainCar-v0";
    }

    @Override
    public Box observationSpace() {
        return OBSERVATIONS;
    }

    @Override
    public Discrete actionSpace() {
        return ACTIONS;
    }

    @Override
    protected ResetResult resetState() {
        position = npRandom().uniform(-0.6, -0.4);
        velocity = 0.0;
        return new ResetResult(observation(), Map.of());
    }

    @Override
    public StepResult step(Integer action) {
        Spaces.requireContains(ACTIONS, action);
        velocity += (action - 1) * FORCE + LibmTrig.cos(3 * position) * (-GRAVITY);
        velocity = clip(velocity, -MAX_SPEED, MAX_SPEED);
        position += velocity;
        position = clip(position, MIN_POSITION, MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        boolean terminated = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
        return new StepResult(observation(), -1.0, terminated, false, Map.of());
    }

    private static double clip(double v, double lo, double hi) {
        return Math.min(Math.max(v, lo), hi);
    }

    private float[] observation() {
        return new float[] {(float) position, (float) velocity};
    }

    /** The float64 state {@code (x, v)}. */
    public double[] state() {
        return new double[] {position, velocity};
    }

    /** Overwrites the state (as assigning Gymnasium's {@code env.unwrapped.state}). */
    public void setState(double[] s) {
        if (s.length != 2) {
            throw new IllegalArgumentException("MountainCar state has 2 components, got " + s.length);
        }
        position = s[0];
        velocity = s[1];
    }

    /** The track's height {@code 0.45 sin(3x) + 0.55}. */
    public static double height(double x) {
        return Math.sin(3 * x) * 0.45 + 0.55;
    }

    @Override
    public Frame render() {
        return ClassicRenderer.mountainCar(position);
    }
}
