package org.kfrelax.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kfrelax.random.Pcg64;

/** The training-state format: exact round trip (NaN, −0.0, extreme longs), damage detected, entries checked on read. */
class StateFileTest {

    @Test
    void roundTripIsExact() {
        TrainingState s = new TrainingState();
        s.putDoubles("a", new double[] {Double.NaN, -0.0, Double.MIN_VALUE, 1e308, Double.NEGATIVE_INFINITY});
        s.putLongs("b", Long.MIN_VALUE, -1, 0, Long.MAX_VALUE);
        s.putBoolean("c", true);
        s.putDoubles("empty", new double[0]);
        TrainingState t = StateFile.decode(StateFile.encode(s), "test");
        assertThat(t.names()).containsExactly("a", "b", "c", "empty");
        double[] a = t.doubles("a", 5);
        assertThat(Double.doubleToRawLongBits(a[0])).isEqualTo(Double.doubleToRawLongBits(Double.NaN));
        assertThat(Double.doubleToRawLongBits(a[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(a[2]).isEqualTo(Double.MIN_VALUE);
        assertThat(t.longs("b", 4)).containsExactly(Long.MIN_VALUE, -1, 0, Long.MAX_VALUE);
        assertThat(t.getBoolean("c")).isTrue();
        assertThat(t.doubles("empty", 0)).isEmpty();
    }

    @Test
    void aGeneratorContinuesWhereItWasSaved() {
        Pcg64 g = new Pcg64(42);
        g.nextUint32();   // leaves half of a 64-bit draw buffered
        TrainingState s = new TrainingState();
        g.saveState(s, "g");
        Pcg64 h = new Pcg64(7);
        h.loadState(StateFile.decode(StateFile.encode(s), "test"), "g");
        for (int i = 0; i < 5; i++) {
            assertThat(h.nextUint32()).isEqualTo(g.nextUint32());
            assertThat(h.nextDouble()).isEqualTo(g.nextDouble());
        }
    }

    @Test
    void damageAndWrongEntriesAreRefused() {
        TrainingState s = new TrainingState();
        s.putDoubles("x", new double[] {1, 2, 3});
        byte[] bytes = StateFile.encode(s);
        bytes[20] ^= 1;
        assertThatThrownBy(() -> StateFile.decode(bytes, "f")).hasMessageContaining("checksum");
        byte[] cut = java.util.Arrays.copyOf(StateFile.encode(s), 30);
        assertThatThrownBy(() -> StateFile.decode(cut, "f")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.doubles("x", 4)).hasMessageContaining("3 values, expected 4");
        assertThatThrownBy(() -> s.longs("x", 3)).hasMessageContaining("expected integers");
        assertThatThrownBy(() -> s.doubles("y", 3)).hasMessageContaining("no entry 'y'");
        assertThatThrownBy(() -> s.putDoubles("x", new double[0])).hasMessageContaining("twice");
        TrainingState odd = new TrainingState();
        odd.putLongs("g", 0, 0, 0, 2, 0, 0);   // an even increment is no PCG64 state
        assertThatThrownBy(() -> new Pcg64(1).loadState(odd, "g")).hasMessageContaining("not a PCG64 state");
    }
}
