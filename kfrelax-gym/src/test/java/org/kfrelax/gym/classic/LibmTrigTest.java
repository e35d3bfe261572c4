package org.kfrelax.gym.classic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LibmTrigTest {

    /** Digests from Python's math.sin/math.cos: glibc 2.36 on an x86-64 CPU with FMA (its __sin_fma/__cos_fma). */
    @Test
    void matchesGlibcWithFma() {
        TrigFixture.check("glibc-trig.txt", 7, LibmTrig::sin, LibmTrig::cos);
    }

    /** glibc's values where they are not Java's Math ones (computed by Python's math module on this machine). */
    @Test
    void differsFromJavaWhereGlibcDoes() {
        assertThat(LibmTrig.sin(1e300)).isEqualTo(-0x1.a2c16b010e385p-1);
        assertThat(LibmTrig.cos(1e22)).isEqualTo(0x1.0be2cef01c8f4p-1);
        int differs = 0;
        for (double x : TrigFixture.arguments("cartpole")) {
            if (LibmTrig.cos(x) != Math.cos(x) || LibmTrig.sin(x) != Math.sin(x)) {
                differs++;
            }
        }
        assertThat(differs).as("arguments in [-0.5, 0.5] where glibc and Math differ").isPositive();
    }

    @Test
    void nonFiniteArgumentsGiveNaN() {
        assertThat(LibmTrig.sin(Double.NaN)).isNaN();
        assertThat(LibmTrig.sin(Double.POSITIVE_INFINITY)).isNaN();
        assertThat(LibmTrig.cos(Double.NEGATIVE_INFINITY)).isNaN();
        assertThat(LibmTrig.cos(Double.NaN)).isNaN();
    }
}
