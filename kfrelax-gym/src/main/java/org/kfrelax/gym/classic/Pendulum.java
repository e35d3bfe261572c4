package org.kfrelax.gym.classic;

import java.util.Map;
import org.kfrelax.gym.AbstractEnv;
import org.kfrelax.gym.Box;
import org.kfrelax.gym.Frame;
import org.kfrelax.gym.ResetResult;
import org.kfrelax.gym.Spaces;
import org.kfrelax.gym.StepResult;
import org.kfrelax.gym.render.ClassicRenderer;
import org.kfrelax.random.Pcg64;

/**
 * Gymnasium 1.x's {@code PendulumEnv}: swing a pendulum up with a torque u in [−2, 2].
 *
 * <pre>
 * cost = norm(θ)² + 0.1 θ'² + 0.001 u²            (norm wraps into [−π, π))
 * θ'  ← clip(θ' + (3g/(2l) sin θ + 3/(m l²) u) dt, −8, 8);   θ ← θ + θ' dt
 * </pre>
 * with g = 10, m = l = 1, dt = 0.05; reward −cost, never terminates. Reset: θ ~ U(−π, π),
 * θ' ~ U(−1, 1). Observation {@code (cos θ, sin θ, θ')} as float32. sin and cos are numpy
 * 1.24's on AVX-512 CPUs ({@link SvmlTrig}), as in the reference.
 *
 * <p>The float32 action enters the float64 arithmetic as its exact value (this is what the
 * reference trajectories show: evaluating {@code 0.001 u²} and {@code 3u} in float32, as
 * numpy 2's promotion rules would, is off by up to 7e-6 in the reward).
 */
public final class Pendulum extends AbstractEnv<float[]> {
    static final double MAX_SPEED = 8;
    static final float MAX_TORQUE = 2.0f;
    static final double DT = 0.05;
    static final double G = 10.0;
    static final double M = 1.0;
    static final double L = 1.0;

    private static final Box ACTIONS = new Box(new float[] {-MAX_TORQUE}, new float[] {MAX_TORQUE});
    private static final Box OBSERVATIONS = new Box(
            new float[] {-1, -1, (float) -MAX_SPEED}, new float[] {1, 1, (float) MAX_SPEED});

    private double theta;
    private double thetaDot;
    /** The last applied torque, NaN before the first step (drawn as an arrow). */
    private float lastU = Float.NaN;

    @Override
    public String id() {
        return "Pendulum-v1";
    }

    @Override
    public Box observationSpace() {
        return OBSERVATIONS;
    }

    @Override
    public Box actionSpace() {
        return ACTIONS;
    }

    @Override
    protected ResetResult resetState() {
        Pcg64 rng = npRandom();
        theta = rng.uniform(-Math.PI, Math.PI);
        thetaDot = rng.uniform(-1.0, 1.0);
        lastU = Float.NaN;
        return new ResetResult(observation(), Map.of());
    }

    @Override
    public StepResult step(float[] action) {
        Spaces.requireContains(ACTIONS, action);
        float u = Math.min(Math.max(action[0], -MAX_TORQUE), MAX_TORQUE);
        lastU = u;
        double n = angleNormalize(theta);
        double ud = u;
        double costs = n * n + 0.1 * (thetaDot * thetaDot) + 0.001 * (ud * ud);
        double newThetaDot = thetaDot + (3 * G / (2 * L) * SvmlTrig.sin(theta) + 3.0 / (M * L * L) * ud) * DT;
        newThetaDot = Math.min(Math.max(newThetaDot, -MAX_SPEED), MAX_SPEED);
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;
        return new StepResult(observation(), -costs, false, false, Map.of());
    }

    /** {@code ((x + π) mod 2π) − π} with numpy's floored modulo. */
    static double angleNormalize(double x) {
        double b = 2 * Math.PI;
        double r = (x + Math.PI) % b;
        if (r != 0 && r < 0) {
            r += b;
        } else if (r == 0) {
            r = 0.0;
        }
        return r - Math.PI;
    }

    private float[] observation() {
        return new float[] {(float) SvmlTrig.cos(theta), (float) SvmlTrig.sin(theta), (float) thetaDot};
    }

    /** The float64 state {@code (θ, θ')}. */
    public double[] state() {
        return new double[] {theta, thetaDot};
    }

    /** Overwrites the state (as assigning Gymnasium's {@code env.unwrapped.state}). */
    public void setState(double[] s) {
        if (s.length != 2) {
            throw new IllegalArgumentException("Pendulum state has 2 components, got " + s.length);
        }
        theta = s[0];
        thetaDot = s[1];
    }

    @Override
    public Frame render() {
        return ClassicRenderer.pendulum(theta, lastU);
    }
}
