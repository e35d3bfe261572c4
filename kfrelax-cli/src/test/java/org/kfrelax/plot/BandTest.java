package org.kfrelax.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BandTest {

    @Test
    void meanStdAcrossRaggedRuns() {
        Band b = Band.meanStd(List.of(new double[] {1, 2, 3}, new double[] {3, 4}));
        assertThat(b.center()).containsExactly(2, 3, 3);
        double sd = Math.sqrt(2); // sample std of {1,3} and of {2,4}
        assertThat(b.lo()).containsExactly(2 - sd, 3 - sd, 3);
        assertThat(b.hi()).containsExactly(2 + sd, 3 + sd, 3);
        assertThat(b.count()).containsExactly(2, 2, 1);
    }

    @Test
    void percentilesMatchNumpyLinear() {
        // numpy.percentile([4, 1, 3, 2], [25, 75]) == [1.75, 3.25] (Percentile itself: StatsTest)
        Band b = Band.meanPercentiles(List.of(new double[] {4}, new double[] {1}, new double[] {3}, new double[] {2}),
                25, 75);
        assertThat(b.center()).containsExactly(2.5);
        assertThat(b.lo()).containsExactly(1.75);
        assertThat(b.hi()).containsExactly(3.25);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> Band.meanStd(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Band.meanStd(List.of(new double[] {1, Double.NaN})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> Band.meanPercentiles(List.of(new double[] {1}), 75, 25))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
