package org.kfrelax.gym;

import org.kfrelax.random.Rng;

/**
 * An environment that forwards everything to an inner one; subclasses override what they change.
 *
 * @param <A> action type
 */
public abstract class Wrapper<A> implements Env<A> {
    protected final Env<A> env;

    protected Wrapper(Env<A> env) {
        if (env == null) {
            throw new IllegalArgumentException("wrapped environment must not be null");
        }
        this.env = env;
    }

    @Override
    public String id() {
        return env.id();
    }

    @Override
    public Box observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space<A> actionSpace() {
        return env.actionSpace();
    }

    @Override
    public ResetResult reset(long seed) {
        return env.reset(seed);
    }

    @Override
    public ResetResult reset() {
        return env.reset();
    }

    @Override
    public StepResult step(A action) {
        return env.step(action);
    }

    @Override
    public Rng npRandom() {
        return env.npRandom();
    }

    @Override
    public Frame render() {
        return env.render();
    }

    @Override
    public Env<A> unwrapped() {
        return env.unwrapped();
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
