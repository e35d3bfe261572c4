package org.kfrelax.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Walks that record nothing reuse their intermediate gradients' arrays ({@link GradientBuffers}):
 * their results must equal the recording walk's bit for bit, and must not change when later
 * walks on the same thread reuse arrays (a result, a caller's seed or an array two positions
 * share must never be handed out again).
 */
class GradientBuffersTest {

    private static Tensor randomMatrix(SplittableRandom r, int rows, int cols, boolean param) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        Tensor t = Tensor.matrix(rows, cols, v);
        return param ? Tensor.param(t) : t;
    }

    private static double[][] values(Tensor[] ts) {
        double[][] out = new double[ts.length][];
        for (int i = 0; i < ts.length; i++) {
            out[i] = ts[i].toArray();
        }
        return out;
    }

    /**
     * Graphs whose backward rules hand gradients on unchanged (addScalar, add, reshape views), sum
     * contributions at shared positions, and ask for an interior tensor's gradient next to the
     * parameters' (a result that other positions' arrays may alias).
     */
    @Test
    void resultsEqualTheRecordingWalkAndSurviveLaterWalks() {
        SplittableRandom r = new SplittableRandom(7);
        Tensor x = randomMatrix(r, 6, 3, false);
        Tensor w1 = randomMatrix(r, 3, 4, true);
        Tensor b1 = Tensor.param(Tensor.vector(0.1, -0.2, 0.3, 0.05));
        Tensor w2 = randomMatrix(r, 4, 2, true);
        Tensor b2 = Tensor.param(Tensor.vector(0.0, 0.1));
        int[] actions = {0, 1, 1, 0, 1, 0};

        Tensor pre = Tensor.affine(x, w1, b1);
        Tensor h = pre.relu();
        Tensor shifted = h.add(1.0);                         // backward: g itself
        Tensor twice = shifted.add(shifted);                 // both inputs the same: a sum at one position
        Tensor flat = twice.reshape(1, 24).reshape(6, 4);    // backward: views of g
        Tensor logp = Tensor.affine(flat.mul(0.5), w2, b2).logSoftmax();
        Tensor loss = logp.gather(actions).sum().add(h.square().sum()).add(logp.exp().mul(logp).sum().neg());
        Tensor[] inputs = {w1, b1, w2, b2, pre, h};

        Tensor[] plain = Autodiff.grad(new Tensor[] {loss}, inputs, null, false);
        double[][] plainValues = values(plain);
        double[][] recorded = values(Autodiff.detach(Autodiff.grad(new Tensor[] {loss}, inputs, null, true)));
        for (int i = 0; i < inputs.length; i++) {
            assertThat(plainValues[i]).as("input %d", i).containsExactly(recorded[i]);
        }

        // later walks of the same shapes reuse the freed arrays; the first results stay as they were
        Function<Tensor, Tensor[]> walk = l -> Autodiff.grad(new Tensor[] {l}, inputs, null, false);
        for (int k = 0; k < 5; k++) {
            Tensor other = Tensor.affine(Tensor.affine(x, w1, b1).relu().mul(k + 1.0), w2, b2).logSoftmax().sum();
            walk.apply(other);
            walk.apply(loss);
        }
        for (int i = 0; i < inputs.length; i++) {
            assertThat(plain[i].toArray()).as("input %d after later walks", i).containsExactly(plainValues[i]);
        }
        assertThat(values(walk.apply(loss))).isDeepEqualTo(plainValues);
    }

    @Test
    void aCallersSeedIsNeverReused() {
        SplittableRandom r = new SplittableRandom(8);
        Tensor x = randomMatrix(r, 5, 3, false);
        Tensor w = randomMatrix(r, 3, 4, true);
        Tensor b = Tensor.param(Tensor.vector(0.0, 0.0, 0.0, 0.0));
        Tensor y = Tensor.affine(x, w, b).relu();
        Tensor seed = randomMatrix(r, 5, 4, false);
        double[] seedValues = seed.toArray();
        Tensor[] first = Autodiff.grad(new Tensor[] {y}, new Tensor[] {w, b}, new Tensor[] {seed}, false);
        double[][] firstValues = values(first);
        for (int k = 0; k < 3; k++) {
            Autodiff.grad(Tensor.affine(x, w, b).relu().mul(2.0).sum(), w, b);
        }
        assertThat(seed.toArray()).containsExactly(seedValues);
        assertThat(values(first)).isDeepEqualTo(firstValues);
        assertThat(values(Autodiff.grad(new Tensor[] {y}, new Tensor[] {w, b}, new Tensor[] {seed}, false)))
                .isDeepEqualTo(firstValues);
    }
}
