package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfrelax.rl.UpdateMetrics;
import org.kfrelax.tensorboard.EventFileReader;
import org.kfrelax.tensorboard.TensorBoardWriter;
import org.kfrelax.tensorboard.TrainingScalars;

/** train and compare write event files whose curves are episodes.csv's, plus each update's metrics. */
class TensorBoardRunTest {
    @TempDir
    Path tmp;

    /** Reads the run directory's single event file: the version event, then everything by step. */
    private static List<EventFileReader.Event> events(Path dir) throws IOException {
        List<Path> files = TensorBoardWriter.eventFiles(dir);
        assertThat(files).as("event files in " + dir).hasSize(1);
        List<EventFileReader.Event> ev = EventFileReader.read(files.get(0));
        assertThat(ev.get(0).fileVersion()).isEqualTo(TensorBoardWriter.FILE_VERSION);
        return ev.subList(1, ev.size());
    }

    /**
     * Every row of episodes.csv appears as one episode event at step = episode, with return,
     * mean-100, length, total steps and (once defined) grad_logvar equal to the CSV's values
     * rounded to float; returns the update events (those without an episode/return tag).
     */
    private static List<EventFileReader.Event> checkAgainstCsv(Path dir) throws IOException {
        List<String> csv = Files.readAllLines(dir.resolve("episodes.csv"));
        assertThat(csv.get(0)).isEqualTo(String.join(",", TrainRun.COLUMNS));
        List<EventFileReader.Event> all = events(dir);
        List<EventFileReader.Event> episodes = all.stream().filter(e -> e.scalars().containsKey(TrainingScalars.RETURN)).toList();
        assertThat(episodes).hasSize(csv.size() - 1);
        for (int i = 1; i < csv.size(); i++) {
            String[] c = csv.get(i).split(",", -1);
            EventFileReader.Event e = episodes.get(i - 1);
            Map<String, Float> s = e.scalars();
            assertThat(e.step()).isEqualTo(Long.parseLong(c[0]));
            assertThat(s.get(TrainingScalars.LENGTH)).isEqualTo(Float.parseFloat(c[1]));
            assertThat(s.get(TrainingScalars.RETURN)).isEqualTo((float) Double.parseDouble(c[2]));
            assertThat(s.get(TrainingScalars.TOTAL_STEPS)).isEqualTo((float) Long.parseLong(c[3]));
            if (c[5].isEmpty()) {
                assertThat(s).doesNotContainKey(TrainingScalars.GRAD_LOGVAR);
            } else {
                assertThat(s.get(TrainingScalars.GRAD_LOGVAR)).isEqualTo((float) Double.parseDouble(c[5]));
            }
            assertThat(s.get(TrainingScalars.MEAN_RETURN_100)).isEqualTo((float) Double.parseDouble(c[6]));
        }
        return all.stream().filter(e -> !e.scalars().containsKey(TrainingScalars.RETURN)).toList();
    }

    @Test
    void trainA2cLogsEveryEpisodeAndEveryUpdate() throws IOException {
        Path dir = tmp.resolve("a2c");
        RlCommandsTest.Run r = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--seed", "1",
                "--max-episodes", "25", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<EventFileReader.Event> updates = checkAgainstCsv(dir);
        // one update per episode, logged at that episode, before its episode event
        assertThat(updates).extracting(EventFileReader.Event::step).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        for (EventFileReader.Event u : updates) {
            // a2c has no trust region by default: no KL; no K-FAC
            assertThat(u.scalars().keySet()).containsExactly(UpdateMetrics.ENTROPY, UpdateMetrics.POLICY_LOSS,
                    UpdateMetrics.VALUE_LOSS, UpdateMetrics.EXPLAINED_VARIANCE);
            // 1 − Var[residual]/Var[return] is at most 1 (CartPole's returns-to-go always vary)
            assertThat(u.scalars().get(UpdateMetrics.EXPLAINED_VARIANCE)).isLessThanOrEqualTo(1f);
            // the entropy of a 2-action policy lies in [0, log 2]
            assertThat(u.scalars().get(UpdateMetrics.ENTROPY)).isBetween(0f, (float) Math.log(2) + 1e-6f);
            assertThat(u.scalars().get(UpdateMetrics.VALUE_LOSS)).isGreaterThanOrEqualTo(0f);
        }
        checkUpdatesCsv(dir, updates);
    }

    /** updates.csv and the event file got the same updates from the same callback: equal to float precision. */
    private static void checkUpdatesCsv(Path dir, List<EventFileReader.Event> updates) throws IOException {
        List<String> csv = Files.readAllLines(dir.resolve("updates.csv"));
        String[] header = csv.get(0).split(",");
        assertThat(header).startsWith("update", "episode", "total_steps");
        assertThat(csv).hasSize(updates.size() + 1);
        for (int i = 1; i < csv.size(); i++) {
            String[] c = csv.get(i).split(",", -1);
            EventFileReader.Event e = updates.get(i - 1);
            assertThat(Long.parseLong(c[0])).isEqualTo(i);
            assertThat(Long.parseLong(c[1])).isEqualTo(e.step());
            assertThat(java.util.Arrays.asList(header).subList(3, header.length)).containsAll(e.scalars().keySet());
            for (int j = 3; j < header.length; j++) {
                Float tb = e.scalars().get(header[j]);
                if (c[j].isEmpty()) {
                    assertThat(tb).as(header[j]).isNull();
                } else {
                    assertThat(tb).as(header[j]).isEqualTo((float) Double.parseDouble(c[j]));
                }
            }
        }
    }

