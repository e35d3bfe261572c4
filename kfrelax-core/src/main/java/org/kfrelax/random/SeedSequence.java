package org.kfrelax.random;

import java.util.Arrays;

/**
 * A port of numpy's {@code SeedSequence} (itself after M. E. O'Neill's {@code seed_seq}
 * alternative): hashes an arbitrary-size entropy (here a non-negative integer split into
 * little-endian 32-bit words) into a pool of four 32-bit words, from which
 * {@link #generateState64(int)} draws well-mixed seeding words.
 *
 * <p>{@code new SeedSequence(s)} equals numpy's {@code SeedSequence(s)} for every
 * non-negative {@code s}, which is what {@code np.random.default_rng(s)} and Gymnasium's
 * {@code reset(seed=s)} use. {@link #spawn(int)} makes independent children as numpy's
 * {@code spawn} does: child i (counting on from the children spawned before) has the same
 * entropy and spawn key = parent's spawn key + (i); its pool hashes the entropy words, padded
 * with zeros to the pool size when a spawn key follows, then the spawn key's words. A
 * sequence is immutable apart from that count of spawned children.
 *
 * <p>Constants from numpy/random/bit_generator.pyx.
 */
public final class SeedSequence {
    private static final int POOL_SIZE = 4;
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;

    private final int[] pool = new int[POOL_SIZE];
    private final int[] entropy;
    private final long[] spawnKey;
    private long childrenSpawned;

    /** numpy's {@code SeedSequence(seed)} for a non-negative integer seed. */
    public SeedSequence(long seed) {
        this(toWords(seed));
    }

    /**
     * numpy's {@code SeedSequence(entropy)} where {@code entropy} is given as its 32-bit
     * words, least significant first (numpy's coercion of a Python int or uint32 array).
     */
    public SeedSequence(int[] entropyWords) {
        this(entropyWords, new long[0]);
    }

    private SeedSequence(int[] entropyWords, long[] spawnKey) {
        if (entropyWords.length == 0) {
            throw new IllegalArgumentException("SeedSequence entropy needs at least one word");
        }
        this.entropy = entropyWords.clone();
        this.spawnKey = spawnKey;
        mixEntropy(assembledEntropy());
    }

    /**
     * numpy's {@code spawn(n)}: {@code n} children with spawn keys {@code spawnKey + (i)} for
     * i = (children spawned so far) ... + n − 1; calling it again continues the count.
     */
    public SeedSequence[] spawn(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("number of children must be >= 0, got " + n);
        }
        SeedSequence[] children = new SeedSequence[n];
        for (int i = 0; i < n; i++) {
            long[] key = Arrays.copyOf(spawnKey, spawnKey.length + 1);
            key[spawnKey.length] = childrenSpawned++;
            children[i] = new SeedSequence(entropy, key);
        }
        return children;
    }

    /** The spawn key: empty for a root sequence, the child indices from the root down otherwise. */
    public long[] spawnKey() {
        return spawnKey.clone();
    }

    /**
     * The words the pool hashes (numpy's {@code get_assembled_entropy}): the entropy, padded
     * with zero words to the pool size if a spawn key follows, then each spawn-key element's words.
     */
    private int[] assembledEntropy() {
        if (spawnKey.length == 0) {
            return entropy.clone();
        }
        int[] out = Arrays.copyOf(entropy, Math.max(entropy.length, POOL_SIZE));
        for (long k : spawnKey) {
            int[] w = toWords(k);
            int at = out.length;
            out = Arrays.copyOf(out, at + w.length);
            System.arraycopy(w, 0, out, at, w.length);
        }
        return out;
    }

    /** Little-endian 32-bit words of a non-negative integer (0 gives one zero word). */
    static int[] toWords(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be a non-negative integer, got " + seed);
        }
        if ((seed >>> 32) == 0) {
            return new int[] {(int) seed};
        }
        return new int[] {(int) seed, (int) (seed >>> 32)};
    }

    private static int mix(int x, int y) {
        int r = MIX_MULT_L * x - MIX_MULT_R * y;
        return r ^ (r >>> XSHIFT);
    }

    private void mixEntropy(int[] entropy) {
        int[] hashConst = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashmix(pool[src], hashConst));
                }
            }
        }
        for (int src = POOL_SIZE; src < entropy.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                pool[dst] = mix(pool[dst], hashmix(entropy[src], hashConst));
            }
        }
    }

    /** {@code value ^= h; h *= MULT_A; value *= h; value ^= value >>> 16} (mod 2^32). */
    private static int hashmix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= MULT_A;
        value *= hashConst[0];
        return value ^ (value >>> XSHIFT);
    }

    /** The mixed entropy pool (four 32-bit words). */
    public int[] pool() {
        return pool.clone();
    }

    /** numpy's {@code generate_state(n, np.uint32)}. */
    public int[] generateState32(int nWords) {
        if (nWords < 0) {
            throw new IllegalArgumentException("number of words must be >= 0, got " + nWords);
        }
        int[] out = new int[nWords];
        int hashConst = INIT_B;
        for (int i = 0; i < nWords; i++) {
            int v = pool[i % POOL_SIZE];
            v ^= hashConst;
            hashConst *= MULT_B;
            v *= hashConst;
            v ^= v >>> XSHIFT;
            out[i] = v;
        }
        return out;
    }

    /** numpy's {@code generate_state(n, np.uint64)}: pairs of 32-bit words, low word first. */
    public long[] generateState64(int nWords) {
        int[] w = generateState32(2 * nWords);
        long[] out = new long[nWords];
        for (int i = 0; i < nWords; i++) {
            out[i] = (w[2 * i] & 0xFFFFFFFFL) | ((long) w[2 * i + 1] << 32);
        }
        return out;
    }

    @Override
    public String toString() {
        return "SeedSequence(pool=" + Arrays.toString(pool) + ", spawnKey=" + Arrays.toString(spawnKey) + ")";
    }
}
