package org.kfrelax.gym.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.DoubleUnaryOperator;

/**
 * Checks a sin/cos implementation against digests computed once by another implementation
 * (resource {@code trig_fixture.py} beside the fixture files says how): about 1.18 million
 * arguments in six ranges (CartPole's angles, [−4, 4], [−100, 100], every binade from 2^-60 to
 * 2^24, subnormal to 2^-60, and ±2 ulp around k·π/2 for |k| ≤ 20000), for glibc a seventh (every
 * binade from 2^24 to the largest double, 65536 arguments), generated here with the
 * same integer arithmetic as the script, and explicit edge cases. Any differing bit changes a
 * range's SHA-256, and the failure names the range.
 */
final class TrigFixture {
    private TrigFixture() {}

    /** Asserts that {@code sin} and {@code cos} reproduce every digest and vector of {@code resource}. */
    static void check(String resource, int expectedRanges, DoubleUnaryOperator sin, DoubleUnaryOperator cos) {
        int ranges = 0;
        int vectors = 0;
        for (String line : read(resource).split("\n")) {
            String[] f = line.trim().split(" ");
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (f[0].equals("v")) {
                double x = Double.longBitsToDouble(Long.parseUnsignedLong(f[1], 16));
                assertThat(Double.toHexString(sin.applyAsDouble(x))).as("sin(%s)", Double.toHexString(x))
                        .isEqualTo(Double.toHexString(Double.longBitsToDouble(Long.parseUnsignedLong(f[2], 16))));
                assertThat(Double.toHexString(cos.applyAsDouble(x))).as("cos(%s)", Double.toHexString(x))
                        .isEqualTo(Double.toHexString(Double.longBitsToDouble(Long.parseUnsignedLong(f[3], 16))));
                vectors++;
                continue;
            }
            double[] xs = arguments(f[0]);
            assertThat(xs).as("range %s size", f[0]).hasSize(Integer.parseInt(f[1]));
            assertThat(digest(xs, sin)).as("sin over range %s (%d arguments)", f[0], xs.length).isEqualTo(f[2]);
            assertThat(digest(xs, cos)).as("cos over range %s (%d arguments)", f[0], xs.length).isEqualTo(f[3]);
            ranges++;
        }
        assertThat(ranges).as("ranges in " + resource).isEqualTo(expectedRanges);
        assertThat(vectors).as("vectors in " + resource).isGreaterThan(20);
    }

    /** The arguments of one named range, as {@code trig_fixture.py} makes them. */
    static double[] arguments(String range) {
        switch (range) {
            case "cartpole":
                return uniform(1, 262144, -0.5, 0.5);
            case "four":
                return uniform(2, 262144, -4.0, 4.0);
            case "hundred":
                return uniform(3, 131072, -100.0, 100.0);
            case "scales":
                return exponents(4, 262144, 1023 - 60, 1023 + 24);
            case "tiny":
                return exponents(5, 65536, 0, 1023 - 60);
            case "halfpi":
                return nearHalfPi(20000);
            case "huge":
                return exponents(6, 65536, 1023 + 24, 2047);
            default:
                throw new IllegalArgumentException("unknown range " + range);
        }
    }

    private static String digest(double[] xs, DoubleUnaryOperator f) {
        ByteBuffer buf = ByteBuffer.allocate(8 * xs.length);
        for (double x : xs) {
            buf.putLong(Double.doubleToRawLongBits(f.applyAsDouble(x)));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buf.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long[] splitmix64(long seed, int n) {
        long state = seed;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            out[i] = z ^ (z >>> 31);
        }
        return out;
    }

    private static double[] uniform(long seed, int n, double lo, double hi) {
        long[] z = splitmix64(seed, n);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * ((z[i] >>> 11) * 0x1p-53);
        }
        return x;
    }

    /** Random sign and mantissa, biased exponent uniform in [emin, emax). */
    private static double[] exponents(long seed, int n, int emin, int emax) {
        long[] z = splitmix64(seed, n);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            long e = emin + Long.remainderUnsigned(z[i] >>> 52, emax - emin);
            x[i] = Double.longBitsToDouble((z[i] & (1L << 63)) | (e << 52) | (z[i] & ((1L << 52) - 1)));
        }
        return x;
    }

    /** k·(π/2) and the two doubles on either side of it, for |k| <= kmax (0 five times for k = 0). */
    private static double[] nearHalfPi(int kmax) {
        double[] x = new double[5 * (2 * kmax + 1)];
        int i = 0;
        for (int k = -kmax; k <= kmax; k++) {
            double v = k * (Math.PI / 2);
            long b = Double.doubleToRawLongBits(v);
            for (int d = -2; d <= 2; d++) {
                x[i++] = v == 0 ? v : Double.longBitsToDouble(b + d);
            }
        }
        return x;
    }

    private static String read(String resource) {
        try (InputStream in = TrigFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