    @Test
    void trainKfRelaxLogsKlAndKfacScalesAndNoTensorboardWritesNone() throws IOException {
        Path dir = tmp.resolve("kf");
        RlCommandsTest.Run r = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "kf-relax",
                "--seed", "0", "--max-episodes", "12", "--no-plot", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<EventFileReader.Event> updates = checkAgainstCsv(dir);
        assertThat(updates).hasSize(12);
        for (EventFileReader.Event u : updates) {
            Map<String, Float> s = u.scalars();
            assertThat(s).containsKeys(UpdateMetrics.ENTROPY, UpdateMetrics.SURROGATE_LOSS, UpdateMetrics.KL,
                    UpdateMetrics.KFAC_SCALE + "surrogate", UpdateMetrics.KFAC_QUADRATIC_FORM + "surrogate",
                    UpdateMetrics.KFAC_STEP_NORM + "surrogate");
            // kf-relax's configured damping, constant over the run
            assertThat(s.get(UpdateMetrics.KFAC_DAMPING + "surrogate"))
                    .isEqualTo((float) org.kfrelax.rl.AgentConfig.defaults(org.kfrelax.rl.Algorithm.KF_RELAX).kfacDamping());
            assertThat(s.get(UpdateMetrics.KFAC_STEP_NORM + "surrogate")).isPositive();
            // the trust region (δ = 0.01 for kf-relax) holds the KL at most δ
            assertThat(s.get(UpdateMetrics.KL)).isBetween(-1e-9f, 0.01f);
            assertThat(s.get(UpdateMetrics.KFAC_SCALE + "surrogate")).isBetween(0f, 1f);
            assertThat(s.get(UpdateMetrics.SURROGATE_LOSS)).isGreaterThanOrEqualTo(0f);
        }
        checkUpdatesCsv(dir, updates);
        Path off = tmp.resolve("off");
        r = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "a2c", "--max-episodes", "3",
                "--no-plot", "--no-tensorboard", "--out", off.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(TensorBoardWriter.eventFiles(off)).isEmpty();
    }

    /** ACKTR: K-FAC on actor and critic, so step norm and damping for both, and the critic's explained variance. */
    @Test
    void trainAcktrLogsBothKfacOptimizersAndExplainedVariance() throws IOException {
        Path dir = tmp.resolve("acktr");
        RlCommandsTest.Run r = RlCommandsTest.run(new TrainCommand(), "--env", "CartPole-v0", "--algo", "acktr",
                "--seed", "2", "--max-episodes", "6", "--no-plot", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<EventFileReader.Event> updates = checkAgainstCsv(dir);
        assertThat(updates).hasSize(6);
        org.kfrelax.rl.AgentConfig c = org.kfrelax.rl.AgentConfig.defaults(org.kfrelax.rl.Algorithm.ACKTR);
        for (EventFileReader.Event u : updates) {
            Map<String, Float> s = u.scalars();
            for (String net : List.of("policy", "value")) {
                assertThat(s.get(UpdateMetrics.KFAC_STEP_NORM + net)).as(net).isPositive();
                assertThat(s.get(UpdateMetrics.KFAC_DAMPING + net)).as(net).isEqualTo((float) c.kfacDamping());
            }
            assertThat(s.get(UpdateMetrics.EXPLAINED_VARIANCE)).isLessThanOrEqualTo(1f);
        }
        checkUpdatesCsv(dir, updates);
    }

    @Test
    void compareWritesOneEventFilePerRunAndLaxLogsPerBatch() throws IOException {
        Path dir = tmp.resolve("cmp");
        RlCommandsTest.Run r = RlCommandsTest.run(new CompareCommand(), "--env", "Pendulum-v1", "--algos", "lax",
                "--seeds", "2", "--max-episodes", "6", "--batch-steps", "400", "--threads", "1", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (int seed = 0; seed < 2; seed++) {
            Path run = dir.resolve("runs").resolve("lax").resolve("seed-" + seed);
            List<EventFileReader.Event> updates = checkAgainstCsv(run);
            // Pendulum episodes are 200 steps: a batch of 400 steps ends at episodes 2, 4, 6
            assertThat(updates).extracting(EventFileReader.Event::step).containsExactly(2L, 4L, 6L);
            for (EventFileReader.Event u : updates) {
                assertThat(u.scalars()).containsKeys(UpdateMetrics.ENTROPY, UpdateMetrics.VALUE_LOSS,
                        UpdateMetrics.EXPLAINED_VARIANCE, UpdateMetrics.SURROGATE_LOSS, UpdateMetrics.KL);
            }
            checkUpdatesCsv(run, updates);
        }
    }
}
