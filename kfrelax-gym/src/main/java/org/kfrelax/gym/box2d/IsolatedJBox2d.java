package org.kfrelax.gym.box2d;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A class loader of the LunarLander simulator's own: it defines JBox2D's classes (edited by
 * {@link JBox2dEdits}) and the simulator ({@code org.kfrelax.gym.box2d.physics}) from the class
 * files on the ordinary class path, and takes every other class from its parent. The application
 * and the simulator thus each have their own JBox2D: whoever uses JBox2D, before or after the
 * first LunarLander, gets the library unchanged (its classes, and its static switches in
 * {@code Settings}), and the simulator always gets the edited one.
 *
 * <p><b>Why a class loader and not a build step.</b> Patching at build time (writing edited,
 * relocated JBox2D classes into kfrelax-gym's jar) would also remove the load-order dependence,
 * but only once Maven has run that step: the simulator would be compiled against JBox2D's
 * package and rewritten after compilation, so tests and IDE runs that use {@code target/classes}
 * before packaging, and any test touching JBox2D types, would see a different program from the
 * jar, and the published jar would carry a relocated copy of another project's classes. The
 * loader does the same edits on every launch path alike ({@code mvn verify}, the CLI's fat jar,
 * a Maven user's class path, an IDE) from the one JBox2D jar the build already declares, checks
 * each edit against the bytes it finds (another JBox2D version fails loudly, see
 * {@link JBox2dEdit#apply}), and costs one ASM dependency (~130 kB) and, once per JVM, about
 * 50 ms more CPU time for the first LunarLander (main-thread CPU time of the first
 * {@code new LunarLander().reset(0)}: ~115 ms, against ~65 ms with the former in-place patch);
 * steps run as fast as before. The price is a boundary: the {@code physics} classes must only be
 * used through {@link LunarLanderSim} (loaded next to the application's JBox2D they refuse to
 * run), and what crosses the boundary must be public types of the parent ({@link LunarLanderSim},
 * {@link LunarLanderOptions}, {@code StepResult}, {@code Rng}) and plain Java values.
 */
final class IsolatedJBox2d {
    private static final String JBOX2D = "org.jbox2d.";
    private static final String SIMULATOR = "org.kfrelax.gym.box2d.physics.";
    private static final String WORLD = SIMULATOR + "LunarLanderWorld";

    /** The loader every LunarLander in the JVM shares (made when the first one is). */
    private static final class Standard {
        static final IsolatedJBox2d INSTANCE = new IsolatedJBox2d(JBox2dEdits.fidelity(true));
    }

    private final Loader loader;
    private final Constructor<?> world;

    /** A new loader applying {@code edits} (at most one list per JBox2D class is looked up). */
    IsolatedJBox2d(List<JBox2dEdit> edits) {
        ClassLoader parent = IsolatedJBox2d.class.getClassLoader();
        this.loader = new Loader(parent, edits.stream().collect(Collectors.groupingBy(JBox2dEdit::className)));
        try {
            for (JBox2dEdit edit : edits) {
                Class.forName(edit.className(), false, loader); // check every edit now, not mid-episode
            }
            this.world = Class.forName(WORLD, true, loader).getConstructor(LunarLanderOptions.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the LunarLander simulator: " + e, e);
        }
    }

    /** The fidelity and speed edits; shared by every LunarLander in the JVM. */
    static IsolatedJBox2d standard() {
        return Standard.INSTANCE;
    }

    /** A new simulation in this loader. */
    LunarLanderSim newSim(LunarLanderOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        try {
            return (LunarLanderSim) world.newInstance(options);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot create the LunarLander simulator: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the LunarLander simulator: " + e, e);
        }
    }

    /** The class {@code name} as this loader defines it (for tests, e.g. the edited MathUtils). */
    Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, true, loader);
    }

    /** Child-first for JBox2D and the simulator package, parent-first for everything else. */
    private static final class Loader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, List<JBox2dEdit>> edits;

        Loader(ClassLoader parent, Map<String, List<JBox2dEdit>> edits) {
            super("kfrelax-jbox2d", parent);
            this.edits = edits;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(JBOX2D) && !name.startsWith(SIMULATOR)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            String resource = name.replace('.', '/') + ".class";
            byte[] bytes;
            try (InputStream in = getParent().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ClassNotFoundException(name + " (no " + resource + " on the class path)");
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
            List<JBox2dEdit> forClass = edits.get(name);
            if (forClass != null) {
                bytes = JBox2dEdit.apply(bytes, forClass);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
