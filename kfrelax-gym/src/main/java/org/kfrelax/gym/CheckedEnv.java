package org.kfrelax.gym;

/**
 * The outermost wrapper of a {@link Gym#make} environment: reports the registered id and
 * enforces the protocol. {@code step} before the first {@code reset}, or after a step that
 * returned {@code terminated} or {@code truncated}, throws {@link IllegalStateException};
 * an action outside the action space (wrong type, wrong length, NaN, out of bounds) throws
 * {@link IllegalArgumentException} naming the value. Stricter than Gymnasium, which only warns.
 *
 * @param <A> action type
 */
public final class CheckedEnv<A> extends Wrapper<A> {
    private final String id;
    private boolean needsReset = true;
    private boolean everReset;

    public CheckedEnv(Env<A> env, String id) {
        super(env);
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ResetResult reset(long seed) {
        ResetResult r = env.reset(seed);
        needsReset = false;
        everReset = true;
        return r;
    }

    @Override
    public ResetResult reset() {
        ResetResult r = env.reset();
        needsReset = false;
        everReset = true;
        return r;
    }

    @Override
    public StepResult step(A action) {
        if (needsReset) {
            throw new IllegalStateException(id + ": step() called "
                    + (everReset ? "after the episode ended (terminated or truncated)" : "before reset()")
                    + "; call reset() first");
        }
        Spaces.requireContains(env.actionSpace(), action);
        StepResult r = env.step(action);
        if (r.terminated() || r.truncated()) {
            needsReset = true;
        }
        return r;
    }

    /** Whether the next call must be a reset (before the first reset or after an episode ended). */
    public boolean needsReset() {
        return needsReset;
    }
}
