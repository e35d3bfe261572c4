package org.kfrelax.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link SeedSequence#spawn} against numpy 2.4.6. The expected values were printed by
 * <pre>
 *   ss = SeedSequence(s); kids = ss.spawn(2) + ss.spawn(1)
 *   [k.generate_state(4, np.uint64) for k in kids]; kids[1].spawn(2)[1].generate_state(4, np.uint64)
 * </pre>
 * for s = 0, 12345 and 2^40 + 7 (a two-word entropy); also a six-word entropy (longer than the
 * pool, so no padding) and {@code Generator(PCG64(SeedSequence(7).spawn(3)[2])).random(3)}.
 */
class SeedSequenceTest {

    @Test
    void childrenMatchNumpy() {
        assertFamily(0,
                new long[] {0x784dfb2cdff7b411L, 0xca65717f56cf8f57L, 0x66ba395b9bb52223L, 0x6f9b32110fe1e0a9L},
                new long[] {0x43bfff7a2820a7afL, 0xc28cba32643645e9L, 0xfbc1be8429bf6610L, 0x0cc5330b50571ea8L},
                new long[] {0xe453b002c1348609L, 0x8b9aa1b410fd54daL, 0xc572d2831b00897dL, 0xc41409cab153de34L},
                new long[] {0x24df6aaad7639502L, 0xa66b174ce9d02d9bL, 0x535cb3c916106071L, 0xd47383149b70e93bL});
        assertFamily(12345,
                new long[] {0xbe87e4f4392bfa59L, 0x6ad80010a21ba2e2L, 0x09a32f90faf951fbL, 0xbb1e6106848d0134L},
                new long[] {0x1564711756dbd8a6L, 0x1cbee5ba2a67f95fL, 0x0418702babf0fbcdL, 0x9e623c1604998271L},
                new long[] {0xe51dc942264cdb38L, 0x647549946981dfd6L, 0xd86609b97830b4b4L, 0x332c7ced37c75330L},
                new long[] {0x10a573a0a2707274L, 0xa063cb0577ac1853L, 0x74df815a090bcdffL, 0x2484747219dc5ac3L});
        assertFamily((1L << 40) + 7,
                new long[] {0x29a8249365216c6fL, 0xb15d083aaa1c6f91L, 0x2bafd314b3d1d8efL, 0x8d42fce5a1c846e5L},
                new long[] {0x31c765500e68c11fL, 0x92a476196c7679a2L, 0xf160fc17b739c3eeL, 0xe4e9185494aa606eL},
                new long[] {0x5725d91a65de24afL, 0xd9442327ff2d626bL, 0x0782be7dee810dd0L, 0x9a196e7ab228d55eL},
                new long[] {0x2ed31b76cacff69eL, 0x2b6af57849df28f6L, 0x15f48b91b687bbf6L, 0xd7a3b3c1625aa8d3L});
    }

    /** Children (0), (1) from spawn(2), (2) from a second spawn(1), and grandchild (1, 1). */
    private static void assertFamily(long seed, long[] c0, long[] c1, long[] c2, long[] c11) {
        SeedSequence root = new SeedSequence(seed);
        SeedSequence[] first = root.spawn(2);
        SeedSequence third = root.spawn(1)[0];
        assertThat(first[0].generateState64(4)).as(seed + " (0)").containsExactly(c0);
        assertThat(first[1].generateState64(4)).as(seed + " (1)").containsExactly(c1);
        assertThat(third.spawnKey()).containsExactly(2);
        assertThat(third.generateState64(4)).as(seed + " (2)").containsExactly(c2);
        SeedSequence grandchild = first[1].spawn(2)[1];
        assertThat(grandchild.spawnKey()).containsExactly(1, 1);
        assertThat(grandchild.generateState64(4)).as(seed + " (1, 1)").containsExactly(c11);
        // spawning does not change the parent's own state
        assertThat(root.generateState64(4)).containsExactly(new SeedSequence(seed).generateState64(4));
    }

    @Test
    void entropyLongerThanThePoolIsNotPadded() {
        SeedSequence child = new SeedSequence(new int[] {1, 2, 3, 4, 5, 6}).spawn(1)[0];
        assertThat(child.generateState64(4)).containsExactly(
                0xe7a391ddff4ce0c6L, 0xb66f6f1dee808d1aL, 0xc20c9082cca1e35bL, 0xa5c65e048204076eL);
    }

    @Test
    void aGeneratorOnAChildMatchesNumpy() {
        Pcg64 g = new Pcg64(new SeedSequence(7).spawn(3)[2]);
        assertThat(new double[] {g.nextDouble(), g.nextDouble(), g.nextDouble()})
                .containsExactly(0.6320442355695731, 0.48677827296439047, 0.03426397859278918);
    }

    @Test
    void aRootHasAnEmptySpawnKeyAndNegativeCountsAreRejected() {
        SeedSequence root = new SeedSequence(3);
        assertThat(root.spawnKey()).isEmpty();
        assertThat(root.spawn(0)).isEmpty();
        assertThatThrownBy(() -> root.spawn(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
