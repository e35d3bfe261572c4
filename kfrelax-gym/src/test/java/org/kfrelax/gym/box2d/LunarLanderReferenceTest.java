package org.kfrelax.gym.box2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.gym.StepResult;

/**
 * Replays every episode of the Gymnasium reference files (made with pybox2d's Box2D 2.3) and
 * compares: the reset observation exactly (float32), then observations within 1e-3 and the
 * terminated/truncated flags for the first 150 steps (the criterion). With
 * {@link JBox2dEdits} the simulation reproduces pybox2d bit for bit, so the test also holds
 * every episode to its full length to exact float32 observations, rewards within 1e-9 and the
 * same termination step (any divergence, e.g. from a JBox2D or JDK change, shows up here).
 * It does so with and without the speed edit, and shows that each fidelity edit is needed.
 */
class LunarLanderReferenceTest {
    private static final int HORIZON = 150;
    private static final double TOLERANCE = 1e-3;

    @Test
    void discreteEpisodesMatchGymnasium() throws IOException {
        replayAll("LunarLander-v3", 1, IsolatedJBox2d.standard());
    }

    @Test
    void continuousEpisodesMatchGymnasium() throws IOException {
        replayAll("LunarLanderContinuous-v3", 2, IsolatedJBox2d.standard());
    }

    @Test
    void fidelityEditsWithoutTheSpeedEditMatchGymnasium() throws IOException {
        IsolatedJBox2d fidelityOnly = new IsolatedJBox2d(JBox2dEdits.fidelity(false));
        replayAll("LunarLander-v3", 1, fidelityOnly);
        replayAll("LunarLanderContinuous-v3", 2, fidelityOnly);
    }

    @Test
    void everyFidelityEditIsNeeded() throws IOException {
        for (JBox2dEdit left : JBox2dEdits.FIDELITY) {
            List<JBox2dEdit> edits = new ArrayList<>(JBox2dEdits.fidelity(true));
            edits.remove(left);
            IsolatedJBox2d without = new IsolatedJBox2d(edits);
            int diverging = 0;
            for (String id : List.of("LunarLander-v3", "LunarLanderContinuous-v3")) {
                for (ReferenceEpisodes.Episode ep : ReferenceEpisodes.load(id, id.contains("Continuous") ? 2 : 1)) {
                    if (!exact(env(id, without), ep)) {
                        diverging++;
                    }
                }
            }
            System.out.printf("without '%s': %d of 12 reference episodes diverge%n", left, diverging);
            assertThat(diverging).as("reference episodes that diverge without '%s'", left).isPositive();
        }
    }

    private static LunarLanderBase<?> env(String id, IsolatedJBox2d jbox2d) {
        LunarLanderSim sim = jbox2d.newSim(LunarLanderOptions.defaults());
        return id.startsWith("LunarLanderContinuous") ? new LunarLanderContinuous(sim) : new LunarLander(sim);
    }

    private static StepResult step(LunarLanderBase<?> env, ReferenceEpisodes.Row row) {
        return env instanceof LunarLanderContinuous c
                ? c.step(row.action())
                : ((LunarLander) env).step((int) row.action()[0]);
    }

    /** Whether {@code env} reproduces every observation, reward and flag of {@code ep} exactly. */
    private static boolean exact(LunarLanderBase<?> env, ReferenceEpisodes.Episode ep) {
        List<ReferenceEpisodes.Row> rows = ep.rows();
        if (!java.util.Arrays.equals(env.reset(ep.seed()).observation(), rows.get(0).obs())) {
            return false;
        }
        for (int k = 1; k < rows.size(); k++) {
            ReferenceEpisodes.Row row = rows.get(k);
            StepResult r = step(env, row);
            if (!java.util.Arrays.equals(r.observation(), row.obs()) || Math.abs(r.reward() - row.reward()) > 1e-9
                    || r.terminated() != row.terminated()) {
                return false;
            }
            if (r.terminated()) {
                return k == rows.size() - 1;
            }
        }
        return true;
    }

    private static void replayAll(String id, int actionDims, IsolatedJBox2d jbox2d) throws IOException {
        List<ReferenceEpisodes.Episode> episodes = ReferenceEpisodes.load(id, actionDims);
        assertThat(episodes).hasSize(6);
        for (ReferenceEpisodes.Episode ep : episodes) {
            replay(id, ep, env(id, jbox2d));
        }
    }

    /** Replays {@code ep} on {@code env} with the assertions of the class comment. */
    static void replay(String id, ReferenceEpisodes.Episode ep, LunarLanderBase<?> env) {
        String what = id + " episode " + ep.index() + " (seed " + ep.seed() + ", " + ep.policy() + ")";
        float[] first = env.reset(ep.seed()).observation();
        assertThat(first).as(what + " reset observation").containsExactly(ep.rows().get(0).obs());

        double max100 = 0;
        double max150 = 0;
        double maxAll = 0;
        double maxRewardDiff150 = 0;
        List<ReferenceEpisodes.Row> rows = ep.rows();
        for (int k = 1; k < rows.size(); k++) {
            ReferenceEpisodes.Row row = rows.get(k);
            StepResult r = step(env, row);
            double diff = 0;
            for (int i = 0; i < 8; i++) {
                diff = Math.max(diff, Math.abs((double) r.observation()[i] - row.obs()[i]));
            }
            if (row.t() <= 100) {
                max100 = Math.max(max100, diff);
            }
            if (row.t() <= HORIZON) {
                max150 = Math.max(max150, diff);
                maxRewardDiff150 = Math.max(maxRewardDiff150, Math.abs(r.reward() - row.reward()));
                assertThat(diff).as(what + " max |obs diff| at t=" + row.t()).isLessThanOrEqualTo(TOLERANCE);
                assertThat(r.terminated()).as(what + " terminated at t=" + row.t()).isEqualTo(row.terminated());
                assertThat(r.truncated()).as(what + " truncated at t=" + row.t()).isEqualTo(row.truncated());
            }
            maxAll = Math.max(maxAll, diff);
            assertThat(r.observation()).as(what + " observation at t=" + row.t()).containsExactly(row.obs());
            assertThat(r.reward()).as(what + " reward at t=" + row.t()).isCloseTo(row.reward(), within(1e-9));
            assertThat(r.terminated()).as(what + " terminated at t=" + row.t()).isEqualTo(row.terminated());
            if (r.terminated()) {
                assertThat(k).as(what + " terminates at the reference's last row").isEqualTo(rows.size() - 1);
                break;
            }
        }
        System.out.printf("%s: %d steps, max|obs diff| t<=100 %.3g, t<=150 %.3g, all %.3g; "
                        + "max|reward diff| t<=150 %.3g%n",
                what, rows.size() - 1, max100, max150, maxAll, maxRewardDiff150);
    }
}
