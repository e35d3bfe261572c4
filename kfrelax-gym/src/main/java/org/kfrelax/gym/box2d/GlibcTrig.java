package org.kfrelax.gym.box2d;

/**
 * Single-precision sine and cosine exactly as glibc (2.28 and later) computes {@code sinf} and
 * {@code cosf} on x86-64 CPUs with FMA (the {@code __sinf_fma}/{@code __cosf_fma} builds glibc
 * selects on every such CPU since 2013; aarch64 computes the same fused operations).
 *
 * <p>Box2D calls {@code sinf}/{@code cosf} for every rotation; glibc's are not correctly rounded
 * (about 2% of arguments in [-1, 1] differ by one ulp from {@code (float) sin((double) x)}),
 * so reproducing Gymnasium's pybox2d trajectories bit for bit needs glibc's values.
 *
 * <p>Algorithm (the Arm optimized-routines code glibc uses): evaluate in double. For
 * {@code |x| < π/4}: {@code sin x ≈ x + x³(s1 + x²(s2 + x² s3))} (as
 * {@code fma(x⁷, s2 + x² s3, fma(x³, s1, x))}), {@code cos x ≈ c0 + x² c1 + x⁴ c2 + x⁶(c3 + x² c4)};
 * tiny arguments ({@code |x| < 2^-12}) return {@code x} and 1. For {@code |x| < 120}: reduce
 * by {@code n = round(x·2/π)} as {@code x - n·π/2} (one fused multiply-add) and pick the
 * polynomial and sign by the quadrant {@code n}. Larger arguments use a 192-bit 4/π table.
 * Every {@code a + b·c} that the FMA build fuses is a {@link Math#fma} here.
 */
public final class GlibcTrig {
    private static final double[] SIGN = {1.0, -1.0, -1.0, 1.0};
    private static final double HPI_INV = 0x1.45F306DC9C883p+23; // 2/π · 2^24
    private static final double HPI = 0x1.921FB54442D18p0;       // π/2
    private static final double C0 = 0x1p0;
    private static final double C1 = -0x1.ffffffd0c621cp-2;
    private static final double C2 = 0x1.55553e1068f19p-5;
    private static final double C3 = -0x1.6c087e89a359dp-10;
    private static final double C4 = 0x1.99343027bf8c3p-16;
    private static final double S1 = -0x1.555545995a603p-3;
    private static final double S2 = 0x1.1107605230bc4p-7;
    private static final double S3 = -0x1.994eb3774cf24p-13;
    private static final double PI63 = 0x1.921FB54442D18p-62;   // 2π · 2^-64
    /** 4/π to 192 bits, 8 new bits per entry. */
    private static final int[] INV_PIO4 = {
        0xa2, 0xa2f9, 0xa2f983, 0xa2f9836e, 0xf9836e4e, 0x836e4e44, 0x6e4e4415, 0x4e441529,
        0x441529fc, 0x1529fc27, 0x29fc2757, 0xfc2757d1, 0x2757d1f5, 0x57d1f534, 0xd1f534dd, 0xf534ddc0,
        0x34ddc0db, 0xddc0db62, 0xc0db6295, 0xdb629599, 0x6295993c, 0x95993c43, 0x993c4390, 0x3c439041,
    };
    private static final int TOP_PIO4 = abstop12(0x1.921FB6p-1f);
    private static final int TOP_TINY = abstop12(0x1p-12f);
    private static final int TOP_120 = abstop12(120.0f);
    private static final int TOP_INF = abstop12(Float.POSITIVE_INFINITY);

    private GlibcTrig() {}

    /** glibc's {@code sinf(y)}. */
    public static float sinf(float y) {
        double x = y;
        int top = abstop12(y);
        if (top < TOP_PIO4) {
            if (top < TOP_TINY) {
                return y;
            }
            return poly(x, x * x, false, 0);
        } else if (top < TOP_120) {
            int n = quadrant(x);
            double r = Math.fma(-(double) n, HPI, x);
            return poly(r * SIGN[n & 3], r * r, (n & 2) != 0, n);
        } else if (top < TOP_INF) {
            int bits = Float.floatToRawIntBits(y);
            long[] red = reduceLarge(bits);
            double r = Double.longBitsToDouble(red[0]);
            int n = (int) red[1];
            int q = n + (bits >>> 31);
            return poly(r * SIGN[q & 3], r * r, (q & 2) != 0, n);
        }
        return Float.NaN;
    }

    /** glibc's {@code cosf(y)}. */
    public static float cosf(float y) {
        double x = y;
        int top = abstop12(y);
        if (top < TOP_PIO4) {
            if (top < TOP_TINY) {
                return 1.0f;
            }
            return poly(x, x * x, false, 1);
        } else if (top < TOP_120) {
            int n = quadrant(x);
            double r = Math.fma(-(double) n, HPI, x);
            return poly(r * SIGN[n & 3], r * r, (n & 2) != 0, n ^ 1);
        } else if (top < TOP_INF) {
            int bits = Float.floatToRawIntBits(y);
            long[] red = reduceLarge(bits);
            double r = Double.longBitsToDouble(red[0]);
            int n = (int) red[1];
            int q = n + (bits >>> 31);
            return poly(r * SIGN[q & 3], r * r, (q & 2) != 0, n ^ 1);
        }
        return Float.NaN;
    }

    private static int abstop12(float x) {
        return (Float.floatToRawIntBits(x) >>> 20) & 0x7ff;
    }

    /** {@code round(x·2/π)} as glibc's x86-64 {@code reduce_fast} computes it (truncation at 2^24). */
    private static int quadrant(double x) {
        double r = x * HPI_INV;
        return (((int) r) + 0x800000) >> 24;
    }

    /**
     * Sine polynomial for even {@code n}, cosine polynomial for odd {@code n}; {@code negCos}
     * selects the table entry that returns {@code -cos}.
     */
    private static float poly(double x, double x2, boolean negCos, int n) {
        if ((n & 1) == 0) {
            double x3 = x * x2;
            double s1 = Math.fma(x2, S3, S2);
            double x7 = x3 * x2;
            double s = Math.fma(x3, S1, x);
            return (float) Math.fma(x7, s1, s);
        }
        double g = negCos ? -1.0 : 1.0;
        double x4 = x2 * x2;
        double c2 = Math.fma(x2, g * C4, g * C3);
        double c1 = Math.fma(x2, g * C1, g * C0);
        double x6 = x4 * x2;
        double c = Math.fma(x4, g * C2, c1);
        return (float) Math.fma(x6, c2, c);
    }

    /** glibc's {@code reduce_large}: {bits of x mod π/2 in [-π/4, π/4], quadrant}. */
    private static long[] reduceLarge(int xi) {
        int base = (xi >>> 26) & 15;
        int shift = (xi >>> 23) & 7;
        int m = ((xi & 0xffffff) | 0x800000) << shift;
        long mu = m & 0xFFFFFFFFL;
        long res0 = (m * INV_PIO4[base]) & 0xFFFFFFFFL; // 32-bit product
        long res1 = mu * (INV_PIO4[base + 4] & 0xFFFFFFFFL);
        long res2 = mu * (INV_PIO4[base + 8] & 0xFFFFFFFFL);
        res0 = (res2 >>> 32) | (res0 << 32);
        res0 += res1;
        long n = (res0 + (1L << 61)) >>> 62;
        res0 -= n << 62;
        double x = (double) res0;
        return new long[] {Double.doubleToRawLongBits(x * PI63), n};
    }
}
