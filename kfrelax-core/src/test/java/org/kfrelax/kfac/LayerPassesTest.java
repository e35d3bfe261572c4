package org.kfrelax.kfac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Linear;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Pcg64;

/** K-FAC finds each layer's forward passes in the loss's graph; the layers record nothing. */
class LayerPassesTest {

    @Test
    void findsEveryPassTheLossDependsOnInOrder() {
        Mlp mlp = Mlp.create(new int[] {3, 4, 2}, Activation.TANH, new Pcg64(3));
        Linear l0 = mlp.layers().get(0);
        Linear l1 = mlp.layers().get(1);
        Tensor x1 = Tensor.matrix(2, 3, 1, 2, 3, -1, 0, 1);
        Tensor x2 = x1.mul(2.0);
        Tensor y1 = mlp.forward(x1);
        Tensor unused = mlp.forward(x1.mul(3.0));   // not in the loss: not found
        Tensor y2 = mlp.forward(x2);
        Tensor loss = y1.square().sum().add(y2.sum());
        List<List<Tensor[]>> passes = LayerPasses.find(mlp.layers(), loss).byLayer();
        assertThat(unused.requiresGrad()).isTrue();
        assertThat(passes).hasSize(2);
        assertThat(passes.get(0)).hasSize(2);
        assertThat(passes.get(1)).hasSize(2);
        // the left operand's passes first: x1's, then x2's
        assertThat(passes.get(0).get(0)[0]).isSameAs(x1);
        assertThat(passes.get(0).get(1)[0].toArray()).containsExactly(x2.toArray());
        assertThat(passes.get(1).get(0)[1]).isSameAs(y1);
        assertThat(passes.get(1).get(1)[1]).isSameAs(y2);
        assertThat(passes.get(1).get(0)[0].toArray())
                .containsExactly(Tensor.affine(x1, l0.weight(), l0.bias()).tanh().toArray());
        assertThat(LayerPasses.find(mlp.layers(), loss).preactivations()).hasSize(4).contains(y1, y2);
    }

    @Test
    void aSingleExampleIsOneRow() {
        Mlp mlp = Mlp.create(new int[] {3, 2}, Activation.TANH, new Pcg64(4));
        Tensor x = Tensor.vector(0.5, -1, 2);
        List<List<Tensor[]>> passes = LayerPasses.find(mlp.layers(), mlp.forward(x).sum()).byLayer();
        assertThat(passes.get(0)).hasSize(1);
        assertThat(passes.get(0).get(0)[0].rows()).isEqualTo(1);
        assertThat(passes.get(0).get(0)[0].toArray()).containsExactly(x.toArray());
    }

    @Test
    void aLayerTheLossDoesNotUseIsNamed() {
        Mlp mlp = Mlp.create(new int[] {3, 4, 2}, Activation.TANH, new Pcg64(5));
        Tensor hidden = mlp.layers().get(0).forward(Tensor.matrix(1, 3, 1, 2, 3));
        assertThatThrownBy(() -> LayerPasses.find(mlp.layers(), hidden.sum()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("layer 1").hasMessageContaining("4→2");
        Kfac kfac = Kfac.builder(mlp.layers()).build();
        assertThatThrownBy(() -> kfac.updateFactors(hidden.sum())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("layer 1");
    }
}
