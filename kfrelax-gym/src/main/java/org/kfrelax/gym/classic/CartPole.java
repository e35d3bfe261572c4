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
 * Gymnasium 1.x's {@code CartPoleEnv} (Barto, Sutton and Anderson 1983): a pole on a cart
 * pushed left (action 0) or right (1) with force 10.
 *
 * <p>Dynamics, explicit Euler with {@code tau = 0.02} on the float64 state
 * {@code (x, x', θ, θ')}:
 * <pre>
 * temp = (F + m_p l θ'² sin θ) / (m_c + m_p)
 * θ''  = (g sin θ − cos θ · temp) / (l (4/3 − m_p cos²θ / (m_c + m_p)))
 * x''  = temp − m_p l θ'' cos θ / (m_c + m_p)
 * x += τ x';  x' += τ x'';  θ += τ θ';  θ' += τ θ''
 * </pre>
 * with g = 9.8, m_c = 1, m_p = 0.1, l = 0.5. Terminates when |x| &gt; 2.4 or
 * |θ| &gt; 12°; reward 1 per step, also on the terminating step, 0 on steps after it.
 * Reset draws the four state components from U(−0.05, 0.05). Observations are the state
 * rounded to float32.
 *
 * <p>sin and cos are Gymnasium's {@code np.sin}/{@code np.cos} as numpy 1.24 computes them on
 * AVX-512 CPUs ({@link SvmlTrig}), which the reference trajectories follow.
 */
public final class CartPole extends AbstractEnv<Integer> {
    static final double GRAVITY = 9.8;
    static final double MASS_CART = 1.0;
    static final double MASS_POLE = 0.1;
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    /** Half the pole's length. */
    public static final double LENGTH = 0.5;
    static final double POLEMASS_LENGTH = MASS_POLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    /** 12 degrees in radians, as Gymnasium computes it. */
    public static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    public static final double X_THRESHOLD = 2.4;

    private static final Discrete ACTIONS = new Discrete(2);
    private static final Box OBSERVATIONS = new Box(
            new float[] {(float) -(X_THRESHOLD * 2), Float.NEGATIVE_INFINITY, (float) -(THETA_THRESHOLD * 2), Float.NEGATIVE_INFINITY},
            new float[] {(float) (X_THRESHOLD * 2), Float.POSITIVE_INFINITY, (float) (THETA_THRESHOLD * 2), Float.POSITIVE_INFINITY});

    private final String id;
    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;
    /** -1 while the pole is up; otherwise steps since termination (Gymnasium's steps_beyond_terminated). */
    private int stepsBeyondTerminated = -1;

    /** CartPole with id {@code CartPole-v1}. */
    public CartPole() {
        this("CartPole-v1");
    }

    /** CartPole reporting the given id ({@code CartPole-v0} and {@code -v1} share the dynamics). */
    public CartPole(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
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
        x = rng.uniform(-0.05, 0.05);
        xDot = rng.uniform(-0.05, 0.05);
        theta = rng.uniform(-0.05, 0.05);
        thetaDot = rng.uniform(-0.05, 0.05);
        stepsBeyondTerminated = -1;
        return new ResetResult(observation(), Map.of());
    }

    @Override
    public StepResult step(Integer action) {
        Spaces.requireContains(ACTIONS, action);
        double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        double cos = SvmlTrig.cos(theta);
        double sin = SvmlTrig.sin(theta);
        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp)
                / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;

        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
        double reward;
        if (!terminated) {
            reward = 1.0;
        } else if (stepsBeyondTerminated < 0) {
            stepsBeyondTerminated = 0;
            reward = 1.0;
        } else {
            stepsBeyondTerminated++;
            reward = 0.0;
        }
        return new StepResult(observation(), reward, terminated, false, Map.of());
    }

    private float[] observation() {
        return new float[] {(float) x, (float) xDot, (float) theta, (float) thetaDot};
    }

    /** The float64 state {@code (x, x', θ, θ')}. */
    public double[] state() {
        return new double[] {x, xDot, theta, thetaDot};
    }

    /** Overwrites the state (as assigning Gymnasium's {@code env.unwrapped.state}). */
    public void setState(double[] s) {
        if (s.length != 4) {
            throw new IllegalArgumentException("CartPole state has 4 components, got " + s.length);
        }
        x = s[0];
        xDot = s[1];
        theta = s[2];
        thetaDot = s[3];
        stepsBeyondTerminated = -1;
    }

    @Override
    public Frame render() {
        return ClassicRenderer.cartPole(x, theta);
    }
}
