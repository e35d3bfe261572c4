package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kfrelax.random.Pcg64;

/**
 * A run's streams are numpy's {@code [PCG64(c) for c in SeedSequence(seed).spawn(4)]}, and
 * none is the environment's {@code PCG64(SeedSequence(seed))}. Expected first
 * {@code random_raw()} of each, printed by numpy 2.4.6:
 * <pre>
 *   [hex(PCG64(c).random_raw()) for c in SeedSequence(s).spawn(4)], hex(PCG64(SeedSequence(s)).random_raw())
 * </pre>
 */
class RandomStreamsTest {

    @Test
    void streamsAreNumpysSpawnedChildren() {
        assertFirstDraws(0, 0xf1645affcd5f76eeL, 0xad5cc5f1a97c42b5L, 0xd698f01da8088c62L, 0x5d4b826de4784f45L,
                0xa30febcfd9c2825fL);
        assertFirstDraws(7, 0xcc407fea4e2cab90L, 0x7b076c1dae6ffa92L, 0xa1cda6a96589fa15L, 0xfb7981c97ac2f34cL,
                0xa00641a9f1e54a8bL);
    }

    private static void assertFirstDraws(long seed, long init, long action, long noise, long fisher, long env) {
        RandomStreams s = RandomStreams.of(seed);
        assertThat(s.init().nextLong()).as("init, seed " + seed).isEqualTo(init);
        assertThat(s.action().nextLong()).as("action, seed " + seed).isEqualTo(action);
        assertThat(s.noise().nextLong()).as("noise, seed " + seed).isEqualTo(noise);
        assertThat(s.fisher().nextLong()).as("fisher, seed " + seed).isEqualTo(fisher);
        assertThat(new Pcg64(seed).nextLong()).as("the environment's generator, seed " + seed).isEqualTo(env);
    }
}
