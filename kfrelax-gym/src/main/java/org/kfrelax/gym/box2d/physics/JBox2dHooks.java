package org.kfrelax.gym.box2d.physics;

import org.jbox2d.common.Sweep;
import org.kfrelax.gym.box2d.GlibcTrig;

/**
 * The Box2D 2.3 (pybox2d) behaviour that {@code JBox2dEdits} wires into JBox2D's own methods:
 * the edited {@code MathUtils.sin}, {@code MathUtils.cos} and {@code Sweep.advance} consist of a
 * call to the method of the same name here. Public only because the edited JBox2D classes call
 * it from their packages; not API.
 */
public final class JBox2dHooks {
    private JBox2dHooks() {}

    /** Replaces {@code MathUtils.sin}: Box2D calls the C library's {@code sinf}. */
    public static float sin(float x) {
        return GlibcTrig.sinf(x);
    }

    /** Replaces {@code MathUtils.cos}: Box2D calls the C library's {@code cosf}. */
    public static float cos(float x) {
        return GlibcTrig.cosf(x);
    }

    /**
     * Replaces {@code Sweep.advance(alpha)} with pybox2d's {@code b2Sweep::Advance}: advance
     * the sweep's start from time {@code alpha0} to {@code alpha} and remember it,
     * <pre>
     *   beta = (alpha - alpha0) / (1 - alpha0)
     *   c0 = (1 - beta)·c0 + beta·c,   a0 = (1 - beta)·a0 + beta·a,   alpha0 = alpha
     * </pre>
     * (JBox2D 2.2.1.1 uses {@code alpha} as {@code beta} and never updates {@code alpha0}, which
     * misplaces bodies in the second and later time-of-impact events of a step). This rounding
     * form reproduces the reference; the algebraically equal {@code c0 += beta·(c - c0)} of
     * later Box2D releases does not (measured on the reference episodes).
     */
    public static void advance(Sweep sweep, float alpha) {
        float beta = (alpha - sweep.alpha0) / (1.0f - sweep.alpha0);
        sweep.c0.x = (1.0f - beta) * sweep.c0.x + beta * sweep.c.x;
        sweep.c0.y = (1.0f - beta) * sweep.c0.y + beta * sweep.c.y;
        sweep.a0 = (1.0f - beta) * sweep.a0 + beta * sweep.a;
        sweep.alpha0 = alpha;
    }
}
