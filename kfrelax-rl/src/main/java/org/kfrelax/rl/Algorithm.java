package org.kfrelax.rl;

import java.util.Arrays;
import java.util.List;
import org.kfrelax.gym.Box;
import org.kfrelax.gym.Discrete;
import org.kfrelax.gym.Env;

/**
 * The RL algorithms, each with the name {@code --algo}, config files and checkpoints use
 * ({@link #toString()}), the kind of action space it acts in, and whether it takes K-FAC steps.
 */
public enum Algorithm {
    /** REINFORCE with a learned value baseline, one episode per update. */
    A2C("a2c", false, false),
    /** A2C with K-FAC steps on actor and critic (Wu et al. 2017). */
    ACKTR("acktr", false, true),
    /** RELAX for discrete actions (the method's Section 4.2). */
    RELAX("relax", false, false),
    /** RELAX with K-FAC steps for the surrogate. */
    KF_RELAX("kf-relax", false, true),
    /** LAX for continuous actions. */
    LAX("lax", true, false),
    /** LAX with K-FAC steps for the surrogate. */
    KF_LAX("kf-lax", true, true);

    private final String name;
    private final boolean continuous;
    private final boolean kfac;

    Algorithm(String name, boolean continuous, boolean kfac) {
        this.name = name;
        this.continuous = continuous;
        this.kfac = kfac;
    }

    /** The algorithm called {@code name} (e.g. {@code kf-relax}). */
    public static Algorithm parse(String name) {
        for (Algorithm a : values()) {
            if (a.name.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algo '" + name + "'; expected one of " + String.join(", ", names()));
    }

    /** Every algorithm's name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Algorithm::toString).toList();
    }

    /** Whether it acts in a continuous ({@link Box}) action space; otherwise a {@link Discrete} one. */
    public boolean continuous() {
        return continuous;
    }

    /** Whether it takes K-FAC steps (ACKTR: actor and critic; kf-relax and kf-lax: the surrogate). */
    public boolean kfac() {
        return kfac;
    }

    /**
     * Checks that {@code env}'s action space is the kind this algorithm acts in.
     *
     * @throws IllegalArgumentException naming the env, its action space and the algorithms that fit it
     */
    public void checkActionSpace(Env<?> env) {
        boolean fits = continuous ? env.actionSpace() instanceof Box : env.actionSpace() instanceof Discrete;
        if (!fits) {
            List<String> others = Arrays.stream(values()).filter(a -> a.continuous != continuous)
                    .map(Algorithm::toString).toList();
            throw new IllegalArgumentException(name + " needs a " + (continuous ? "continuous (Box)" : "discrete")
                    + " action space, but " + env.id() + " has " + env.actionSpace() + "; use one of "
                    + String.join(", ", others));
        }
    }

    /** The name, e.g. {@code kf-relax}. */
    @Override
    public String toString() {
        return name;
    }
}
