package org.kfrelax.gym;

import java.util.Map;

/** What {@link Env#reset} returns: the first observation and an info map. */
public record ResetResult(float[] observation, Map<String, Object> info) {}
