package org.kfrelax.gym.box2d;

/**
 * LunarLander's keyword arguments (Gymnasium {@code LunarLander-v3}): gravity, and the optional
 * wind and turbulence.
 *
 * <p>With wind enabled, while neither leg touches the ground, each step applies the force
 * {@code (tanh(sin(0.02 k) + sin(0.01 π k)) · windPower, 0)} and the torque
 * {@code tanh(sin(0.02 j) + sin(0.01 π j)) · turbulencePower}, where {@code k} and {@code j}
 * start at {@code integers(-9999, 9999)} drawn at reset and count up by one per step.
 *
 * @param gravity         vertical gravity, strictly between -12 and 0 (default -10)
 * @param enableWind      whether wind and turbulence act (default false)
 * @param windPower       maximum wind force (default 15; Gymnasium recommends 0..20)
 * @param turbulencePower maximum turbulence torque (default 1.5; Gymnasium recommends 0..2)
 */
public record LunarLanderOptions(double gravity, boolean enableWind, double windPower, double turbulencePower) {

    public LunarLanderOptions {
        if (!(gravity > -12.0 && gravity < 0.0)) {
            throw new IllegalArgumentException("gravity must be between -12 and 0 (exclusive), got " + gravity);
        }
        if (!Double.isFinite(windPower)) {
            throw new IllegalArgumentException("windPower must be finite, got " + windPower);
        }
        if (!Double.isFinite(turbulencePower)) {
            throw new IllegalArgumentException("turbulencePower must be finite, got " + turbulencePower);
        }
    }

    /** Gymnasium's defaults: gravity -10, no wind (power 15, turbulence 1.5 when enabled). */
    public static LunarLanderOptions defaults() {
        return new LunarLanderOptions(-10.0, false, 15.0, 1.5);
    }

    /** The defaults with wind enabled at the given powers. */
    public static LunarLanderOptions windy(double windPower, double turbulencePower) {
        return new LunarLanderOptions(-10.0, true, windPower, turbulencePower);
    }
}
