package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PyFloatTest {
    /** Expected strings are Python 3.11's repr of the same values. */
    @Test
    void matchesPythonRepr() {
        assertThat(PyFloat.repr(1.0)).isEqualTo("1.0");
        assertThat(PyFloat.repr(-1.0)).isEqualTo("-1.0");
        assertThat(PyFloat.repr(0.0)).isEqualTo("0.0");
        assertThat(PyFloat.repr(-0.0)).isEqualTo("-0.0");
        assertThat(PyFloat.repr(100.0)).isEqualTo("100.0");
        assertThat(PyFloat.repr(0.1)).isEqualTo("0.1");
        assertThat(PyFloat.repr(0.0001)).isEqualTo("0.0001");
        assertThat(PyFloat.repr(0.00001)).isEqualTo("1e-05");
        assertThat(PyFloat.repr(7.82920906203799e-05)).isEqualTo("7.82920906203799e-05");
        assertThat(PyFloat.repr(1e16)).isEqualTo("1e+16");
        assertThat(PyFloat.repr(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PyFloat.repr(12.5)).isEqualTo("12.5");
        assertThat(PyFloat.repr(-0.7619925084813378)).isEqualTo("-0.7619925084813378");
        assertThat(PyFloat.repr(2e-323)).isEqualTo("2e-323");
        assertThat(PyFloat.repr(1.7976931348623157e308)).isEqualTo("1.7976931348623157e+308");
        // float32 values written as the repr of the equal double
        assertThat(PyFloat.repr((float) 0.013696168549358845)).isEqualTo("0.013696168549358845");
        assertThat(PyFloat.repr(0.1f)).isEqualTo("0.10000000149011612");
    }
}
