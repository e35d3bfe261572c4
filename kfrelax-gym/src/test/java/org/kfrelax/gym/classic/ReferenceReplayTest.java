package org.kfrelax.gym.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.gym.ReferenceData;
import org.kfrelax.gym.ReferenceData.Episode;
import org.kfrelax.gym.ReferenceData.Row;
import org.kfrelax.gym.ResetResult;
import org.kfrelax.gym.StepResult;

/**
 * Replays every episode of the Gymnasium 1.4 reference trajectories through {@link Gym#make}
 * environments: reset(seed) against the t=0 rows and the float64 reset states, then every step
 * with the recorded actions. Observations (float32, as stored), float64 rewards and flags must
 * be identical at every step of every episode.
 *
 * <p>The reference was made with numpy 1.24.2 on an AVX-512 CPU, where {@code np.sin}/{@code
 * np.cos} of float64 values are Intel SVML's (see {@link SvmlTrig}); with those, CartPole, Acrobot
 * and Pendulum follow it bit for bit, including CartPole's 500-step heuristic episodes (with
 * Java's or glibc's sin/cos they first differ at t = 140..196). MountainCar calls Python's
 * {@code math.cos}, the C library's ({@link LibmTrig}).
 */
class ReferenceReplayTest {

    @Test
    void cartPole() {
        replay("CartPole-v1");
    }

    @Test
    void acrobot() {
        replay("Acrobot-v1");
    }

    @Test
    void mountainCar() {
        replay("MountainCar-v0");
    }

    @Test
    void pendulum() {
        replay("Pendulum-v1");
    }

    @SuppressWarnings("unchecked")
    private static void replay(String id) {
        List<Episode> episodes = ReferenceData.episodes(id);
        List<double[]> states = ReferenceData.states(id);
        assertThat(episodes).isNotEmpty();
        int stepsChecked = 0;
        for (Episode ep : episodes) {
            Env<Object> env = (Env<Object>) Gym.make(id);
            boolean discrete = (Object) env.actionSpace() instanceof org.kfrelax.gym.Discrete;
            ResetResult r0 = env.reset(ep.seed());
            Row first = ep.rows().get(0);
            assertThat(first.t()).isZero();
            assertThat(r0.observation()).as("%s episode %d reset obs", id, ep.index()).containsExactly(first.obs());
            if (ep.index() < states.size()) {
                assertThat(rawState(env)).as("%s episode %d reset state", id, ep.index())
                        .containsExactly(states.get(ep.index()));
            }
            for (Row row : ep.rows().subList(1, ep.rows().size())) {
                Object action = discrete ? (Object) (int) row.action()[0] : toFloats(row.action());
                StepResult s = env.step(action);
                String where = id + " episode " + ep.index() + " t=" + row.t();
                assertThat(s.observation()).as(where + " observation").containsExactly(row.obs());
                assertThat(s.reward()).as(where + " reward").isEqualTo(row.reward());
                assertThat(s.terminated()).as(where + " terminated").isEqualTo(row.terminated());
                assertThat(s.truncated()).as(where + " truncated").isEqualTo(row.truncated());
                stepsChecked++;
            }
        }
        assertThat(stepsChecked).isGreaterThan(episodes.size());
    }

    private static float[] toFloats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    private static double[] rawState(Env<?> env) {
        Env<?> raw = env.unwrapped();
        if (raw instanceof CartPole c) {
            return c.state();
        }
        if (raw instanceof Acrobot a) {
            return a.state();
        }
        if (raw instanceof MountainCar m) {
            return m.state();
        }
        return ((Pendulum) raw).state();
    }
}
