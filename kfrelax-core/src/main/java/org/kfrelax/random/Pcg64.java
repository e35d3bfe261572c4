package org.kfrelax.random;

import java.security.SecureRandom;
import org.kfrelax.state.Stateful;
import org.kfrelax.state.TrainingState;

/**
 * numpy's PCG64 bit generator with numpy {@code Generator} draws on top, so that
 * {@code new Pcg64(s)} reproduces {@code np.random.default_rng(s)} (and Gymnasium's
 * {@code reset(seed=s)}) bit for bit.
 *
 * <p>The generator is a 128-bit linear congruential generator
 * {@code state = state * M + inc (mod 2^128)}, {@code M = 0x2360ED051FC65DA44385DF649FCCF645},
 * with the XSL-RR output {@code rotr64(hi(state) ^ lo(state), state >>> 122)} applied to the
 * state after each step. Seeding: {@code SeedSequence(seed).generate_state(4, uint64) = v};
 * {@code initstate = v[0]·2^64 + v[1]}, {@code initseq = v[2]·2^64 + v[3]};
 * {@code inc = 2·initseq + 1}; {@code state = 0}; step; {@code state += initstate}; step.
 *
 * <p>Exact numpy counterparts: {@link #nextLong()} = {@code next_uint64};
 * {@link #nextUint32()} = PCG64's {@code next_uint32} (low half of a 64-bit draw, the high
 * half buffered for the next call); {@link #nextDouble()} = {@code random()};
 * {@link #uniform} = {@code uniform(lo, hi)}; {@link #integers} and {@link #nextInt} =
 * {@code integers(low, high)} (Lemire's rejection, 32-bit draws when the range fits).
 * Not exact: {@link #nextGaussian()} is the interface's polar method, not numpy's ziggurat
 * {@code standard_normal} (no environment here draws normals).
 *
 * <p>State ({@link #saveState}): the six words {@code state (hi, lo), inc (hi, lo), has_uint32,
 * uinteger}, numpy's {@code bit_generator.state} for PCG64.
 *
 * <p>Not thread-safe; one generator per thread.
 */
public final class Pcg64 implements Rng, Stateful {
    private static final long MULT_HI = 0x2360ED051FC65DA4L;
    private static final long MULT_LO = 0x4385DF649FCCF645L;

    private long stateHi;
    private long stateLo;
    private long incHi;
    private long incLo;
    private boolean hasUint32;
    private int uinteger;

    /** {@code np.random.default_rng(seed)} for a non-negative seed. */
    public Pcg64(long seed) {
        this(new SeedSequence(seed));
    }

    /** {@code PCG64(seedSequence)}. */
    public Pcg64(SeedSequence seq) {
        long[] v = seq.generateState64(4);
        setSeed(v[0], v[1], v[2], v[3]);
    }

    private Pcg64(long stateHi, long stateLo, long incHi, long incLo, boolean hasUint32, int uinteger) {
        this.stateHi = stateHi;
        this.stateLo = stateLo;
        this.incHi = incHi;
        this.incLo = incLo;
        this.hasUint32 = hasUint32;
        this.uinteger = uinteger;
    }

    /** A generator seeded from OS entropy (numpy's {@code default_rng(None)}: 128 random bits). */
    public static Pcg64 fromEntropy() {
        SecureRandom sr = new SecureRandom();
        int[] words = new int[4];
        for (int i = 0; i < 4; i++) {
            words[i] = sr.nextInt();
        }
        return new Pcg64(new SeedSequence(words));
    }

    /** An independent copy with the same state (including the buffered 32-bit half). */
    public Pcg64 copy() {
        return new Pcg64(stateHi, stateLo, incHi, incLo, hasUint32, uinteger);
    }

    private void setSeed(long initHi, long initLo, long seqHi, long seqLo) {
        incHi = (seqHi << 1) | (seqLo >>> 63);
        incLo = (seqLo << 1) | 1L;
        stateHi = 0;
        stateLo = 0;
        step();
        long lo = stateLo + initLo;
        long carry = Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0;
        stateHi = stateHi + initHi + carry;
        stateLo = lo;
        step();
        hasUint32 = false;
        uinteger = 0;
    }

