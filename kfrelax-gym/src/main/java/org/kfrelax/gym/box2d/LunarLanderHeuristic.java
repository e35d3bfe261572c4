package org.kfrelax.gym.box2d;

/**
 * Gymnasium's hand-written LunarLander controller ({@code heuristic(env, s)}), in float64
 * arithmetic on the float32 observation {@code s}:
 * <pre>
 *   angle_targ = clip(s0·0.5 + s2·1.0, -0.4, 0.4)      (point towards the centre)
 *   hover_targ = 0.55·|s0|                             (height proportional to the offset)
 *   angle_todo = (angle_targ - s4)·0.5 - s5·1.0
 *   hover_todo = (hover_targ - s1)·0.5 - s3·0.5
 *   if a leg touches (s6 or s7): angle_todo = 0, hover_todo = -s3·0.5
 * </pre>
 * Continuous: {@code clip((hover_todo·20 - 1, -angle_todo·20), -1, 1)}. Discrete: 2 (main) if
 * {@code hover_todo > |angle_todo|} and {@code hover_todo > 0.05}, else 3 (right) if
 * {@code angle_todo < -0.05}, else 1 (left) if {@code angle_todo > 0.05}, else 0.
 */
public final class LunarLanderHeuristic {
    private LunarLanderHeuristic() {}

    /** The discrete action (0..3) for observation {@code s}. */
    public static int discrete(float[] s) {
        double[] todo = todo(s);
        double angleTodo = todo[0];
        double hoverTodo = todo[1];
        if (hoverTodo > Math.abs(angleTodo) && hoverTodo > 0.05) {
            return 2;
        } else if (angleTodo < -0.05) {
            return 3;
        } else if (angleTodo > +0.05) {
            return 1;
        }
        return 0;
    }

    /** The continuous action {@code (main, lateral)} in [-1, 1]² for observation {@code s}, in float64. */
    public static double[] continuous(float[] s) {
        double[] todo = todo(s);
        // after contact the reference's angle_todo is the integer 0, so the lateral command is +0.0
        double lateral = todo[2] != 0 ? 0.0 : clip(-todo[0] * 20);
        return new double[] {clip(todo[1] * 20 - 1), lateral};
    }

    /** {@link #continuous} rounded to float32, for {@code Env<float[]>} callers. */
    public static float[] continuousFloat(float[] s) {
        double[] a = continuous(s);
        return new float[] {(float) a[0], (float) a[1]};
    }

    /** {angle_todo, hover_todo, 1 if a leg touches else 0}. */
    private static double[] todo(float[] s) {
        if (s == null || s.length != 8) {
            throw new IllegalArgumentException("LunarLander observation must have 8 components, got "
                    + (s == null ? "null" : s.length));
        }
        double angleTarg = s[0] * 0.5 + s[2] * 1.0;
        if (angleTarg > 0.4) {
            angleTarg = 0.4; // more than 0.4 radians (22 degrees) is bad
        }
        if (angleTarg < -0.4) {
            angleTarg = -0.4;
        }
        double hoverTarg = 0.55 * Math.abs((double) s[0]);
        double angleTodo = (angleTarg - s[4]) * 0.5 - s[5] * 1.0;
        double hoverTodo = (hoverTarg - s[1]) * 0.5 - s[3] * 0.5;
        boolean contact = s[6] != 0 || s[7] != 0;
        if (contact) {
            angleTodo = 0;
            hoverTodo = -(double) s[3] * 0.5; // only slow the fall after contact
        }
        return new double[] {angleTodo, hoverTodo, contact ? 1 : 0};
    }

    private static double clip(double v) {
        return Math.max(-1.0, Math.min(1.0, v));
    }
}
