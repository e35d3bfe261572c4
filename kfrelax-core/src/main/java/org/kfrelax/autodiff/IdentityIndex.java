package org.kfrelax.autodiff;

/**
 * A small open-addressing map from tensors (by identity) to non-negative ints, local to one
 * {@link Autodiff#grad} call. Cheaper than {@link java.util.IdentityHashMap} for the few
 * hundred entries of a typical graph: one table, linear probing, no boxing.
 */
final class IdentityIndex {
    private Tensor[] keys;
    private int[] values;
    private int size;

    IdentityIndex(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new Tensor[cap];
        values = new int[cap];
    }

    private static int slot(Tensor t, int mask) {
        int h = System.identityHashCode(t);
        return (h ^ (h >>> 16)) * 0x9E3779B9 >>> 7 & mask;
    }

    /** The value for {@code t}, or −1 if absent. */
    int get(Tensor t) {
        int mask = keys.length - 1;
        for (int i = slot(t, mask); ; i = (i + 1) & mask) {
            Tensor k = keys[i];
            if (k == t) {
                return values[i];
            }
            if (k == null) {
                return -1;
            }
        }
    }

    /** Sets the value for {@code t} (inserting it if absent). */
    void put(Tensor t, int value) {
        int mask = keys.length - 1;
        for (int i = slot(t, mask); ; i = (i + 1) & mask) {
            Tensor k = keys[i];
            if (k == t) {
                values[i] = value;
                return;
            }
            if (k == null) {
                keys[i] = t;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return;
            }
        }
    }

    private void grow() {
        Tensor[] oldKeys = keys;
        int[] oldValues = values;
        keys = new Tensor[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