    /** state = state * M + inc (mod 2^128). */
    private void step() {
        long lo = stateLo;
        long hi = stateHi;
        // unsigned high 64 bits of lo * MULT_LO
        long mulHi = Math.multiplyHigh(lo, MULT_LO) + ((lo >> 63) & MULT_LO) + ((MULT_LO >> 63) & lo);
        long newHi = mulHi + lo * MULT_HI + hi * MULT_LO;
        long newLo = lo * MULT_LO;
        long sumLo = newLo + incLo;
        long carry = Long.compareUnsigned(sumLo, newLo) < 0 ? 1 : 0;
        stateHi = newHi + incHi + carry;
        stateLo = sumLo;
    }

    /** numpy's {@code next_uint64}: step, then XSL-RR of the new state. */
    @Override
    public long nextLong() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /** numpy PCG64's {@code next_uint32} (as an int holding the unsigned bits). */
    public int nextUint32() {
        if (hasUint32) {
            hasUint32 = false;
            return uinteger;
        }
        long next = nextLong();
        hasUint32 = true;
        uinteger = (int) (next >>> 32);
        return (int) next;
    }

    /**
     * numpy {@code Generator.integers(low, high)} (int64, high exclusive): Lemire's
     * multiply-and-reject on 32-bit draws when {@code high - 1 - low < 2^32}, else on 64-bit draws.
     */
    public long integers(long low, long high) {
        if (low >= high) {
            throw new IllegalArgumentException("integers needs low < high, got low=" + low + " high=" + high);
        }
        long rng = high - 1 - low; // inclusive range, as unsigned
        if (rng == 0) {
            return low;
        }
        if (Long.compareUnsigned(rng, 0xFFFFFFFFL) <= 0) {
            if (rng == 0xFFFFFFFFL) {
                return low + (nextUint32() & 0xFFFFFFFFL);
            }
            return low + boundedLemire32(rng);
        }
        if (rng == -1L) {
            return low + nextLong();
        }
        return low + boundedLemire64(rng);
    }

    private long boundedLemire32(long rng) {
        long rngExcl = rng + 1; // <= 2^32 - 1
        long m = (nextUint32() & 0xFFFFFFFFL) * rngExcl;
        long leftover = m & 0xFFFFFFFFL;
        if (leftover < rngExcl) {
            long threshold = (0xFFFFFFFFL - rng) % rngExcl;
            while (leftover < threshold) {
                m = (nextUint32() & 0xFFFFFFFFL) * rngExcl;
                leftover = m & 0xFFFFFFFFL;
            }
        }
        return m >>> 32;
    }

    private long boundedLemire64(long rng) {
        long rngExcl = rng + 1;
        long x = nextLong();
        long leftover = x * rngExcl;
        if (Long.compareUnsigned(leftover, rngExcl) < 0) {
            long threshold = Long.remainderUnsigned(-1L - rng, rngExcl);
            while (Long.compareUnsigned(leftover, threshold) < 0) {
                x = nextLong();
                leftover = x * rngExcl;
            }
        }
        return Math.multiplyHigh(x, rngExcl) + ((x >> 63) & rngExcl) + ((rngExcl >> 63) & x);
    }

    /** numpy {@code integers(0, n)}: uniform on [0, n). */
    @Override
    public int nextInt(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("nextInt bound must be positive, got " + n);
        }
        return (int) integers(0, n);
    }

    @Override
    public void saveState(TrainingState state, String prefix) {
        state.putLongs(prefix, stateHi, stateLo, incHi, incLo, hasUint32 ? 1 : 0, uinteger);
    }

    @Override
    public void loadState(TrainingState state, String prefix) {
        long[] w = state.longs(prefix, 6);
        if ((w[3] & 1) == 0 || (w[4] != 0 && w[4] != 1) || w[5] != (int) w[5]) {
            throw new IllegalArgumentException("training state: '" + prefix + "' is not a PCG64 state (even increment,"
                    + " or a buffered half that is not 32 bits)");
        }
        stateHi = w[0];
        stateLo = w[1];
        incHi = w[2];
        incLo = w[3];
        hasUint32 = w[4] == 1;
        uinteger = (int) w[5];
    }

    @Override
    public String toString() {
        return String.format("Pcg64(state=0x%016x%016x, inc=0x%016x%016x)", stateHi, stateLo, incHi, incLo);
    }
}
