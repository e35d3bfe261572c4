package org.kfrelax.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The training state of a run beyond its parameters, as named arrays: optimizer moments and
 * step counts, K-FAC factors and inverses, generator states, counters, buffers. Objects that
 * hold such state ({@link Stateful}) write it under a name prefix and read it back; a resumed
 * run that reads everything a run wrote continues bit for bit. {@link StateFile} stores it.
 *
 * <p>Two kinds of entry: {@code double[]} (values, bit-exact, NaN allowed: e.g. a metric not
 * yet defined) and {@code long[]} (counters, generator words, flags). Reading checks the name,
 * kind and length and says which is wrong ({@link IllegalArgumentException}). Not thread-safe.
 */
public final class TrainingState {
    private final Map<String, Object> entries = new LinkedHashMap<>();

    /** Stores a copy of {@code values} under {@code name} (a name is written once). */
    public void putDoubles(String name, double[] values) {
        put(name, values.clone());
    }

    /** Stores a copy of {@code values} under {@code name}. */
    public void putLongs(String name, long... values) {
        put(name, values.clone());
    }

    /** Stores one double. */
    public void putDouble(String name, double value) {
        put(name, new double[] {value});
    }

    /** Stores a flag as the long 0 or 1. */
    public void putBoolean(String name, boolean value) {
        put(name, new long[] {value ? 1 : 0});
    }

    private void put(String name, Object values) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("training state: empty entry name");
        }
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("training state: entry '" + name + "' written twice");
        }
        entries.put(name, values);
    }

    /** The doubles under {@code name}, which must have {@code length} values (−1: any length). */
    public double[] doubles(String name, int length) {
        Object v = entry(name);
        if (!(v instanceof double[] d)) {
            throw new IllegalArgumentException("training state: '" + name + "' holds integers, expected doubles");
        }
        checkLength(name, d.length, length);
        return d.clone();
    }

    /** The longs under {@code name}, which must have {@code length} values (−1: any length). */
    public long[] longs(String name, int length) {
        Object v = entry(name);
        if (!(v instanceof long[] l)) {
            throw new IllegalArgumentException("training state: '" + name + "' holds doubles, expected integers");
        }
        checkLength(name, l.length, length);
        return l.clone();
    }

    /** The single long under {@code name}. */
    public long getLong(String name) {
        return longs(name, 1)[0];
    }

    /** The single double under {@code name}. */
    public double getDouble(String name) {
        return doubles(name, 1)[0];
    }

    /** The flag under {@code name} (0 or 1). */
    public boolean getBoolean(String name) {
        long v = getLong(name);
        if (v != 0 && v != 1) {
            throw new IllegalArgumentException("training state: '" + name + "' is " + v + ", expected a flag 0 or 1");
        }
        return v == 1;
    }

    /** Whether an entry {@code name} exists. */
    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The entry names in the order written. */
    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The raw entry (a double[] or long[], not copied) for {@link StateFile}. */
    Object raw(String name) {
        return entries.get(name);
    }

    private Object entry(String name) {
        Object v = entries.get(name);
        if (v == null) {
            throw new IllegalArgumentException("training state: no entry '" + name + "'");
        }
        return v;
    }

    private static void checkLength(String name, int actual, int expected) {
        if (expected >= 0 && actual != expected) {
            throw new IllegalArgumentException("training state: '" + name + "' has " + actual + " values, expected "
                    + expected);
        }
    }
}
