package org.kfrelax.gym;

import java.util.List;
import org.kfrelax.gym.box2d.LunarLanderHeuristic;

/**
 * Simple hand-written controllers for the classic-control environments (and Gymnasium's own
 * LunarLander heuristic, {@link LunarLanderHeuristic}), useful for rendering long episodes and
 * as sanity baselines. None is optimal; each is a few lines of physics.
 */
public final class Heuristics {
    private Heuristics() {}

    /** The ids that have a heuristic. */
    public static List<String> ids() {
        return List.of("CartPole-v0", "CartPole-v1", "Acrobot-v1", "MountainCar-v0", "Pendulum-v1",
                "LunarLander-v3", "LunarLanderContinuous-v3");
    }

    /**
     * The heuristic for {@code id}.
     *
     * @throws IllegalArgumentException if there is none, listing the ids that have one
     */
    public static ActionPolicy<?> forEnv(String id) {
        return switch (id) {
            case "CartPole-v0", "CartPole-v1" -> (ActionPolicy<Integer>) Heuristics::cartPole;
            case "Acrobot-v1" -> (ActionPolicy<Integer>) Heuristics::acrobot;
            case "MountainCar-v0" -> (ActionPolicy<Integer>) Heuristics::mountainCar;
            case "Pendulum-v1" -> (ActionPolicy<float[]>) Heuristics::pendulum;
            case "LunarLander-v3" -> (ActionPolicy<Integer>) LunarLanderHeuristic::discrete;
            case "LunarLanderContinuous-v3" -> (ActionPolicy<float[]>) LunarLanderHeuristic::continuousFloat;
            default -> throw new IllegalArgumentException("no heuristic policy for '" + id
                    + "'; heuristics exist for: " + String.join(", ", ids()));
        };
    }

    /**
     * CartPole balancing: push towards the side the pole is falling to, with a little
     * centring: {@code 1 if θ + 0.5 θ' + 0.01 x + 0.1 x' > 0 else 0}.
     */
    public static int cartPole(float[] o) {
        double u = o[2] + 0.5 * o[3] + 0.01 * o[0] + 0.1 * o[1];
        return u > 0 ? 1 : 0;
    }

    /**
     * Acrobot energy pumping: the torque τ on the middle joint does work at the rate τ·θ2', so
     * apply it in the direction of the joint's angular velocity: {@code +1 if θ2' > 0, −1
     * otherwise} (actions 2 / 0). Reaches the line in about 65..120 steps.
     */
    public static int acrobot(float[] o) {
        return o[5] > 0 ? 2 : 0;
    }

    /** MountainCar velocity following: push in the direction of motion (right when at rest). */
    public static int mountainCar(float[] o) {
        return o[1] >= 0 ? 2 : 0;
    }

    /**
     * Pendulum: energy-shaping swing-up far from the top, a PD controller near it.
     * With {@code E = θ'²/2 + 15 (cos θ − 1)/1.5} (zero when upright at rest), the swing-up
     * torque is {@code −k E θ'}; near the top {@code u = −10 θ − 2 θ'}; both clipped to ±2.
     */
    public static float[] pendulum(float[] o) {
        double cos = o[0];
        double sin = o[1];
        double thDot = o[2];
        double theta = Math.atan2(sin, cos);
        double u;
        if (cos > 0.85) {
            u = -10 * theta - 2 * thDot;
        } else {
            double energy = 0.5 * thDot * thDot / 3.0 + 5.0 * (cos - 1);
            u = -2.0 * energy * Math.signum(thDot == 0 ? 1 : thDot);
        }
        return new float[] {(float) Math.max(-2, Math.min(2, u))};
    }
}
