package org.kfrelax.gym;

/**
 * Gymnasium's {@code TimeLimit}: counts steps since the last reset and reports
 * {@code truncated = true} once {@code elapsed >= maxEpisodeSteps} (also on a step that
 * terminates at the same time).
 *
 * @param <A> action type
 */
public final class TimeLimit<A> extends Wrapper<A> {
    private final int maxEpisodeSteps;
    private int elapsed;

    public TimeLimit(Env<A> env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("maxEpisodeSteps must be positive, got " + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps taken since the last reset. */
    public int elapsedSteps() {
        return elapsed;
    }

    @Override
    public ResetResult reset(long seed) {
        elapsed = 0;
        return env.reset(seed);
    }

    @Override
    public ResetResult reset() {
        elapsed = 0;
        return env.reset();
    }

    @Override
    public StepResult step(A action) {
        StepResult r = env.step(action);
        elapsed++;
        if (elapsed >= maxEpisodeSteps && !r.truncated()) {
            return new StepResult(r.observation(), r.reward(), r.terminated(), true, r.info());
        }
        return r;
    }
}
