package org.kfrelax.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds a {@link SweepEngine} by name among those on the class path ({@link ServiceLoader}). */
public final class Engines {
    private Engines() {}

    /** Where the engines that are not built in come from, by name. */
    private static final String SPARK_HINT = "the Spark engine is the optional module kfrelax-spark: run the command"
            + " through ./kfrelax, which builds it and runs with its jars (kfrelax-spark/target/spark-home/jars) when"
            + " --engine spark is given; see the README's section Sweeps on Spark";

    /** The names of the engines on the class path, in discovery order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (SweepEngine e : ServiceLoader.load(SweepEngine.class)) {
            names.add(e.name());
        }
        return names;
    }

    /**
     * The engine called {@code name}.
     *
     * @throws IllegalArgumentException (one line) if none is on the class path, saying how to get it
     */
    public static SweepEngine find(String name) {
        for (SweepEngine e : ServiceLoader.load(SweepEngine.class)) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        String available = "engines on the class path: " + String.join(", ", names());
        if (name.equals("spark")) {
            throw new IllegalArgumentException("--engine spark is not on the class path (" + available + "); "
                    + SPARK_HINT);
        }
        throw new IllegalArgumentException("unknown --engine '" + name + "'; " + available);
    }
}
