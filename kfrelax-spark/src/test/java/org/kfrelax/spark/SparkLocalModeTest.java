package org.kfrelax.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.kfrelax.gym.Gym;
import org.kfrelax.rl.Agent;
import org.kfrelax.rl.AgentConfig;
import org.kfrelax.rl.Agents;
import org.kfrelax.rl.Algorithm;
import org.kfrelax.rl.Budget;

/** Spark starts in local mode with this module's class path (Jackson 2.21, Java 17 options) and runs kfrelax code on its executors. */
class SparkLocalModeTest {
    /** The returns of a short seeded kf-relax run on CartPole-v0, as doubles' raw bits. */
    static long[] returnBits(long seed) {
        Agent<Integer> agent = Agents.create(AgentConfig.builder(Algorithm.KF_RELAX).build(), Gym.makeDiscrete("CartPole-v0"), seed);
        List<Double> returns = new ArrayList<>();
        agent.learn(Budget.episodes(4), stats -> returns.add(stats.ret()));
        return returns.stream().mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void seededRunsOnLocalExecutorsEqualTheSameRunsOnTheDriver() {
        List<Long> seeds = LongStream.range(0, 4).boxed().toList();
        List<long[]> onSpark;
        try (JavaSparkContext sc = new JavaSparkContext(SparkSettings.conf("local[2]", "kfrelax-test"))) {
            onSpark = sc.parallelize(seeds, 2).map(SparkLocalModeTest::returnBits).collect();
        }
        assertThat(onSpark).hasSize(4);
        for (int i = 0; i < seeds.size(); i++) {
            assertThat(onSpark.get(i)).hasSize(4).containsExactly(returnBits(seeds.get(i)));
        }
        assertThat(onSpark.get(0)).isNotEqualTo(onSpark.get(1));
    }

    @Test
    void aMasterOfAnotherFormIsRefusedByName() {
        assertThatThrownBy(() -> SparkSettings.conf("yarn", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'yarn'");
        assertThatThrownBy(() -> SparkSettings.conf("local[0]", "x")).hasMessageContaining("'local[0]'");
    }
}
