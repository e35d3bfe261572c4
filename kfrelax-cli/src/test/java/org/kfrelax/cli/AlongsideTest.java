package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Alongside}: both actions run at once, each one's output survives the other's failure, a failure is never lost. */
class AlongsideTest {
    @TempDir
    Path dir;

    @Test
    void bothRunAtOnceAndTheCallReturnsWhenBothHaveEnded() throws IOException {
        CountDownLatch background = new CountDownLatch(1);
        AtomicBoolean foregroundSawIt = new AtomicBoolean();
        AtomicBoolean backgroundDone = new AtomicBoolean();
        Alongside.run("test", () -> {
            background.countDown();
            sleep(100);
            backgroundDone.set(true);
        }, () -> foregroundSawIt.set(await(background)));
        assertThat(foregroundSawIt).isTrue();   // the background ran while the foreground waited for it
        assertThat(backgroundDone).isTrue();
    }

    @Test
    void aFailingBackgroundCostsTheForegroundNothingAndIsThrownAsItWas() {
        Path summary = dir.resolve("summary.json");
        IOException plot = new IOException("the plot is not written");
        assertThatThrownBy(() -> Alongside.run("test", () -> {
            throw plot;
        }, () -> {
            sleep(50);
            Files.writeString(summary, "{}");
        })).isSameAs(plot);
        assertThat(summary).hasContent("{}");
    }

    @Test
    void uncheckedFailuresOfTheBackgroundAreThrownAsTheyWere() {
        IllegalStateException bad = new IllegalStateException("bad");
        assertThatThrownBy(() -> Alongside.run("test", () -> {
            throw bad;
        }, () -> { })).isSameAs(bad);
        OutOfMemoryError oom = new OutOfMemoryError("test");
        assertThatThrownBy(() -> Alongside.run("test", () -> {
            throw oom;
        }, () -> { })).isSameAs(oom);
    }

    @Test
    void aFailingForegroundIsThrownAfterTheBackgroundHasEndedWithItsFailureSuppressed() {
        Path plot = dir.resolve("returns.png");
        IOException checkpoint = new IOException("no space left for model/");
        IOException plotFailure = new IOException("and none for the svg either");
        assertThatThrownBy(() -> Alongside.run("test", () -> {
            sleep(100);
            Files.writeString(plot, "png");
            throw plotFailure;
        }, () -> {
            throw checkpoint;
        })).isSameAs(checkpoint).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(plotFailure));
        assertThat(plot).exists();   // the background had ended when the call returned
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
