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
import org.kfrelax.random.Pcg64;

/**
 * Gymnasium 1.x's {@code AcrobotEnv}: two links, torque −1, 0 or +1 (actions 0, 1, 2) on the
 * joint between them; the goal is to lift the tip above height 1.
 *
 * <p>Dynamics: the "book" equations (Sutton and Barto), with m = l = 1, l_c = 0.5, I = 1,
 * g = 9.8, integrated by one classical RK4 step of dt = 0.2 over the state
 * {@code (θ1, θ2, θ1', θ2')}:
 * <pre>
 * d1 = m1 lc1² + m2 (l1² + lc2² + 2 l1 lc2 cos θ2) + I1 + I2
 * d2 = m2 (lc2² + l1 lc2 cos θ2) + I2
 * φ2 = m2 lc2 g cos(θ1 + θ2 − π/2)
 * φ1 = −m2 l1 lc2 θ2'² sin θ2 − 2 m2 l1 lc2 θ2' θ1' sin θ2 + (m1 lc1 + m2 l1) g cos(θ1 − π/2) + φ2
 * θ2'' = (a + d2/d1 φ1 − m2 l1 lc2 θ1'² sin θ2 − φ2) / (m2 lc2² + I2 − d2²/d1)
 * θ1'' = −(d2 θ2'' + φ1) / d1
 * </pre>
 * After the whole RK4 step the angles are wrapped into [−π, π] and the velocities clipped
 * to ±4π and ±9π. Terminal when {@code −cos θ1 − cos(θ1 + θ2) > 1}; reward −1 per step
 * and 0 on the terminal step. Reset draws the state from U(−0.1, 0.1) and rounds it to
 * float32. Observation {@code (cos θ1, sin θ1, cos θ2, sin θ2, θ1', θ2')} as float32.
 * sin and cos are numpy 1.24's on AVX-512 CPUs ({@link SvmlTrig}), as in the reference.
 */
public final class Acrobot extends AbstractEnv<Integer> {
    static final double DT = 0.2;
    public static final double LINK_LENGTH_1 = 1.0;
    public static final double LINK_LENGTH_2 = 1.0;
    static final double LINK_MASS_1 = 1.0;
    static final double LINK_MASS_2 = 1.0;
    static final double LINK_COM_POS_1 = 0.5;
    static final double LINK_COM_POS_2 = 0.5;
    static final double LINK_MOI = 1.0;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    static final double G = 9.8;
    private static final double[] AVAIL_TORQUE = {-1.0, 0.0, 1.0};

    private static final Discrete ACTIONS = new Discrete(3);
    private static final Box OBSERVATIONS = new Box(
            new float[] {-1, -1, -1, -1, (float) -MAX_VEL_1, (float) -MAX_VEL_2},
            new float[] {1, 1, 1, 1, (float) MAX_VEL_1, (float) MAX_VEL_2});

    private final double[] s = new double[4];
    // RK4 scratch space (no allocation per step)
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] tmp = new double[4];

    @Override
    public String id() {
        return "Acrobot-v1";
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
        Pcg64 rng = npRandom();
        for (int i = 0; i < 4; i++) {
            s[i] = (float) rng.uniform(-0.1, 0.1);
        }
        return new ResetResult(observation(), Map.of());
    }

    @Override
    public StepResult step(Integer action) {
        Spaces.requireContains(ACTIONS, action);
        double torque = AVAIL_TORQUE[action];
        rk4(torque);
        s[0] = wrap(s[0], -Math.PI, Math.PI);
        s[1] = wrap(s[1], -Math.PI, Math.PI);
        s[2] = bound(s[2], -MAX_VEL_1, MAX_VEL_1);
        s[3] = bound(s[3], -MAX_VEL_2, MAX_VEL_2);
        double cos0 = SvmlTrig.cos(s[0]);
        boolean terminated = -cos0 - SvmlTrig.cos(s[1] + s[0]) > 1.0;
        double reward = terminated ? 0.0 : -1.0;
        float[] obs = {(float) cos0, (float) SvmlTrig.sin(s[0]), (float) SvmlTrig.cos(s[1]), (float) SvmlTrig.sin(s[1]),
            (float) s[2], (float) s[3]};
        return new StepResult(obs, reward, terminated, false, Map.of());
    }

    /** One RK4 step of length DT: y + dt/6 (k1 + 2 k2 + 2 k3 + k4). */
    private void rk4(double a) {
        double dt = DT;
        double dt2 = dt / 2.0;
        dsdt(s, a, k1);
        for (int i = 0; i < 4; i++) {
            tmp[i] = s[i] + dt2 * k1[i];
        }
        dsdt(tmp, a, k2);
        for (int i = 0; i < 4; i++) {
            tmp[i] = s[i] + dt2 * k2[i];
        }
        dsdt(tmp, a, k3);
        for (int i = 0; i < 4; i++) {
            tmp[i] = s[i] + dt * k3[i];
        }
        dsdt(tmp, a, k4);
        double c = dt / 6.0;
        for (int i = 0; i < 4; i++) {
            s[i] = s[i] + c * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
    }

    /** Time derivative of the state under torque {@code a} (the "book" dynamics). */
    private static void dsdt(double[] y, double a, double[] out) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double theta1 = y[0];
        double theta2 = y[1];
        double dtheta1 = y[2];
        double dtheta2 = y[3];
        double cos2 = SvmlTrig.cos(theta2);
        double sin2 = SvmlTrig.sin(theta2);
        double d1 = m1 * (lc1 * lc1) + m2 * ((l1 * l1) + (lc2 * lc2) + 2 * l1 * lc2 * cos2) + i1 + i2;
        double d2 = m2 * ((lc2 * lc2) + l1 * lc2 * cos2) + i2;
        double phi2 = m2 * lc2 * G * SvmlTrig.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
                + (m1 * lc1 + m2 * l1) * G * SvmlTrig.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    /** Gymnasium's {@code wrap}: shifts x by multiples of (hi − lo) until it lies in [lo, hi]. */
    static double wrap(double x, double lo, double hi) {
        double diff = hi - lo;
        while (x > hi) {
            x = x - diff;
        }
        while (x < lo) {
            x = x + diff;
        }
        return x;
    }

    static double bound(double x, double lo, double hi) {
        return Math.min(Math.max(x, lo), hi);
    }

    private float[] observation() {
        return new float[] {(float) SvmlTrig.cos(s[0]), (float) SvmlTrig.sin(s[0]), (float) SvmlTrig.cos(s[1]),
            (float) SvmlTrig.sin(s[1]), (float) s[2], (float) s[3]};
    }

    /** The float64 state {@code (θ1, θ2, θ1', θ2')}. */
    public double[] state() {
        return s.clone();
    }

    /** Overwrites the state (as assigning Gymnasium's {@code env.unwrapped.state}). */
    public void setState(double[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("Acrobot state has 4 components, got " + state.length);
        }
        System.arraycopy(state, 0, s, 0, 4);
    }

    @Override
    public Frame render() {
        return ClassicRenderer.acrobot(s[0], s[1]);
    }
}
