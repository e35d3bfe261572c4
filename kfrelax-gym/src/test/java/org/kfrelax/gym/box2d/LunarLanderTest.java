package org.kfrelax.gym.box2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.gym.Box;
import org.kfrelax.gym.Discrete;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Frame;
import org.kfrelax.gym.StepResult;
import org.kfrelax.random.Pcg64;

class LunarLanderTest {

    @Test
    void spacesAndIds() {
        LunarLander d = new LunarLander();
        LunarLanderContinuous c = new LunarLanderContinuous();
        assertThat(d.id()).isEqualTo("LunarLander-v3");
        assertThat(c.id()).isEqualTo("LunarLanderContinuous-v3");
        assertThat(d.actionSpace()).isEqualTo(new Discrete(4));
        assertThat(((Box) c.actionSpace()).dim()).isEqualTo(2);
        assertThat(d.observationSpace().high(0)).isEqualTo(2.5f);
        assertThat(d.observationSpace().high(4)).isEqualTo((float) (2 * Math.PI));
        assertThat(LunarLander.create(true)).isInstanceOf(LunarLanderContinuous.class);
        assertThat(LunarLander.create(false)).isInstanceOf(LunarLander.class);
    }

    @Test
    void stepBeforeResetOrAfterTerminationIsRejected() {
        LunarLander env = new LunarLander();
        assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("reset");
        env.reset(0);
        StepResult r = null;
        for (int t = 0; t < 1000 && (r == null || !r.terminated()); t++) {
            r = env.step(0); // free fall: crashes (or lands) well within 1000 steps
        }
        assertThat(r.terminated()).isTrue();
        assertThatThrownBy(() -> env.step(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("terminated");
        env.reset(); // a new episode can start
        assertThat(env.step(0).observation()).hasSize(8);
    }

    @Test
    void invalidActionsAreRejectedWithTheirValue() {
        LunarLander d = new LunarLander();
        d.reset(1);
        assertThatThrownBy(() -> d.step(4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
        assertThatThrownBy(() -> d.step(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> d.step(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");

        LunarLanderContinuous c = new LunarLanderContinuous();
        c.reset(1);
        assertThatThrownBy(() -> c.step(new float[] {Float.NaN, 0f}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> c.step(new float[] {0f, 1.5f}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> c.step(new double[] {Double.NEGATIVE_INFINITY, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> c.step(new float[] {0f}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 components");
        // a rejected action does not advance the episode: the next valid step matches a fresh env
        LunarLanderContinuous fresh = new LunarLanderContinuous();
        fresh.reset(1);
        assertThat(c.step(new float[] {0.7f, -0.8f}).observation())
                .containsExactly(fresh.step(new float[] {0.7f, -0.8f}).observation());
    }

    @Test
    void resetWithoutSeedContinuesTheStream() {
        LunarLander a = new LunarLander();
        LunarLander b = new LunarLander();
        float[] first = a.reset(3).observation();
        assertThat(b.reset(3).observation()).containsExactly(first);
        for (int t = 0; t < 5; t++) {
            a.step(t % 4);
            b.step(t % 4);
        }
        float[] second = a.reset().observation();
        assertThat(b.reset().observation()).containsExactly(second);
        assertThat(second).isNotEqualTo(first);
        assertThat(a.reset(3).observation()).containsExactly(first);
    }

    @Test
    void windIndicesAreDrawnAtResetAsNumpyIntegers() {
        long seed = 7;
        LunarLander env = new LunarLander(LunarLanderOptions.windy(15.0, 1.5));
        env.reset(seed);
        // reset's draws: 12 terrain heights, 2 force components, then integers(-9999, 9999) twice
        Pcg64 replay = new Pcg64(seed);
        for (int i = 0; i < 14; i++) {
            replay.nextDouble();
        }
        long wind = replay.integers(-9999, 9999);
        long torque = replay.integers(-9999, 9999);
        // the closing step(0) of reset applied the wind once (no leg touches yet)
        assertThat(env.sim().windIndex()).isEqualTo(wind + 1);
        assertThat(env.sim().torqueIndex()).isEqualTo(torque + 1);

        LunarLander calm = new LunarLander();
        float[] windy = env.reset(seed).observation();
        float[] still = calm.reset(seed).observation();
        for (int t = 0; t < 30; t++) {
            windy = env.step(0).observation();
            still = calm.step(0).observation();
        }
        assertThat(windy[0]).isNotEqualTo(still[0]); // the wind pushes sideways
        assertThatThrownBy(() -> new LunarLanderOptions(-12.0, false, 15, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-12.0");
    }

    @Test
    void renderingCreatesParticlesWithoutChangingTheTrajectory() {
        LunarLanderContinuous plain = new LunarLanderContinuous();
        LunarLanderContinuous drawn = new LunarLanderContinuous();
        plain.reset(4);
        drawn.reset(4);
        Frame frame = drawn.render();
        assertThat(frame.width()).isEqualTo(600);
        assertThat(frame.height()).isEqualTo(400);
        Pcg64 actions = new Pcg64(99);
        int particles = 0;
        for (int t = 0; t < 60; t++) {
            float[] a = {(float) actions.uniform(-1, 1), (float) actions.uniform(-1, 1)};
            StepResult p = plain.step(a);
            StepResult d = drawn.step(a);
            assertThat(d.observation()).containsExactly(p.observation());
            assertThat(d.reward()).isEqualTo(p.reward());
            frame = drawn.render();
            particles = Math.max(particles, drawn.sim().particles().size());
            if (p.terminated()) {
                break;
            }
        }
        assertThat(particles).isPositive();
        assertThat(plain.sim().particles()).isEmpty();
        assertThat(frame.pixels()).contains(0x8066E6, 0xCCCC00, 0x000000, 0xFFFFFF); // hull, flag, sky, ground
    }

    @Test
    void heuristicReproducesGymnasiumsControllerOnTheReferenceEpisodes() throws IOException {
        for (ReferenceEpisodes.Episode ep : ReferenceEpisodes.load("LunarLander-v3", 1)) {
            if (ep.policy().equals("heuristic")) {
                for (int k = 1; k < ep.rows().size(); k++) {
                    float[] s = ep.rows().get(k - 1).obs();
                    assertThat(LunarLanderHeuristic.discrete(s)).as("episode %d t=%d", ep.index(), k)
                            .isEqualTo((int) ep.rows().get(k).action()[0]);
                }
            }
        }
        for (ReferenceEpisodes.Episode ep : ReferenceEpisodes.load("LunarLanderContinuous-v3", 2)) {
            if (ep.policy().equals("heuristic")) {
                for (int k = 1; k < ep.rows().size(); k++) {
                    float[] s = ep.rows().get(k - 1).obs();
                    assertThat(LunarLanderHeuristic.continuous(s)).as("episode %d t=%d", ep.index(), k)
                            .containsExactly(ep.rows().get(k).action());
                }
            }
        }
    }

    @Test
    void heuristicLandsOnFreshSeeds() {
        // Gymnasium's heuristic scores about +200 or more on most seeds; seeds 10..14 all land (+100 at the end)
        for (long seed = 10; seed < 15; seed++) {
            for (Env<?> env : List.of(new LunarLander(), new LunarLanderContinuous())) {
                float[] s = env.reset(seed).observation();
                double total = 0;
                StepResult r = null;
                for (int t = 0; t < 1000; t++) {
                    r = env instanceof LunarLanderContinuous c
                            ? c.step(LunarLanderHeuristic.continuous(s))
                            : ((LunarLander) env).step(LunarLanderHeuristic.discrete(s));
                    s = r.observation();
                    total += r.reward();
                    if (r.terminated()) {
                        break;
                    }
                }
                assertThat(r.terminated()).as("%s seed %d ends", env.id(), seed).isTrue();
                assertThat(r.reward()).as("%s seed %d lands", env.id(), seed).isEqualTo(100.0);
                assertThat(total).as("%s seed %d return", env.id(), seed).isGreaterThan(150.0);
            }
        }
    }

    @Test
    void simulationRejectsInvalidEnginePowers() {
        LunarLanderSim sim = LunarLanderSim.create(LunarLanderOptions.defaults());
        assertThatThrownBy(() -> sim.step(0, 0, 0)).isInstanceOf(IllegalStateException.class);
        sim.reset(new Pcg64(0));
        assertThatThrownBy(() -> sim.step(0.3, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.3");
        assertThatThrownBy(() -> sim.step(0, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> sim.step(0, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("direction");
    }

    @Test
    void particleColoursFadeAsGymnasiums() {
        // (max(.2, .15 + ttl), max(.2, ttl/2), max(.2, ttl/2)) * 255, truncated
        assertThat(LunarLanderRenderer.particleColor(1.0).getRGB() & 0xFFFFFF).isEqualTo(0xFF7F7F);
        assertThat(LunarLanderRenderer.particleColor(0.5).getRGB() & 0xFFFFFF).isEqualTo(0xA53F3F);
        assertThat(LunarLanderRenderer.particleColor(0.0).getRGB() & 0xFFFFFF).isEqualTo(0x333333);
    }
}
