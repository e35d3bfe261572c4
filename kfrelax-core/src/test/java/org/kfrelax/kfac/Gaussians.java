package org.kfrelax.kfac;

import org.kfrelax.random.Pcg64;

/** Seeded test data for the K-FAC tests. */
final class Gaussians {
    private Gaussians() {}

    /** n standard normals from a fresh {@code Pcg64(seed)}. */
    static double[] draw(int n, long seed) {
        Pcg64 rng = new Pcg64(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }
}
