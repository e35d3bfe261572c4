package org.kfrelax.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Which kernels run: the modes of the {@code kfrelax.linalg} property, the auto mode's hand-over
 * after its threshold and warm-up, and the plain-Java kernels when the module is absent (the
 * surefire execution {@code linalg-without-vector-module} runs these tests without it).
 */
class KernelSwitchTest {

    @Test
    void modesChooseTheKernels() {
        assertThat(Dense.select("scalar").current()).isInstanceOf(ScalarGemm.class);
        assertThat(Dense.select("auto").current()).isInstanceOf(ScalarGemm.class);   // until warmed up
        assertThat(Dense.select("vector").current())
                .isInstanceOf(Dense.vectorModulePresent() ? VectorGemm.class : ScalarGemm.class);
        assertThatThrownBy(() -> Dense.select("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kfrelax.linalg=fast").hasMessageContaining("auto, scalar or vector");
    }

    @Test
    void autoModeHandsOverAfterTheThresholdAndWarmUp() throws InterruptedException {
        assumeTrue(Dense.vectorModulePresent(), "jdk.incubator.vector not in the boot layer");
        KernelSwitch s = new KernelSwitch(new ScalarGemm(), VectorGemm::new, 1000, 16);
        assertThat(s.charge(999, 16)).isInstanceOf(ScalarGemm.class);
        assertThat(s.charge(5000, 15)).isInstanceOf(ScalarGemm.class);   // narrow products do not count
        s.awaitWarmUp();   // none started yet: returns at once
        assertThat(s.current()).isInstanceOf(ScalarGemm.class);
        s.charge(1, 16);   // reaches the threshold: the warm-up starts
        s.awaitWarmUp();
        assertThat(s.current()).isInstanceOf(VectorGemm.class);
        assertThat(s.charge(1, 16)).isInstanceOf(VectorGemm.class);
        assertThat(s.charge(1, 15)).isInstanceOf(ScalarGemm.class);   // narrow products stay in plain Java
    }

    @Test
    void eachThreadCountsItsOwnMultiplyAdds() throws InterruptedException {
        KernelSwitch s = Dense.select("scalar");
        s.charge(7, 10);
        s.charge(5, 20);
        long[] other = new long[1];
        Thread t = new Thread(() -> {
            s.charge(100, 10);
            other[0] = s.work();
        });
        t.start();
        t.join();
        assertThat(other[0]).isEqualTo(100);
        assertThat(s.work()).isEqualTo(12);
    }

    @Test
    void withoutTheModuleThePlainJavaKernelsRun() throws InterruptedException {
        if ("absent".equals(System.getProperty("kfrelax.test.vectorModule"))) {
            assertThat(Dense.vectorModulePresent()).isFalse();   // the execution is what it claims
        }
        assumeTrue(!Dense.vectorModulePresent(), "jdk.incubator.vector is in the boot layer");
        KernelSwitch s = Dense.select("auto");
        s.charge(Dense.AUTO_THRESHOLD, Dense.AUTO_MIN_COLUMNS);
        s.awaitWarmUp();
        assertThat(s.current()).isInstanceOf(ScalarGemm.class);
        assertThat(Dense.select("vector").current()).isInstanceOf(ScalarGemm.class);
        assertThat(Dense.implementation()).isEqualTo("scalar");
        double[] c = new double[4];
        Dense.mul(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}, c, 2, 2, 2);
        assertThat(c).containsExactly(19, 22, 43, 50);
    }
}
