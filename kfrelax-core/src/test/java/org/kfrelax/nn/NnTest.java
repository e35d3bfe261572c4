package org.kfrelax.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.random.Pcg64;

class NnTest {

    @TempDir
    Path dir;

    @Test
    void orthogonalInitHasOrthonormalColumnsOrRows() {
        for (int[] s : new int[][] {{8, 3}, {3, 8}, {5, 5}}) {
            int in = s[0];
            int out = s[1];
            double[] w = Init.orthogonal(in, out, 2.0, new Pcg64(1));
            Tensor wt = Tensor.matrix(in, out, w);
            Tensor gram = in >= out ? wt.matmulTransA(wt) : wt.matmulTransB(wt); // gain² I
            int n = Math.min(in, out);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertThat(gram.get(i, j)).isCloseTo(i == j ? 4.0 : 0.0, within(1e-12));
                }
            }
        }
    }

    @Test
    void xavierStaysInItsRange() {
        double a = Math.sqrt(6.0 / (10 + 20));
        double[] w = Init.xavierUniform(10, 20, 1.0, new Pcg64(2));
        assertThat(Arrays.stream(w).max().getAsDouble()).isLessThanOrEqualTo(a).isGreaterThan(0.8 * a);
        assertThat(Arrays.stream(w).min().getAsDouble()).isGreaterThanOrEqualTo(-a).isLessThan(-0.8 * a);
    }

    @Test
    void mlpComputesLayers() {
        Mlp mlp = Mlp.create(new int[] {3, 4, 2}, Activation.TANH, new Pcg64(3));
        Tensor x = Tensor.matrix(2, 3, 1, 2, 3, -1, 0, 1);
        Tensor y = mlp.forward(x);
        Linear l0 = mlp.layers().get(0);
        Linear l1 = mlp.layers().get(1);
        Tensor expected = Tensor.affine(Tensor.affine(x, l0.weight(), l0.bias()).tanh(), l1.weight(), l1.bias());
        assertThat(y.toArray()).containsExactly(expected.toArray());
        assertThat(mlp.parameters()).hasSize(4);
    }

    @Test
    void mlpEvalEqualsTheGraphForwardForEveryActivation() {
        for (Activation act : Activation.values()) {
            Mlp m = Mlp.create(new int[] {3, 5, 4, 2}, act, new Pcg64(3));
            double[] x = {0.7, -1.3, 0.2};
            double[] graph = m.forward(Tensor.matrix(1, 3, x)).data();
            double[] eval = new MlpEval(m).forward(x);
            // the same products (linalg.Dense, b + h·W) and activations: the same bits
            assertThat(eval).as(act.toString()).containsExactly(graph);
        }
    }

    @Test
    void mismatchedLayersAreRejected() {
        assertThatThrownBy(() -> new Mlp(List.of(Linear.of(2, 3, new double[6]), Linear.of(4, 1, new double[4])),
                Activation.RELU)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
        assertThatThrownBy(() -> Activation.parse("swish")).hasMessageContaining("swish");
    }

    @Test
    void paramFileRoundTrip() throws Exception {
        Mlp a = Mlp.create(new int[] {2, 5, 1}, Activation.RELU, new Pcg64(4));
        Mlp b = Mlp.create(new int[] {2, 5, 1}, Activation.RELU, new Pcg64(5));
        Path f = dir.resolve("model.bin");
        ParamFile.save(f, ParamFile.named("policy", a));
        ParamFile.load(f, ParamFile.named("policy", b));
        for (int i = 0; i < a.parameters().size(); i++) {
            assertThat(b.parameters().get(i).toArray()).containsExactly(a.parameters().get(i).toArray());
        }
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(f); // no temp file left behind
        }
    }

    @Test
    void truncatedCorruptOrMismatchedFilesNeverHalfLoad() throws Exception {
        Mlp a = Mlp.create(new int[] {2, 5, 1}, Activation.RELU, new Pcg64(4));
        Path f = dir.resolve("model.bin");
        ParamFile.save(f, ParamFile.named("p", a));
        byte[] bytes = Files.readAllBytes(f);

        Mlp b = Mlp.create(new int[] {2, 5, 1}, Activation.RELU, new Pcg64(6));
        double[] before = b.parameters().get(0).toArray();
        Map<String, Tensor> target = ParamFile.named("p", b);

        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 20);
        assertThatThrownBy(() -> ParamFile.loadBytes(truncated, "m", target)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m:");
        byte[] flipped = bytes.clone();
        flipped[40] ^= 1;
        assertThatThrownBy(() -> ParamFile.loadBytes(flipped, "m", target)).hasMessageContaining("checksum");
        assertThatThrownBy(() -> ParamFile.loadBytes("hello world, not a model".getBytes(), "m", target))
                .hasMessageContaining("not a kfrelax parameter file");
        Mlp wider = Mlp.create(new int[] {2, 6, 1}, Activation.RELU, new Pcg64(6));
        assertThatThrownBy(() -> ParamFile.loadBytes(bytes, "m", ParamFile.named("p", wider)))
                .hasMessageContaining("shape");
        assertThatThrownBy(() -> ParamFile.load(dir.resolve("missing.bin"), target)).hasMessageContaining("not found");
        assertThat(b.parameters().get(0).toArray()).containsExactly(before);
    }
}
