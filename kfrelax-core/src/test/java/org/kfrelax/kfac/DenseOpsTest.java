package org.kfrelax.kfac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The helpers of DenseOps; its products and second moments are org.kfrelax.linalg.Dense's, tested in DenseTest. */
class DenseOpsTest {

    @Test
    void transposeAndTrace() {
        double[] a = {1, 2, 3, 4, 5, 6};
        assertThat(DenseOps.transpose(a, 2, 3)).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(DenseOps.trace(new double[] {1, 9, 9, 2}, 2)).isEqualTo(3.0);
    }
}
