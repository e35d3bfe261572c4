package org.kfrelax.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;

/** Each optimizer against steps computed by hand from its formula. */
class OptimizerTest {

    @Test
    void sgdWithMomentum() {
        Tensor p = Tensor.paramVector(1.0, -2.0);
        Sgd sgd = new Sgd(List.of(p), 0.1, 0.9);
        sgd.step(new Tensor[] {Tensor.vector(0.5, 1.0)});
        // v = g = (0.5, 1); p = (1 - 0.05, -2 - 0.1)
        assertThat(p.toArray()).containsExactly(0.95, -2.1);
        sgd.step(new Tensor[] {Tensor.vector(0.5, 1.0)});
        // v = 0.9·(0.5,1) + (0.5,1) = (0.95, 1.9); p -= 0.1·v
        assertThat(p.get(0)).isCloseTo(0.95 - 0.095, within(1e-15));
        assertThat(p.get(1)).isCloseTo(-2.1 - 0.19, within(1e-15));
    }

    @Test
    void adamFirstTwoSteps() {
        Tensor p = Tensor.param(1.0);
        Adam adam = new Adam(List.of(p), 0.01, 0.9, 0.999, 1e-8);
        adam.step(new Tensor[] {Tensor.scalar(2.0)});
        // t=1: m̂ = g, v̂ = g², step = lr·g/(|g|+ε) ≈ 0.01
        assertThat(p.item()).isCloseTo(1.0 - 0.01 * 2.0 / (2.0 + 1e-8), within(1e-15));
        adam.step(new Tensor[] {Tensor.scalar(-1.0)});
        double m = 0.9 * 0.2 + 0.1 * -1.0;
        double v = 0.999 * 0.004 + 0.001 * 1.0;
        double mh = m / (1 - 0.81);
        double vh = v / (1 - 0.999 * 0.999);
        double expected = 1.0 - 0.01 * 2.0 / (2.0 + 1e-8) - 0.01 * mh / (Math.sqrt(vh) + 1e-8);
        assertThat(p.item()).isCloseTo(expected, within(1e-15));
    }

    @Test
    void rmsPropStep() {
        Tensor p = Tensor.param(0.0);
        RmsProp opt = new RmsProp(List.of(p), 0.1, 0.9, 1e-8);
        opt.step(new Tensor[] {Tensor.scalar(2.0)});
        double s = 0.1 * 4.0;
        assertThat(p.item()).isCloseTo(-0.1 * 2.0 / (Math.sqrt(s) + 1e-8), within(1e-15));
    }

    @Test
    void nonFiniteGradientIsRejectedBeforeAnyUpdate() {
        Tensor a = Tensor.param(1.0);
        Tensor b = Tensor.param(2.0);
        Adam adam = new Adam(List.of(a, b), 0.1);
        assertThatThrownBy(() -> adam.step(new Tensor[] {Tensor.scalar(1.0), Tensor.scalar(Double.NaN)}))
                .isInstanceOf(NonFiniteException.class).hasMessageContaining("NaN");
        assertThat(a.item()).isEqualTo(1.0);
        assertThat(b.item()).isEqualTo(2.0);
        assertThat(adam.steps()).isZero();
    }

    @Test
    void badHyperparametersNameTheValue() {
        assertThatThrownBy(() -> new Adam(List.of(Tensor.param(0)), -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new Sgd(List.of(Tensor.param(0)), 0.1, 1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Sgd(List.of(Tensor.param(0)), 0.1, 0.0).step(new Tensor[] {Tensor.vector(1, 2)}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2]");
    }

    @Test
    void globalNormClipping() {
        Tensor[] g = {Tensor.vector(3, 0), Tensor.scalar(4)};
        assertThat(GradClip.globalNorm(g)).isEqualTo(5.0);
        Tensor[] c = GradClip.clipGlobalNorm(g, 1.0);
        assertThat(c[0].get(0)).isCloseTo(0.6, within(1e-15));
        assertThat(c[0].get(1)).isZero();
        assertThat(c[1].item()).isCloseTo(0.8, within(1e-15));
        assertThat(g[0].toArray()).containsExactly(3, 0); // inputs untouched
        assertThat(GradClip.clipGlobalNorm(g, 10.0)[0].toArray()).containsExactly(3, 0);
    }

    @Test
    void adamMinimizesAQuadratic() {
        Tensor p = Tensor.paramVector(3.0, -4.0);
        Adam adam = new Adam(List.of(p), 0.05);
        for (int i = 0; i < 2000; i++) {
            Tensor loss = p.sub(Tensor.vector(1.0, 2.0)).square().sum();
            adam.step(org.kfrelax.autodiff.Autodiff.grad(loss, p));
        }
        assertThat(p.get(0)).isCloseTo(1.0, within(1e-3));
        assertThat(p.get(1)).isCloseTo(2.0, within(1e-3));
    }
}
