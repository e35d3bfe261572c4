package org.kfrelax.cli.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial of a sweep, fully resolved: everything {@link org.kfrelax.cli.SweepTrial#run(TrialSpec)}
 * needs and nothing else, so that any engine, on any machine, runs it the same way. Plain data:
 * {@link Serializable} (for engines that ship objects, e.g. Spark) and a JSON round trip
 * ({@link #toJson()}, {@link #fromJson(String)}) for engines that ship text.
 *
 * @param id the trial's name in the sweep, unique in it (e.g. {@code kf-relax-c3-s7})
 * @param envId registered environment id, e.g. {@code CartPole-v0}
 * @param algo algorithm name, e.g. {@code kf-relax}
 * @param seed the run's seed
 * @param config the fully resolved hyperparameters as {@code train --print-config} writes them:
 *     the flags' words in camelCase ({@code lr}, {@code cvLr}, {@code kfacDamping}, ...) to JSON
 *     values (numbers, strings, booleans, lists of whole numbers); {@code algo} included
 * @param maxEpisodes episode budget (0: none)
 * @param maxSteps environment-step budget (0: none)
 * @param stopWhenSolved end the run at the solve criterion
 * @param solveThreshold the solve threshold (null: the task has none)
 * @param runDir the trial's run directory (absolute), where its {@code train} files go
 * @param tensorboard whether the trial writes a TensorBoard event file into its run directory
 *     (as {@code train --tensorboard}); results are the same either way
 */
public record TrialSpec(String id, String envId, String algo, long seed, Map<String, Object> config, long maxEpisodes,
                        long maxSteps, boolean stopWhenSolved, Double solveThreshold, String runDir, boolean tensorboard)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialSpec {
        if (id == null || id.isBlank() || envId == null || algo == null || config == null || runDir == null) {
            throw new IllegalArgumentException("a trial needs an id, env, algo, config and run directory");
        }
        if (maxEpisodes < 0 || maxSteps < 0 || (maxEpisodes == 0 && maxSteps == 0)) {
            throw new IllegalArgumentException("trial " + id + ": the budget needs maxEpisodes or maxSteps > 0, got "
                    + maxEpisodes + " and " + maxSteps);
        }
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** A trial without a TensorBoard event file. */
    public TrialSpec(String id, String envId, String algo, long seed, Map<String, Object> config, long maxEpisodes,
                     long maxSteps, boolean stopWhenSolved, Double solveThreshold, String runDir) {
        this(id, envId, algo, seed, config, maxEpisodes, maxSteps, stopWhenSolved, solveThreshold, runDir, false);
    }

    /** This spec as one line of JSON. */
    public String toJson() {
        return SeamJson.write(this);
    }

    /** The spec {@link #toJson()} wrote. */
    public static TrialSpec fromJson(String json) {
        return SeamJson.read(json, TrialSpec.class);
    }
}
