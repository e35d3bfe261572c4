package org.kfrelax.gym;

import org.kfrelax.random.Rng;

/** The integers {@code 0 .. n-1}. */
public record Discrete(int n) implements Space<Integer> {
    public Discrete {
        if (n <= 0) {
            throw new IllegalArgumentException("Discrete space needs n > 0, got " + n);
        }
    }

    @Override
    public boolean contains(Integer x) {
        return x != null && x >= 0 && x < n;
    }

    @Override
    public Integer sample(Rng rng) {
        return rng.nextInt(n);
    }

    @Override
    public String toString() {
        return "Discrete(" + n + ")";
    }
}
