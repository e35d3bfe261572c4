package org.kfrelax.gym.box2d;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import org.jbox2d.common.Settings;
import org.jbox2d.common.Sweep;

/**
 * Makes JBox2D 2.2.1.1 compute what pybox2d's Box2D computes, by defining three of JBox2D's
 * classes from edited copies of their own class files before the class loader reads the
 * originals (same loader, same package, via {@link MethodHandles.Lookup#defineClass}):
 *
 * <ul>
 *   <li>{@code org.jbox2d.common.MathUtils}: {@code sin}/{@code cos} call {@link JBox2dHooks},
 *       i.e. glibc's {@code sinf}/{@code cosf} ({@link GlibcTrig}), as Box2D's {@code b2Rot}
 *       does, instead of the correctly rounded {@code (float) StrictMath.sin}.</li>
 *   <li>{@code org.jbox2d.common.Sweep}: {@code advance} follows {@code b2Sweep::Advance}
 *       ({@link JBox2dHooks#advance}).</li>
 *   <li>{@code org.jbox2d.dynamics.contacts.ContactSolver}: the block solver's condition-number
 *       limit {@code k_maxConditionNumber} is 1000 as in Box2D 2.3, not 100 (with 100 JBox2D drops
 *       one point of nearly degenerate two-point manifolds that Box2D keeps); and, for speed
 *       only, its constraint arrays start at 8 entries instead of 256 (they grow on demand).</li>
 * </ul>
 *
 * With these and {@link Box2dFidelity}'s fixes, every reference episode (12 of them, up to 206
 * steps, with landings, crashes and sleep) agrees bit for bit in float32. The edits are
 * checked: a changed JBox2D version, or JBox2D loaded before this class ran, raises
 * {@link IllegalStateException} rather than silently simulating something else.
 */
final class JBox2dPatch {
    private static final String HOOKS = "org/kfrelax/gym/box2d/JBox2dHooks";
    private static final String COMMON = "org.jbox2d.common.";
    private static final String CONTACTS = "org.jbox2d.dynamics.contacts.";
    private static final byte FLOAD_0 = 0x22;
    private static final byte FLOAD_1 = 0x23;
    private static final byte ALOAD_0 = 0x2a;
    private static final byte INVOKESTATIC = (byte) 0xb8;
    private static final byte FRETURN = (byte) 0xae;
    private static final byte RETURN = (byte) 0xb1;
    private static final byte SIPUSH = 0x11;

    /** An argument where glibc's sinf differs from the correctly rounded sine (0.0921704322). */
    static final float PROBE = Float.intBitsToFloat(0x3dbcc3da);

    private static final boolean APPLIED = apply();

    private JBox2dPatch() {}

    /** Ensures the patch is in place (it is applied once, when this class initializes). */
    static void ensureApplied() {
        if (!APPLIED) {
            throw new IllegalStateException("JBox2D patch not applied");
        }
    }

    private static boolean apply() {
        ClassLoader loader = Settings.class.getClassLoader();
        try {
            MethodHandles.Lookup common = MethodHandles.privateLookupIn(Settings.class, MethodHandles.lookup());
            MethodHandles.Lookup contacts = MethodHandles.privateLookupIn(
                    Class.forName(CONTACTS + "Velocity", false, loader), MethodHandles.lookup());

            ClassFileEditor math = new ClassFileEditor(read(loader, COMMON + "MathUtils"));
            int sin = math.methodRef(HOOKS, "sin", "(F)F");
            int cos = math.methodRef(HOOKS, "cos", "(F)F");
            math.replaceBody("sin", "(F)F", 1, 1, new byte[] {FLOAD_0, INVOKESTATIC, ClassFileEditor.hi(sin),
                ClassFileEditor.lo(sin), FRETURN});
            math.replaceBody("cos", "(F)F", 1, 1, new byte[] {FLOAD_0, INVOKESTATIC, ClassFileEditor.hi(cos),
                ClassFileEditor.lo(cos), FRETURN});

            ClassFileEditor sweep = new ClassFileEditor(read(loader, COMMON + "Sweep"));
            int advance = sweep.methodRef(HOOKS, "advance", "(Ljava/lang/Object;F)V");
            sweep.replaceBody("advance", "(F)V", 2, 2, new byte[] {ALOAD_0, FLOAD_1, INVOKESTATIC,
                ClassFileEditor.hi(advance), ClassFileEditor.lo(advance), RETURN});

            ClassFileEditor solver = new ClassFileEditor(read(loader, CONTACTS + "ContactSolver"));
            int replaced = solver.replaceFloat(100.0f, 1000.0f);
            if (replaced != 1) {
                throw new IllegalStateException("expected one float constant 100 (k_maxConditionNumber) in "
                        + "JBox2D's ContactSolver, found " + replaced + "; is jbox2d-library 2.2.1.1 on the classpath?");
            }
            // Speed only: start with room for 8 contacts instead of 256 (init() grows the arrays on
            // demand), so a new World per reset does not build 1024 unused constraint objects.
            int resized = solver.replaceInCode("<init>", "()V", new byte[] {SIPUSH, 1, 0}, new byte[] {SIPUSH, 0, 8});
            if (resized != 3) {
                throw new IllegalStateException("expected 3 initial capacities of 256 in JBox2D's ContactSolver, found "
                        + resized);
            }

            define(common, math.toBytes(), "MathUtils");
            define(common, sweep.toBytes(), "Sweep");
            define(contacts, solver.toBytes(), "ContactSolver");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot patch JBox2D: " + e, e);
        }
        verify();
        return true;
    }

    private static void define(MethodHandles.Lookup lookup, byte[] bytes, String name) {
        try {
            lookup.defineClass(bytes);
        } catch (LinkageError e) {
            // Already loaded (by code that used JBox2D before any LunarLander); verify() decides.
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot define patched JBox2D " + name + ": " + e, e);
        }
    }

    /** Checks that the loaded JBox2D classes behave as patched. */
    static void verify() {
        if (org.jbox2d.common.MathUtils.sin(PROBE) != GlibcTrig.sinf(PROBE)
                || org.jbox2d.common.MathUtils.cos(PROBE) != GlibcTrig.cosf(PROBE)) {
            throw notPatched("MathUtils");
        }
        Sweep s = new Sweep();
        s.c0.set(0f, 0f);
        s.c.set(1f, 0f);
        s.alpha0 = 0.5f;
        s.advance(0.75f);
        if (s.alpha0 != 0.75f || s.c0.x != 0.5f) {
            throw notPatched("Sweep");
        }
        try {
            Class<?> solver = Class.forName(CONTACTS + "ContactSolver", true, Settings.class.getClassLoader());
            if (solver.getField("k_maxConditionNumber").getFloat(null) != 1000.0f) {
                throw notPatched("ContactSolver");
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot check JBox2D's ContactSolver: " + e, e);
        }
    }

    private static IllegalStateException notPatched(String name) {
        return new IllegalStateException("JBox2D's " + name + " was loaded before kfrelax could adapt it to Box2D 2.3; "
                + "create a LunarLander (or touch org.kfrelax.gym.box2d) before any other JBox2D use");
    }

    private static byte[] read(ClassLoader loader, String className) {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("JBox2D class file not found: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
