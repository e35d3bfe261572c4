package org.kfrelax.cli.sweep;

import java.util.Map;

/**
 * How to run the trials, from the sweep's options.
 *
 * @param threads {@code --threads}: trials at a time on this machine (the local engine; others may
 *     use it for their local mode)
 * @param master {@code --master}: the cluster to use (e.g. {@code local[*]}, {@code spark://host:7077});
 *     null if not given; the local engine refuses one
 * @param conf {@code --engine-conf KEY=VALUE}: engine-specific settings, passed through as given
 */
public record EngineSettings(int threads, String master, Map<String, String> conf) {
    public EngineSettings {
        if (threads <= 0) {
            throw new IllegalArgumentException("--threads must be positive, got " + threads);
        }
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }
}
