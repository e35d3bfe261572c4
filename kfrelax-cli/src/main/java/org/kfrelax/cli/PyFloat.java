package org.kfrelax.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as Python's {@code repr(float)}: the shortest decimal that reads
 * back to the same double, in fixed notation when the decimal exponent is in [−4, 16),
 * otherwise as {@code d.ddde±XX}; integral values get {@code .0}. This is the number format
 * of the Gymnasium reference CSV files (float32 values are written as the repr of the
 * equal double).
 */
public final class PyFloat {
    private PyFloat() {}

    /** Python's {@code repr(x)}. */
    public static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(x);
        String digits = shortest.unscaledValue().abs().toString();
        // strip trailing zeros of the digit string (keeping the value)
        int scale = shortest.scale();
        while (digits.length() > 1 && digits.endsWith("0")) {
            digits = digits.substring(0, digits.length() - 1);
            scale--;
        }
        int exp10 = digits.length() - 1 - scale; // x = d.ddd * 10^exp10
        StringBuilder sb = new StringBuilder(24);
        if (x < 0) {
            sb.append('-');
        }
        if (exp10 < -4 || exp10 >= 16) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp10 < 0 ? '-' : '+');
            int e = Math.abs(exp10);
            if (e < 10) {
                sb.append('0');
            }
            sb.append(e);
        } else if (exp10 < 0) {
            sb.append("0.");
            for (int i = -1; i > exp10; i--) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (digits.length() <= exp10 + 1) {
            sb.append(digits);
            for (int i = digits.length(); i <= exp10; i++) {
                sb.append('0');
            }
            sb.append(".0");
        } else {
            sb.append(digits, 0, exp10 + 1).append('.').append(digits, exp10 + 1, digits.length());
        }
        return sb.toString();
    }

    /** Python's {@code repr(float(f))}: the float32 value's shortest double repr. */
    public static String repr(float f) {
        return repr((double) f);
    }

    /** The shortest decimal that rounds to {@code x}, closest to {@code x} among those. */
    private static BigDecimal shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == x) {
                return r;
            }
            // the nearest p-digit decimal may miss an asymmetric rounding interval while its
            // neighbour on the other side hits it (only at powers of two)
            BigDecimal ulp = r.ulp();
            for (BigDecimal c : new BigDecimal[] {r.add(ulp), r.subtract(ulp)}) {
                if (c.doubleValue() == x) {
                    return c;
                }
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
