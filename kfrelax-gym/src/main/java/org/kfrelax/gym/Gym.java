package org.kfrelax.gym;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.kfrelax.gym.box2d.LunarLander;
import org.kfrelax.gym.classic.Acrobot;
import org.kfrelax.gym.classic.CartPole;
import org.kfrelax.gym.classic.MountainCar;
import org.kfrelax.gym.classic.Pendulum;

/**
 * The registry, as Gymnasium's {@code gymnasium.make}: ids with their step limits and reward
 * thresholds (values of Gymnasium 1.x's registration).
 */
public final class Gym {
    private Gym() {}

    private static final List<EnvSpec> SPECS = new CopyOnWriteArrayList<>(List.of(
            new EnvSpec("CartPole-v0", 200, 195.0, () -> new CartPole("CartPole-v0")),
            new EnvSpec("CartPole-v1", 500, 475.0, () -> new CartPole("CartPole-v1")),
            new EnvSpec("Acrobot-v1", 500, -100.0, Acrobot::new),
            new EnvSpec("MountainCar-v0", 200, -110.0, MountainCar::new),
            new EnvSpec("Pendulum-v1", 200, null, Pendulum::new),
            new EnvSpec("LunarLander-v3", 1000, 200.0, () -> LunarLander.create(false)),
            new EnvSpec("LunarLanderContinuous-v3", 1000, 200.0, () -> LunarLander.create(true))));

    /**
     * Registers a user environment under {@code spec.id()}, as Gymnasium's {@code register}:
     * afterwards {@link #make}, {@link #makeDiscrete}/{@link #makeContinuous}, the agents'
     * loading ({@code SavedAgent.load}) and {@link #specs()} know it, e.g.
     * {@code Gym.register(new EnvSpec("GridWorld-v0", 100, 0.9, GridWorld::new))}. Check the
     * environment first with {@link EnvChecker#check}. Registration lasts for the JVM.
     *
     * @throws IllegalArgumentException if the id is blank or already registered (an id names
     *     one environment; Gymnasium would override it with a warning)
     */
    public static void register(EnvSpec spec) {
        if (spec == null || spec.id() == null || spec.id().isBlank()) {
            throw new IllegalArgumentException("an environment id must not be blank, got "
                    + (spec == null ? "no spec" : spec.id() == null ? "null" : "'" + spec.id() + "'"));
        }
        if (spec.maxEpisodeSteps() <= 0) {
            throw new IllegalArgumentException(spec.id() + ": maxEpisodeSteps must be positive, got " + spec.maxEpisodeSteps());
        }
        if (spec.rewardThreshold() != null && !Double.isFinite(spec.rewardThreshold())) {
            throw new IllegalArgumentException(spec.id() + ": rewardThreshold must be finite or null, got " + spec.rewardThreshold());
        }
        synchronized (SPECS) {
            if (ids().contains(spec.id())) {
                throw new IllegalArgumentException("environment id '" + spec.id() + "' is already registered");
            }
            SPECS.add(spec);
        }
    }

    /** All registered specs, in registration order. */
    public static List<EnvSpec> specs() {
        return List.copyOf(SPECS);
    }

    /** All registered ids, in registration order. */
    public static List<String> ids() {
        return SPECS.stream().map(EnvSpec::id).collect(Collectors.toList());
    }

    /**
     * The spec registered under {@code id}.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public static EnvSpec spec(String id) {
        for (EnvSpec s : SPECS) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown environment id '" + id + "'; known ids: " + String.join(", ", ids()));
    }

    /**
     * A new environment: the raw one inside a {@link TimeLimit} with the registered limit
     * inside a {@link CheckedEnv} (protocol and action checks).
     */
    public static Env<?> make(String id) {
        return wrap(spec(id));
    }

    private static <A> Env<A> wrap(EnvSpec spec) {
        @SuppressWarnings("unchecked")
        Env<A> raw = (Env<A>) spec.makeRaw();
        return new CheckedEnv<>(new TimeLimit<>(raw, spec.maxEpisodeSteps()), spec.id());
    }

    /**
     * {@link #make} for an environment with a {@link Discrete} action space.
     *
     * @throws IllegalArgumentException if the id is unknown or its actions are not discrete
     */
    @SuppressWarnings("unchecked")
    public static Env<Integer> makeDiscrete(String id) {
        Env<?> env = make(id);
        if (!(env.actionSpace() instanceof Discrete)) {
            throw new IllegalArgumentException(id + " has a continuous action space " + env.actionSpace()
                    + "; expected a discrete one");
        }
        return (Env<Integer>) env;
    }

    /**
     * {@link #make} for an environment with a {@link Box} action space.
     *
     * @throws IllegalArgumentException if the id is unknown or its actions are not continuous
     */
    @SuppressWarnings("unchecked")
    public static Env<float[]> makeContinuous(String id) {
        Env<?> env = make(id);
        if (!(env.actionSpace() instanceof Box)) {
            throw new IllegalArgumentException(id + " has a discrete action space " + env.actionSpace()
                    + "; expected a continuous one");
        }
        return (Env<float[]>) env;
    }
}
