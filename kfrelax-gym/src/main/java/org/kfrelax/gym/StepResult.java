package org.kfrelax.gym;

import java.util.Map;

/** What {@link Env#step} returns, as in Gymnasium. */
public record StepResult(float[] observation, double reward, boolean terminated, boolean truncated,
                         Map<String, Object> info) {
    /** True when the episode is over for either reason. */
    public boolean done() {
        return terminated || truncated;
    }
}
