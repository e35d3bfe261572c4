package org.kfrelax.kfac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Mlp;
import org.kfrelax.random.Pcg64;
import org.kfrelax.state.TrainingState;

/**
 * {@link Kfac#lastStepNorm()} is the Euclidean length of the change the last step made to all
 * weights and biases, measured here from the parameters themselves, with momentum and a binding
 * kl-clip in play; it survives a state round trip.
 */
class KfacStepNormTest {

    @Test
    void stepNormIsTheLengthOfTheParameterChange() {
        Pcg64 rng = new Pcg64(5);
        Mlp mlp = Mlp.create(new int[] {3, 6, 2}, Activation.TANH, rng);
        Kfac kfac = Kfac.builder(mlp.layers()).learningRate(0.3).momentum(0.9).damping(1e-2).klClip(1e-3).build();
        assertThat(kfac.lastStepNorm()).isNaN();
        double[] xs = new double[16 * 3];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rng.nextGaussian();
        }
        Tensor x = Tensor.matrix(16, 3, xs);
        int[] labels = new int[16];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
        }
        Tensor[] params = kfac.parameters().toArray(new Tensor[0]);
        boolean sawClip = false;
        for (int it = 0; it < 12; it++) {
            Tensor out = mlp.forward(x);
            kfac.updateFactors(FisherLoss.categorical(out, rng));
            Tensor[] g = Autodiff.grad(out.logSoftmax().gather(labels).mean().neg(), params);
            double[][] before = new double[params.length][];
            for (int i = 0; i < params.length; i++) {
                before[i] = params[i].toArray();
            }
            kfac.step(g);
            double ss = 0;
            for (int i = 0; i < params.length; i++) {
                double[] now = params[i].data();
                for (int j = 0; j < now.length; j++) {
                    ss += (now[j] - before[i][j]) * (now[j] - before[i][j]);
                }
            }
            double measured = Math.sqrt(ss);
            assertThat(measured).isPositive();
            assertThat(kfac.lastStepNorm()).as("step " + it).isCloseTo(measured, org.assertj.core.data.Offset.offset(1e-12 * measured + 1e-15));
            sawClip |= kfac.lastScale() < 1;
        }
        assertThat(sawClip).as("the kl-clip bound at least once").isTrue();

        TrainingState state = new TrainingState();
        kfac.saveState(state, "k");
        Kfac restored = Kfac.builder(Mlp.create(new int[] {3, 6, 2}, Activation.TANH, new Pcg64(9)).layers())
                .learningRate(0.3).momentum(0.9).damping(1e-2).klClip(1e-3).build();
        restored.loadState(state, "k");
        assertThat(restored.lastStepNorm()).isEqualTo(kfac.lastStepNorm());
    }
}
