package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.dist.Categorical;
import org.kfrelax.estimators.Surrogate;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.gym.TimeLimit;
import org.kfrelax.nn.Linear;

/**
 * The surrogate and critic options (cvForm value-plus, valueSteps, valueKfac, timeAware,
 * bootstrapTruncation, cvFisher gauss-newton-variance) change what they should and nothing else.
 */
class SurrogateOptionsTest {

    private static AgentConfig.Builder cfg(String algo) {
        return AgentConfig.builder(Algorithm.parse(algo));
    }

    @SuppressWarnings("unchecked")
    private static Env<Integer> cartPole() {
        return (Env<Integer>) Gym.make("CartPole-v0");
    }

    @Test
    void valuePlusSurrogateStartsAsItsValueNetworkAndOnlyTheActionPartGetsTheVarianceGradient() {
        Relax agent = new Relax(cartPole(), cfg("kf-relax").cvForm("value-plus").build(), 2);
        Surrogate cv = agent.surrogate();
        assertThat(cv.value()).isNotNull();
        // f's output layer is zero: c(z, s) = V(s) for every z
        Linear out = cv.mlp().layers().get(cv.mlp().layers().size() - 1);
        assertThat(out.weight().toArray()).containsOnly(0.0);
        assertThat(out.bias().toArray()).containsOnly(0.0);
        Tensor s = Tensor.matrix(2, 4, 0.1, -0.2, 0.03, 0.4, -0.5, 0.6, 0.07, -0.08);
        Categorical pi = new Categorical(Tensor.matrix(2, 2, 0.3, -0.1, 0.2, 0.5));
        Tensor z = Tensor.matrix(2, 2, 1.0, -2.0, 0.5, 0.25);
        double[] v = cv.value().forward(s).data();
        assertThat(cv.apply(pi, s, z).toArray()).containsExactly(v);
        // φ = f's layers and τ: no value parameter, no scale
        assertThat(cv.parameters()).doesNotContainAnyElementsOf(cv.value().parameters());
        assertThat(cv.scale()).isNull();
        // V is a constant in c's graph: no gradient reaches it through c
        Tensor[] gv = Autodiff.grad(new Tensor[] {cv.apply(pi, s, z).sum()},
                cv.value().parameters().toArray(Tensor[]::new), null, false, true);
        for (Tensor g : gv) {
            assertThat(g == null || g.toArray().length == 0 || java.util.Arrays.stream(g.toArray()).allMatch(x -> x == 0))
                    .isTrue();
        }
        // one update: the variance loss moves f's output layer off zero, the regression moves V
        double[] v0 = cv.value().parameters().get(0).toArray();
        agent.learn(Budget.episodes(1), st -> true);
        assertThat(out.weight().toArray()).isNotEqualTo(new double[out.weight().size()]);
        assertThat(cv.value().parameters().get(0).toArray()).isNotEqualTo(v0);
        assertThat(agent.parameters()).containsKeys("cv.value.0.weight", "cv.logTau").doesNotContainKey("cv.scale");
    }

    @Test
    void moreValueStepsFitTheReturnsCloser() {
        double[] loss = new double[2];
        int k = 0;
        for (int steps : new int[] {1, 10}) {
            A2c agent = new A2c(cartPole(), cfg("a2c").valueSteps(steps).build(), 4);
            EpisodeBuffer ep = agent.sampleEpisode();
            Tensor x = agent.criticStates(ep);
            double[] ret = Returns.discounted(ep.rewards, ep.length, 0.99);
            agent.value().fit(x, Tensor.vector(ret));
            double[] v = agent.value().predict(x);
            double l = 0;
            for (int t = 0; t < ep.length; t++) {
                l += (v[t] - ret[t]) * (v[t] - ret[t]) / ep.length;
            }
            loss[k++] = l;
        }
        assertThat(loss[1]).isLessThan(loss[0]);
    }

    @Test
    void defaultsKeepTheReferenceSetup() {
        AgentConfig c = AgentConfig.defaults(Algorithm.KF_RELAX);
        assertThat(c.cvForm()).isEqualTo("scaled-softmax");
        assertThat(c.valueSteps()).isEqualTo(1);
        assertThat(c.valueKfac()).isFalse();
        assertThat(c.timeAware()).isFalse();
        assertThat(c.bootstrapTruncation()).isFalse();
        // one-step a2c equals the config without the key (configs written before it load the same)
        assertThat(AgentConfig.fromMap(Map.of("algo", "a2c"))).isEqualTo(AgentConfig.defaults(Algorithm.A2C));
        assertThatThrownBy(() -> cfg("relax").cvForm("quadratic").build()).hasMessageContaining("cvForm")
                .hasMessageContaining("quadratic");
        assertThatThrownBy(() -> cfg("a2c").valueSteps(0).build()).hasMessageContaining("valueSteps");
    }

