package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Algorithm;

/** compare's run order: the costliest algorithm's runs first, ties (seeds) in the given order. */
class CompareScheduleTest {

    @Test
    void startsTheCostliestRunsFirst() {
        Map<String, AgentConfig> configs = new LinkedHashMap<>();
        for (String a : List.of("a2c", "relax", "kf-relax")) {
            configs.put(a, AgentConfig.defaults(Algorithm.parse(a)));
        }
        List<String> runs = List.of("a2c", "a2c", "relax", "relax", "kf-relax", "kf-relax");
        assertThat(CompareCommand.longestFirst(runs, configs)).containsExactly(4, 5, 2, 3, 0, 1);
    }

    @Test
    void ranksSurrogateAboveBaselineAndKfacAboveFirstOrder() {
        int a2c = CompareCommand.relativeCost(AgentConfig.defaults(Algorithm.A2C));
        int acktr = CompareCommand.relativeCost(AgentConfig.defaults(Algorithm.ACKTR));
        int relax = CompareCommand.relativeCost(AgentConfig.defaults(Algorithm.RELAX));
        int kfRelax = CompareCommand.relativeCost(AgentConfig.defaults(Algorithm.KF_RELAX));
        assertThat(a2c).isLessThan(acktr);
        assertThat(acktr).isLessThan(relax);
        assertThat(relax).isLessThan(kfRelax);
    }
}
