package org.kfrelax.kfac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Mlp;
import org.kfrelax.optim.NonFiniteException;
import org.kfrelax.random.Pcg64;

/** The optimizer's workflow, its state handling and its robustness to NaN/Inf. */
class KfacApiTest {

    private static Tensor data(int rows, int cols, long seed) {
        return Tensor.matrix(rows, cols, Gaussians.draw(rows * cols, seed));
    }

    @Test
    void trueFisherWorkflowReducesLoss() {
        Pcg64 rng = new Pcg64(1);
        Mlp mlp = Mlp.create(new int[] {3, 8, 1}, Activation.TANH, rng);
        Kfac kfac = Kfac.builder(mlp.layers()).learningRate(0.1).build();
        Tensor x = data(32, 3, 2);
        Tensor y = x.sliceCols(0, 1).mul(x.sliceCols(1, 2));
        double first = Double.NaN;
        double last = Double.NaN;
        for (int it = 0; it < 30; it++) {
            Tensor out = mlp.forward(x);
            kfac.updateFactors(FisherLoss.gaussian(out, rng));
            Tensor loss = out.sub(y).square().mean();
            kfac.step(Autodiff.grad(loss, kfac.parameters().toArray(new Tensor[0])));
            if (it == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertThat(last).isLessThan(first);
        assertThat(kfac.skippedUpdates()).isZero();
        assertThat(kfac.steps()).isEqualTo(30);
    }

    /** Factor estimates handed over by the caller give the factors the recorded graph gives (to rounding). */
    @Test
    void factorEstimatesFromTheCallerEqualRecordedOnes() {
        Mlp mlp = Mlp.create(new int[] {3, 5, 2}, Activation.TANH, new Pcg64(8));
        Kfac recorded = Kfac.builder(mlp.layers()).build();
        Kfac given = Kfac.builder(mlp.layers()).build();
        Tensor x = data(16, 3, 9);
        Tensor noise = data(16, 2, 10);
        Tensor out = mlp.forward(x);
        Tensor h1 = mlp.layers().get(0).forward(x).tanh();   // the input of layer 1
        assertThat(recorded.updateFactors(FisherLoss.gaussian(out, noise))).isTrue();
        // per-example gradients of ½‖y − (y + ε)‖² at the pre-activations: −ε at the output,
        // back through W₁ and tanh' = 1 − h₁² to the hidden layer
        double[] gOut = noise.neg().toArray();
        double[] gHidden = noise.neg().matmulTransB(mlp.layers().get(1).weight()).mul(h1.square().rsub(1.0)).toArray();
        double[][] a = {KfacFactors.secondMoment(x.toArray(), 16, 3, true), KfacFactors.secondMoment(h1.toArray(), 16, 5, true)};
        double[][] g = {KfacFactors.secondMoment(gHidden, 16, 5, false), KfacFactors.secondMoment(gOut, 16, 2, false)};
        assertThat(given.updateFactorEstimates(a, g)).isTrue();
        for (int l = 0; l < 2; l++) {
            assertThat(given.factors(l).a()).containsExactly(recorded.factors(l).a(), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(given.factors(l).g()).containsExactly(recorded.factors(l).g(), org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThatThrownBy(() -> given.updateFactorEstimates(new double[][] {a[0]}, new double[][] {g[0]}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 layers");
        assertThatThrownBy(() -> given.updateFactorEstimates(new double[][] {a[1], a[0]}, g))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 0");
    }

    @Test
    void passesOfOtherLayersAreRejected() {
        // two networks of the same shape: the other one's passes would fold silently into this K-FAC's factors
        Mlp mine = Mlp.create(new int[] {2, 3, 1}, Activation.TANH, new Pcg64(3));
        Mlp other = Mlp.create(new int[] {2, 3, 1}, Activation.TANH, new Pcg64(4));
        Kfac kfac = Kfac.builder(mine.layers()).build();
        Tensor x = Tensor.matrix(4, 2, new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8});
        LayerPasses theirs = LayerPasses.find(other.layers(), other.forward(x));
        Tensor[] g = java.util.Arrays.stream(theirs.preactivations()).map(p -> Tensor.fullLike(p, 1.0)).toArray(Tensor[]::new);
        assertThatThrownBy(() -> kfac.updateFactors(theirs, g, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other layers");
        LayerPasses ours = LayerPasses.find(mine.layers(), mine.forward(x));
        Tensor[] h = java.util.Arrays.stream(ours.preactivations()).map(p -> Tensor.fullLike(p, 1.0)).toArray(Tensor[]::new);
        assertThat(kfac.updateFactors(ours, h, 1.0)).isTrue();
    }

    @Test
    void stepBeforeFactorsIsRejected() {
        Mlp mlp = Mlp.create(new int[] {2, 3, 1}, Activation.TANH, new Pcg64(3));
        Kfac kfac = Kfac.builder(mlp.layers()).build();
        Tensor[] grads = kfac.parameters().stream().map(Tensor::zerosLike).toArray(Tensor[]::new);
        assertThatThrownBy(() -> kfac.step(grads)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("updateFactors");
    }

    @Test
    void nanGradientIsSkippedAndStateUntouched() {
        Mlp mlp = Mlp.create(new int[] {2, 4, 1}, Activation.TANH, new Pcg64(4));
        Kfac kfac = Kfac.builder(mlp.layers()).build();
        Tensor x = data(8, 2, 5);
        Tensor loss = mlp.forward(x).square().mean();
        kfac.step(kfac.gradientsAndFactors(loss));
        double[] w = mlp.layers().get(0).weight().toArray();
        double[] a = kfac.factors(0).a();
        Tensor[] bad = kfac.parameters().stream().map(p -> Tensor.fullLike(p, Double.NaN)).toArray(Tensor[]::new);
        kfac.step(bad);
        assertThat(kfac.skippedUpdates()).isEqualTo(1);
        assertThat(mlp.layers().get(0).weight().toArray()).containsExactly(w);

        // a NaN Fisher loss (NaN inputs) must not reach the factors
        Tensor nanOut = mlp.forward(Tensor.fullLike(x, Double.NaN));
        assertThat(kfac.updateFactors(nanOut.square().mean())).isFalse();
        assertThat(kfac.factors(0).a()).containsExactly(a);
        assertThat(kfac.skippedUpdates()).isEqualTo(2);

        Kfac strict = Kfac.builder(mlp.layers()).throwOnNonFinite(true).build();
        Tensor nanOut2 = mlp.forward(Tensor.fullLike(x, Double.NaN));
        assertThatThrownBy(() -> strict.updateFactors(nanOut2.square().mean())).isInstanceOf(NonFiniteException.class);
    }

    @Test
    void skipsInARowBeyondTheLimitAreDivergenceAndEachSkipIsReported() {
        Mlp mlp = Mlp.create(new int[] {2, 4, 1}, Activation.TANH, new Pcg64(4));
        java.util.List<String> reported = new java.util.ArrayList<>();
        Kfac kfac = Kfac.builder(mlp.layers()).maxConsecutiveSkips(3)
                .onSkip((reason, n) -> reported.add(n + ": " + reason)).build();
        Tensor x = data(8, 2, 5);
        kfac.step(kfac.gradientsAndFactors(mlp.forward(x).square().mean()));
        double[] w = mlp.layers().get(0).weight().toArray();
        Tensor[] bad = kfac.parameters().stream().map(p -> Tensor.fullLike(p, Double.NaN)).toArray(Tensor[]::new);
        for (int i = 0; i < 3; i++) {
            kfac.step(bad);
        }
        assertThat(reported).hasSize(3);
        assertThat(reported.get(2)).startsWith("3: K-FAC: gradient of parameter 0 [2, 4] contains NaN or Inf; step skipped");
        // a step taken in between starts the count again
        kfac.step(kfac.gradientsAndFactors(mlp.forward(x).square().mean()));
        double[] w2 = mlp.layers().get(0).weight().toArray();
        assertThat(w2).isNotEqualTo(w);
        for (int i = 0; i < 3; i++) {
            kfac.step(bad);
        }
        assertThat(kfac.skippedUpdates()).isEqualTo(6);
        // the fourth in a row is one too many: divergence, with its reason, parameters untouched
        assertThatThrownBy(() -> kfac.step(bad)).isInstanceOf(NonFiniteException.class)
                .hasMessageContaining("gradient of parameter 0").hasMessageContaining("4 updates skipped in a row");
        assertThat(mlp.layers().get(0).weight().toArray()).containsExactly(w2);
        assertThat(kfac.skippedUpdates()).isEqualTo(6);
        assertThat(reported).hasSize(6);
        assertThatThrownBy(() -> Kfac.builder(mlp.layers()).maxConsecutiveSkips(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void theDefaultLimitEndsAPersistentlySkippingOptimizer() {
        // as in ACKTR with an absurd learning rate: every step's gradient is NaN, so nothing is
        // ever updated again; the 11th skip in a row is divergence, not a warning
        Mlp mlp = Mlp.create(new int[] {2, 3, 1}, Activation.TANH, new Pcg64(4));
        Kfac kfac = Kfac.builder(mlp.layers()).onSkip((reason, n) -> { }).build();
        kfac.step(kfac.gradientsAndFactors(mlp.forward(data(8, 2, 5)).square().mean()));
        Tensor[] bad = kfac.parameters().stream().map(p -> Tensor.fullLike(p, Double.NaN)).toArray(Tensor[]::new);
        for (int i = 0; i < Kfac.Builder.DEFAULT_MAX_CONSECUTIVE_SKIPS; i++) {
            kfac.step(bad);
        }
        assertThatThrownBy(() -> kfac.step(bad)).isInstanceOf(NonFiniteException.class);
    }

    @Test
    void nonFiniteLogitsInAFisherLossAreDivergenceNotBadInput() {
        assertThatThrownBy(() -> FisherLoss.categorical(Tensor.matrix(1, 2, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY), new Pcg64(1))).isInstanceOf(NonFiniteException.class)
                .hasMessageContaining("logits of row 0 are not finite");
    }

    @Test
    void failedDecompositionKeepsPreviousInverse() {
        Mlp mlp = Mlp.create(new int[] {2, 3, 1}, Activation.TANH, new Pcg64(6));
        Kfac kfac = Kfac.builder(mlp.layers()).inverseUpdatePeriod(1).build();
        kfac.step(kfac.gradientsAndFactors(mlp.forward(data(8, 2, 7)).square().mean()));
        KroneckerInverse before = kfac.inverse(0);
        // corrupt the live factor as a broken decomposition input would (test-only access)
        kfac.factors(0).aView()[0] = Double.NaN;
        Tensor[] grads = kfac.gradientsAndFactors(mlp.forward(data(8, 2, 8)).square().mean());
        long skippedBefore = kfac.skippedUpdates();
        double[] w = mlp.layers().get(0).weight().toArray();
        kfac.step(grads);
        assertThat(kfac.skippedUpdates()).isGreaterThan(skippedBefore);
        assertThat(kfac.inverse(0)).isSameAs(before);
        assertThat(mlp.layers().get(0).weight().toArray()).containsExactly(w);   // the step was skipped
    }

    @Test
    void periodsScheduleFactorAndInverseUpdates() {
        Mlp mlp = Mlp.create(new int[] {2, 3, 1}, Activation.TANH, new Pcg64(9));
        Kfac kfac = Kfac.builder(mlp.layers()).factorUpdatePeriod(2).inverseUpdatePeriod(4).learningRate(0.01).build();
        Tensor x = data(8, 2, 10);
        KroneckerInverse[] seen = new KroneckerInverse[8];
        for (int it = 0; it < 8; it++) {
            Tensor out = mlp.forward(x);
            assertThat(kfac.factorUpdateDue()).isEqualTo(it % 2 == 0);
            assertThat(kfac.updateFactors(FisherLoss.gaussian(out, new Pcg64(it)))).isEqualTo(it % 2 == 0);
            kfac.step(Autodiff.grad(out.square().mean(), kfac.parameters().toArray(new Tensor[0])));
            seen[it] = kfac.inverse(0);
        }
        assertThat(kfac.factors(0).updates()).isEqualTo(4);
        // decompositions at steps 0 and 4 only, reused in between
        assertThat(seen[1]).isSameAs(seen[0]);
        assertThat(seen[3]).isSameAs(seen[0]);
        assertThat(seen[4]).isNotSameAs(seen[0]);
        assertThat(seen[7]).isSameAs(seen[4]);
    }

    @Test
    void eigenbasesAreRecomputedEveryEigenbasisPeriodAndRescaledInBetween() {
        Mlp mlp = Mlp.create(new int[] {2, 3, 1}, Activation.TANH, new Pcg64(9));
        Kfac kfac = Kfac.builder(mlp.layers()).inverseUpdatePeriod(2).eigenbasisUpdatePeriod(6).learningRate(0.01)
                .build();
        assertThat(kfac.eigenbasisUpdatePeriod()).isEqualTo(6);
        KroneckerInverse[] seen = new KroneckerInverse[8];
        for (int it = 0; it < 8; it++) {
            kfac.step(kfac.gradientsAndFactors(mlp.forward(data(8, 2, 20 + it)).square().mean()));
            seen[it] = kfac.inverse(0);
        }
        // inverses at steps 0, 2, 4, 6; new eigenvectors at 0 and 6, kept at 2 and 4 with new eigenvalues
        assertThat(seen[1]).isSameAs(seen[0]);
        for (int it : new int[] {2, 4}) {
            assertThat(seen[it]).isNotSameAs(seen[it - 2]);
            assertThat(seen[it].eigenA().vectors()).isSameAs(seen[0].eigenA().vectors());
            assertThat(seen[it].eigenG().vectors()).isSameAs(seen[0].eigenG().vectors());
            assertThat(seen[it].eigenA().eigenvalues()).isNotEqualTo(seen[it - 2].eigenA().eigenvalues());
        }
        assertThat(seen[6].eigenA().vectors()).isNotSameAs(seen[0].eigenA().vectors());
        assertThat(seen[7]).isSameAs(seen[6]);
        // the default: every fifth inverse refresh decomposes
        assertThat(Kfac.builder(mlp.layers()).build().eigenbasisUpdatePeriod()).isEqualTo(100);
        assertThat(Kfac.builder(mlp.layers()).inverseUpdatePeriod(3).build().eigenbasisUpdatePeriod()).isEqualTo(15);
        assertThatThrownBy(() -> Kfac.builder(mlp.layers()).inverseUpdatePeriod(4).eigenbasisUpdatePeriod(6).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eigenbasis update period 6 must be a multiple of the inverse update period 4");
    }

    @Test
    void weightDecayIsPreconditionedWithTheGradient() {
        Mlp mlp = Mlp.create(new int[] {2, 3}, Activation.IDENTITY, new Pcg64(11));
        double lr = 0.1;
        double wd = 0.5;
        Kfac kfac = Kfac.builder(mlp.layers()).learningRate(lr).weightDecay(wd).momentum(0)
                .klClip(Double.POSITIVE_INFINITY).build();
        Tensor out = mlp.forward(data(6, 2, 12));
        kfac.updateFactors(FisherLoss.gaussian(out, new Pcg64(13)));
        double[] w = mlp.layers().get(0).weight().toArray();
        double[] b = mlp.layers().get(0).bias().toArray();
        kfac.step(kfac.parameters().stream().map(Tensor::zerosLike).toArray(Tensor[]::new));
        double[] g = new double[9];
        for (int i = 0; i < 6; i++) {
            g[i] = wd * w[i];   // bias rows get no decay
        }
        double[] nat = kfac.inverse(0).apply(g);
        double[] w1 = mlp.layers().get(0).weight().toArray();
        double[] b1 = mlp.layers().get(0).bias().toArray();
        for (int i = 0; i < 6; i++) {
            assertThat(w1[i]).isCloseTo(w[i] - lr * nat[i], org.assertj.core.api.Assertions.within(1e-15));   // same arithmetic
        }
        for (int j = 0; j < 3; j++) {
            assertThat(b1[j]).isCloseTo(b[j] - lr * nat[6 + j], org.assertj.core.api.Assertions.within(1e-15));
        }
    }

    @Test
    void severalRecordedForwardsCountAsOneBatchOfAllTheirRows() {
        // e.g. RELAX evaluates its surrogate at z and at z~: both passes feed the factors
        Tensor x1 = data(5, 3, 20);
        Tensor x2 = data(9, 3, 21);
        Tensor e1 = data(5, 2, 22);
        Tensor e2 = data(9, 2, 23);
        Mlp split = Mlp.create(new int[] {3, 4, 2}, Activation.TANH, new Pcg64(24));
        Kfac a = Kfac.builder(split.layers()).build();
        Tensor loss = FisherLoss.gaussian(split.forward(x1), e1).add(FisherLoss.gaussian(split.forward(x2), e2));
        a.updateFactors(loss);

        Mlp joined = Mlp.create(new int[] {3, 4, 2}, Activation.TANH, new Pcg64(24));
        Kfac b = Kfac.builder(joined.layers()).build();
        b.updateFactors(FisherLoss.gaussian(joined.forward(Tensor.concatRows(x1, x2)), Tensor.concatRows(e1, e2)));
        for (int l = 0; l < 2; l++) {
            double[] fa = a.factors(l).g();
            double[] fb = b.factors(l).g();
            for (int i = 0; i < fa.length; i++) {
                // same per-example gradients summed in a different order: rounding only
                assertThat(fa[i]).isCloseTo(fb[i], org.assertj.core.api.Assertions.within(1e-12));
            }
            double[] aa = a.factors(l).a();
            double[] ab = b.factors(l).a();
            for (int i = 0; i < aa.length; i++) {
                assertThat(aa[i]).isCloseTo(ab[i], org.assertj.core.api.Assertions.within(1e-12));
            }
        }
    }

    /** Issue 12, defect 9: zero damping (an undamped, possibly singular curvature) is refused as the CLI refuses it. */
    @Test
    void zeroOrNegativeDampingIsRejectedNamingTheValue() {
        Mlp mlp = Mlp.create(new int[] {3, 4, 2}, Activation.TANH, new Pcg64(1));
        for (double bad : new double[] {0.0, -0.0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Kfac.builder(mlp.layers()).damping(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("damping").hasMessageContaining("got " + bad);
            assertThatThrownBy(() -> Damping.factored(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