    @Test
    void timeAwareStatesCarryTheRemainingTimeFraction() {
        A2c plain = new A2c(cartPole(), cfg("a2c").build(), 1);
        A2c timed = new A2c(cartPole(), cfg("a2c").timeAware(true).build(), 1);
        assertThat(plain.parameters().get("value.0.weight").size()).isEqualTo(4 * 10);
        assertThat(timed.parameters().get("value.0.weight").size()).isEqualTo(5 * 10);
        EpisodeBuffer ep = timed.sampleEpisode();
        Tensor x = timed.criticStates(ep);
        assertThat(x.cols()).isEqualTo(5);
        for (int t = 0; t < ep.length; t++) {
            assertThat(x.get(t * 5 + 4)).isEqualTo(1.0 - t / 200.0);   // CartPole-v0: T = 200
            assertThat(x.get(t * 5)).isEqualTo(ep.obs[t * 4]);
        }
        assertThat(plain.criticStates(ep).cols()).isEqualTo(4);
        Relax relax = new Relax(cartPole(), cfg("relax").timeAware(true).build(), 1);
        assertThat(relax.surrogate().mlp().inputSize()).isEqualTo(5 + 2);
        assertThatThrownBy(() -> new A2c(new TimeLimit<>(new TinyMdp(), 5), cfg("a2c").timeAware(true).build(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeAware");
    }

    @Test
    void bootstrappingAtTruncationAddsTheDiscountedValueOfTheLastState() {
        // TinyMdp's episodes take two steps; a limit of one cuts them after the first
        double gamma = 0.9;
        A2c boot = new A2c(new TimeLimit<>(new TinyMdp(), 1), cfg("a2c").gamma(gamma).bootstrapTruncation(true).build(), 3);
        EpisodeBuffer ep = boot.sampleEpisode();
        assertThat(ep.length).isEqualTo(1);
        assertThat(ep.truncated).isTrue();
        double v1 = boot.value().predict(Tensor.matrix(1, 3, ep.finalObs))[0];
        assertThat(v1).isNotZero();
        assertThat(boot.returns(ep, boot.value())[0]).isCloseTo(ep.rewards[0] + gamma * v1, within(1e-15));
        // a terminated episode (the full two steps) does not bootstrap
        A2c full = new A2c(new TimeLimit<>(new TinyMdp(), 5), cfg("a2c").gamma(gamma).bootstrapTruncation(true).build(), 3);
        EpisodeBuffer ep2 = full.sampleEpisode();
        assertThat(ep2.truncated).isFalse();
        assertThat(full.returns(ep2, full.value())).containsExactly(Returns.discounted(ep2.rewards, 2, gamma));
        // off (the default): truncation is treated as termination
        A2c off = new A2c(new TimeLimit<>(new TinyMdp(), 1), cfg("a2c").gamma(gamma).build(), 3);
        EpisodeBuffer ep3 = off.sampleEpisode();
        assertThat(off.returns(ep3, off.value())).containsExactly(ep3.rewards[0]);
        // relax bootstraps from the V of a value-plus surrogate; its scaled-softmax form has no V
        Relax vp = new Relax(new TimeLimit<>(new TinyMdp(), 1), cfg("relax").gamma(gamma).cvForm("value-plus")
                .bootstrapTruncation(true).build(), 3);
        EpisodeBuffer ep4 = vp.sampleEpisode();
        double v4 = vp.value().predict(Tensor.matrix(1, 3, ep4.finalObs))[0];
        assertThat(vp.returns(ep4, vp.value())[0]).isCloseTo(ep4.rewards[0] + gamma * v4, within(1e-15));
        assertThatThrownBy(() -> new Relax(new TimeLimit<>(new TinyMdp(), 1), cfg("relax").bootstrapTruncation(true).build(), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value-plus");
    }

    @Test
    void discountedReturnsWithABootstrapValue() {
        double[] r = {1.0, 2.0, -1.0};
        assertThat(Returns.discounted(r, 3, 0.5, 4.0)).containsExactly(1 + 0.5 * (2 + 0.5 * (-1 + 0.5 * 4)),
                2 + 0.5 * (-1 + 0.5 * 4), -1 + 0.5 * 4);
        assertThat(Returns.discounted(r, 3, 0.5, 0.0)).containsExactly(Returns.discounted(r, 3, 0.5));
    }

    @Test
    void everyOptionTrainsDeterministicallyAndFinitely() {
        List<AgentConfig> cs = List.of(
                cfg("kf-relax").cvFisher("gauss-newton-variance").build(),
                cfg("kf-relax").cvForm("value-plus").valueSteps(5).valueKfac(true).timeAware(true).build(),
                cfg("relax").cvForm("value-plus").bootstrapTruncation(true).valueSteps(3).build(),
                cfg("a2c").valueSteps(5).timeAware(true).bootstrapTruncation(true).build(),
                cfg("a2c").valueKfac(true).build());
        for (AgentConfig c : cs) {
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            Agent<?> x = Agents.create(c, Gym.make("CartPole-v0"), 5);
            Agent<?> y = Agents.create(c, Gym.make("CartPole-v0"), 5);
            x.learn(Budget.episodes(15), s -> a.add(s.steps() + " " + s.gradLogVar()));
            y.learn(Budget.episodes(15), s -> b.add(s.steps() + " " + s.gradLogVar()));
            assertThat(a).as(c.toString()).hasSize(15).isEqualTo(b);
            for (Tensor p : x.parameters().values()) {
                assertThat(p.isFinite()).as(c.toString()).isTrue();
            }
        }
    }
}
