package org.kfrelax.gym.box2d;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Using JBox2D before the first LunarLander must work, and LunarLander must stay Gymnasium-exact
 * afterwards. Other tests of this JVM may already have made LunarLanders, so the scenario
 * ({@link JBox2dFirstScenario}) runs in a fresh JVM on this test's class path.
 */
class JBox2dBeforeLunarLanderTest {

    @Test
    void anApplicationMayUseJBox2dBeforeTheFirstLunarLander() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String root = System.getProperty("kfrelax.root", System.getProperty("user.dir"));
        Process process = new ProcessBuilder(List.of(java, "-ea", "-Dkfrelax.root=" + root,
                "-cp", System.getProperty("java.class.path"), JBox2dFirstScenario.class.getName()))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("the scenario finished within 120 s").isTrue();
        assertThat(process.exitValue()).as("exit status; output:%n%s", output).isZero();
        assertThat(output).contains("ok: JBox2D before and after LunarLander");
    }
}
