package org.kfrelax.gym.box2d;

import java.util.ArrayList;
import java.util.List;

/**
 * The edits {@link IsolatedJBox2d} makes to JBox2D 2.2.1.1's class files, each named for what it
 * changes. The {@link #FIDELITY} edits make JBox2D compute what pybox2d's Box2D 2.3 computes;
 * together with {@code physics.Box2dFidelity} (mass data, switches) every Gymnasium reference
 * episode (12 of them, up to 206 steps, with landings, crashes and sleep) agrees bit for bit in
 * float32, and dropping any one of them breaks at least one episode (tested). The {@link #SPEED}
 * edit changes only how fast JBox2D runs, never what it computes (tested: the reference episodes
 * agree bit for bit with and without it).
 */
final class JBox2dEdits {
    private static final String HOOKS = "org/kfrelax/gym/box2d/physics/JBox2dHooks";
    private static final String MATH_UTILS = "org.jbox2d.common.MathUtils";
    private static final String SWEEP = "org.jbox2d.common.Sweep";
    private static final String CONTACT_SOLVER = "org.jbox2d.dynamics.contacts.ContactSolver";

    /**
     * Box2D calls the C library's {@code sinf} for every rotation ({@code b2Rot}); JBox2D returns
     * the correctly rounded {@code (float) StrictMath.sin(x)}, which differs from glibc's in about
     * 2% of arguments by one ulp.
     */
    static final JBox2dEdit SIN_IS_GLIBC_SINF = JBox2dEdit.delegate(
            "MathUtils.sin is glibc's sinf", MATH_UTILS, "sin", "(F)F", HOOKS);

    /** As {@link #SIN_IS_GLIBC_SINF}, for {@code cosf}. */
    static final JBox2dEdit COS_IS_GLIBC_COSF = JBox2dEdit.delegate(
            "MathUtils.cos is glibc's cosf", MATH_UTILS, "cos", "(F)F", HOOKS);

    /**
     * JBox2D's {@code Sweep.advance} uses its argument as the interpolation weight and never
     * moves {@code alpha0}, misplacing bodies in the second and later time-of-impact events of a
     * step; Box2D 2.3's {@code b2Sweep::Advance} is in {@code JBox2dHooks.advance}.
     */
    static final JBox2dEdit SWEEP_ADVANCE_IS_BOX2D_23 = JBox2dEdit.delegate(
            "Sweep.advance is Box2D 2.3's b2Sweep::Advance", SWEEP, "advance", "(F)V", HOOKS);

    /**
     * The block solver of two-point contact manifolds gives up (and keeps one point) when the
     * 2x2 system's condition number estimate {@code k11² / det} exceeds {@code k_maxConditionNumber}:
     * 100 in JBox2D, 1000 in Box2D 2.3 ({@code b2_maxConditionNumber}, b2ContactSolver.cpp). With
     * 100 JBox2D drops one point of nearly degenerate manifolds that Box2D keeps. javac copied the
     * constant into {@code initializeVelocityConstraints}, its one use.
     */
    static final JBox2dEdit CONDITION_NUMBER_LIMIT_IS_1000 = JBox2dEdit.constant(
            "ContactSolver.k_maxConditionNumber is 1000 as in Box2D 2.3, not 100",
            CONTACT_SOLVER, "k_maxConditionNumber", 100.0f, 1000.0f, 1);

    /**
     * Speed only: a {@code ContactSolver} (one per world) starts with room for 8 contacts instead
     * of 256, so building a new world at every reset (as Gymnasium v3 does) no longer fills two
     * arrays with 256 unused constraint objects each; {@code init} grows the arrays on demand, so
     * results are unchanged. javac copied the constant into the constructor 3 times (the two
     * array sizes and the bound of the loop that fills them).
     */
    static final JBox2dEdit SMALL_INITIAL_CONTACT_ARRAYS = JBox2dEdit.constant(
            "ContactSolver starts with room for 8 contacts, not 256 (speed only)",
            CONTACT_SOLVER, "INITIAL_NUM_CONSTRAINTS", 256, 8, 3);

    /** The edits without which JBox2D differs from pybox2d's Box2D. */
    static final List<JBox2dEdit> FIDELITY = List.of(
            SIN_IS_GLIBC_SINF, COS_IS_GLIBC_COSF, SWEEP_ADVANCE_IS_BOX2D_23, CONDITION_NUMBER_LIMIT_IS_1000);

    /** The edits that only make JBox2D faster. */
    static final List<JBox2dEdit> SPEED = List.of(SMALL_INITIAL_CONTACT_ARRAYS);

    private JBox2dEdits() {}

    /** {@link #FIDELITY}, then {@link #SPEED} if {@code speed}. */
    static List<JBox2dEdit> fidelity(boolean speed) {
        List<JBox2dEdit> edits = new ArrayList<>(FIDELITY);
        if (speed) {
            edits.addAll(SPEED);
        }
        return List.copyOf(edits);
    }
}
