package org.kfrelax.gym.classic;

/**
 * Double-precision sine and cosine exactly as numpy 1.24 computes {@code np.sin}/{@code np.cos}
 * of float64 values on x86-64 CPUs with AVX-512 (SKX and later): numpy's float64 sin/cos loop
 * ({@code loops_umath_fp.dispatch.c.src}) calls Intel SVML's {@code __svml_sin8} and
 * {@code __svml_cos8} (the "la", under 4 ulp, builds vendored in numpy's SVML submodule) for
 * arrays and scalars alike. These are not the C library's functions: they differ from glibc's
 * {@code sin} in about half of all arguments. Gymnasium's CartPole, Acrobot and Pendulum call
 * {@code np.sin}/{@code np.cos} on float64 scalars, and the shared reference trajectories were
 * made with numpy 1.24.2 (Debian 12's) on such a CPU.
 *
 * <p>sin, for {@code |x| <= 2^24}: {@code N = rint(x/π)} (one fused multiply-add with the
 * shifter 1.5·2^52), {@code R = x − N·π₁ − N·π₂ − N·π₃} (three fused steps, π split into
 * three doubles), and
 * <pre>
 * sin x = (−1)^N (R + R³ (c1 + R²(c2 + R²(c3 + R²(c4 + R²(c5 + R²(c6 + R² c7)))))))
 * </pre>
 * where {@code R²} is taken from the two-step remainder, and the sign of N's parity is applied
 * by flipping the sign bit (for x = ±0 the sign of x is flipped in too, so sin(−0) = −0).
 *
 * <p>cos, for {@code |x| < π·(2^23 − 1)}: {@code a = |x|}, {@code N = floor(a/π)} (a fused
 * multiply-add rounded toward zero with the shifter 2^52), {@code R = (N + ½)π − a} (three fused
 * steps) and {@code cos x = (−1)^N sin R} with a degree-15 odd polynomial as above (its own
 * coefficients); {@code |x| < 2^-27} gives 1.
 *
 * <p>Every operation is rounded to nearest except the cosine's quadrant step, and every fused
 * operation of the SVML code is a {@link Math#fma} here. Non-finite arguments give NaN.
 * Arguments beyond those ranges (|x| above about 1.7·10^7 for sin, 2.6·10^7 for cos, which the
 * classic environments cannot reach) go to SVML's Payne–Hanek path, which this class does not
 * reproduce: there it returns {@link StrictMath} values (within one ulp of the true value, but
 * not necessarily SVML's bits).
 */
final class SvmlTrig {
    // Constants of __svml_dsin_data_internal / __svml_dcos_data_internal (numpy/SVML, linux/avx512).
    private static final double INV_PI = 0x1.45f306dc9c883p-2;
    private static final double PI1 = 0x1.921fb54442d18p+1;
    private static final double PI2 = 0x1.1a62633145c06p-53;
    private static final double PI3 = 0x1.c1cd129024e09p-106;

    private static final double SIN_SHIFTER = 0x1.8p52;
    private static final double SIN_LARGE = 0x1p24;
    private static final double S1 = -0x1.55555555554a8p-3;
    private static final double S2 = 0x1.111111110a573p-7;
    private static final double S3 = -0x1.a01a019a659ddp-13;
    private static final double S4 = 0x1.71de3806add1ap-19;
    private static final double S5 = -0x1.ae6355aaa4a53p-26;
    private static final double S6 = 0x1.60e6bee01d83ep-33;
    private static final double S7 = -0x1.9f1517e9f65f0p-41;

    private static final double COS_SHIFTER = 0x1p52;
    private static final double COS_HALF_SHIFTER = 0x1.fffffffffffffp51; // 2^52 − ½
    private static final double COS_LARGE = 0x1.00000007ffffep52;      // 2^52 + 2^23 − 2
    private static final double COS_TINY = 0x1p-27;
    private static final double C1 = -0x1.55555555554a7p-3;
    private static final double C2 = 0x1.111111110a4a8p-7;
    private static final double C3 = -0x1.a01a019a5b87bp-13;
    private static final double C4 = 0x1.71de38030fea0p-19;
    private static final double C5 = -0x1.ae63546002231p-26;
    private static final double C6 = 0x1.60e6857a2f220p-33;
    private static final double C7 = -0x1.9f0d60811aac8p-41;

    private SvmlTrig() {}

    /** numpy 1.24's {@code np.sin(x)} for float64 on AVX-512 (SVML {@code __svml_sin8}). */
    static double sin(double x) {
        if (!(Math.abs(x) <= SIN_LARGE)) {
            return Double.isFinite(x) ? StrictMath.sin(x) : Double.NaN;
        }
        double y = Math.fma(x, INV_PI, SIN_SHIFTER);
        long sign = Double.doubleToRawLongBits(y) << 63;
        double n = y - SIN_SHIFTER;
        if (x == 0.0) {
            sign ^= Double.doubleToRawLongBits(x);
        }
        double r = Math.fma(-n, PI1, x);
        r = Math.fma(-n, PI2, r);
        double r2 = r * r;
        double rf = Math.fma(-n, PI3, r);
        double p = Math.fma(S7, r2, S6);
        double r3 = r2 * rf;
        p = Math.fma(r2, p, S5);
        p = Math.fma(r2, p, S4);
        p = Math.fma(r2, p, S3);
        p = Math.fma(r2, p, S2);
        p = Math.fma(r2, p, S1);
        p = Math.fma(r3, p, rf);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(p) ^ sign);
    }

    /** numpy 1.24's {@code np.cos(x)} for float64 on AVX-512 (SVML {@code __svml_cos8}). */
    static double cos(double x) {
        double a = Math.abs(x);
        double y = fmaTowardZero(a, INV_PI, COS_SHIFTER);
        if (!(y <= COS_LARGE)) {
            return Double.isFinite(x) ? StrictMath.cos(x) : Double.NaN;
        }
        long sign = Double.doubleToRawLongBits(y) << 63;
        double dn = y - COS_HALF_SHIFTER;
        double r = Math.fma(dn, PI1, -a);
        r = Math.fma(PI2, dn, r);
        double r2 = r * r;
        double rf = Math.fma(PI3, dn, r);
        double p = Math.fma(C7, r2, C6);
        p = Math.fma(r2, p, C5);
        p = Math.fma(r2, p, C4);
        p = Math.fma(r2, p, C3);
        double rs = Double.longBitsToDouble(Double.doubleToRawLongBits(rf) ^ sign);
        p = Math.fma(r2, p, C2);
        double r3s = rs * r2;
        p = Math.fma(r2, p, C1);
        p = Math.fma(r3s, p, rs);
        return a < COS_TINY ? 1.0 : p;
    }

    /**
     * {@code a·b + c} rounded toward zero, for {@code a, b >= 0} and {@code c = 2^52}: the
     * nearest-rounded sum, one unit lower when that rounded up (the sign of the exact remainder
     * {@code a·b + (c − sum)} decides; {@code c − sum} is exact there).
     */
    private static double fmaTowardZero(double a, double b, double c) {
        double sum = Math.fma(a, b, c);
        if (sum < 0x1p53 && Math.fma(a, b, c - sum) < 0.0) {
            return Math.nextDown(sum);
        }
        return sum;
    }
}
