package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void plainPrintsEveryTenPercentEveryIntervalAndOnClose() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(0);
        try (Progress p = Progress.plain("train", 100, "episodes", new PrintStream(buf, true, StandardCharsets.UTF_8),
                10_000, now::get)) {
            for (int i = 1; i <= 25; i++) {
                now.addAndGet(100_000_000L); // 0.1 s per episode
                p.message("mean return " + i);
                p.step();
            }
            now.addAndGet(30_000_000_000L); // a slow episode: the interval passes
            p.stepTo(26);
        }
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).containsExactly(
                "train: 10/100 episodes (10%) 1.0 s mean return 10",
                "train: 20/100 episodes (20%) 2.0 s mean return 20",
                "train: 26/100 episodes (26%) 32.5 s mean return 25",
                "train: 26/100 episodes (26%) 32.5 s mean return 25");
    }

    @Test
    void aLazyMessageIsBuiltOnlyForTheLinesPrinted() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(0);
        AtomicLong built = new AtomicLong();
        try (Progress p = Progress.plain("train", 100, "episodes", new PrintStream(buf, true, StandardCharsets.UTF_8),
                10_000, now::get)) {
            for (int i = 1; i <= 25; i++) {
                now.addAndGet(100_000_000L);
                int episode = i;
                p.message(() -> {
                    built.incrementAndGet();
                    return "mean return " + episode;
                });
                p.step();
            }
        }
        assertThat(buf.toString(StandardCharsets.UTF_8).split("\n")).containsExactly(
                "train: 10/100 episodes (10%) 1.0 s mean return 10",
                "train: 20/100 episodes (20%) 2.0 s mean return 20",
                "train: 25/100 episodes (25%) 2.5 s mean return 25");
        assertThat(built.get()).isEqualTo(3);
        AtomicLong silentBuilt = new AtomicLong();
        try (Progress s = Progress.silent()) {
            s.message(() -> "x" + silentBuilt.incrementAndGet());
            s.step();
        }
        assertThat(silentBuilt.get()).isZero();
    }

    @Test
    void theBarsFinalLineShowsTheLastMessage() {
        // before: a message built at most every 200 ms left the closed bar showing an older one
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Progress p = Progress.bar("train", 3, "episodes", new PrintStream(buf, true, StandardCharsets.UTF_8), 120)) {
            for (int i = 1; i <= 3; i++) {
                int episode = i;
                p.message(() -> "episode " + episode + " shown");
                p.step();
            }
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out.substring(out.lastIndexOf('\r') + 1)).contains("episode 3 shown");
    }

    @Test
    void theCountStopsAtTheTotalAndTheClockStartsWhereTheWorkStarts() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(0);
        Progress p = Progress.plain("train", 1000, "steps", new PrintStream(buf, true, StandardCharsets.UTF_8),
                1_000_000, now::get);
        now.set(5_000_000_000L);   // 5 s of setting up before learning starts
        p.restartClock();
        now.addAndGet(1_500_000_000L);
        p.stepTo(1020);            // the last episode ended past the step budget
        p.close();
        assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo("train: 1000/1000 steps (100%) 1.5 s\n");
    }

    @Test
    void unknownTotalPrintsCountsOnly() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong(0);
        Progress p = Progress.plain("toy", 0, "iterations", new PrintStream(buf, true, StandardCharsets.UTF_8),
                1000, now::get);
        now.set(2_000_000_000L);
        p.stepTo(7);
        p.close();
        p.close(); // idempotent
        assertThat(buf.toString(StandardCharsets.UTF_8))
                .isEqualTo("toy: 7 iterations 2.0 s\ntoy: 7 iterations 2.0 s\n");
    }

    @Test
    void barShowsTaskCountsAndMessage() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Progress p = Progress.bar("train", 50, "episodes", new PrintStream(buf, true, StandardCharsets.UTF_8), 300)) {
            for (int i = 0; i < 20; i++) {
                p.step();
            }
            p.message("mean return 42.5");
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("train").contains("20/50").contains("mean return 42.5");
    }

    @Test
    void modeCanBeChosenBySystemProperty() {
        String old = System.getProperty("kfrelax.progress");
        try {
            System.setProperty("kfrelax.progress", "off");
            assertThat(Progress.start("t", 10, "steps").getClass()).isEqualTo(Progress.silent().getClass());
            System.setProperty("kfrelax.progress", "plain");
            try (Progress p = Progress.start("t", 10, "steps")) {
                assertThat(p.getClass()).isEqualTo(
                        Progress.plain("t", 1, "s", System.err, 1, System::nanoTime).getClass());
            }
        } finally {
            if (old == null) {
                System.clearProperty("kfrelax.progress");
            } else {
                System.setProperty("kfrelax.progress", old);
            }
        }
    }

    @Test
    void silentPrintsNothing() {
        try (Progress p = Progress.silent()) {
            p.step();
            p.message("x");
        }
    }
}
