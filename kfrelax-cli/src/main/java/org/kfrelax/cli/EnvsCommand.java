package org.kfrelax.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kfrelax.gym.EnvSpec;
import org.kfrelax.gym.Gym;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kfrelax envs}: the registered environments with spaces, step limits and thresholds. */
@Command(name = "envs", mixinStandardHelpOptions = true,
        description = "List the registered environments: spaces, step limits, reward thresholds.")
public final class EnvsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"id", "max_steps", "threshold", "action_space", "observation_space"});
        for (EnvSpec s : Gym.specs()) {
            rows.add(new String[] {s.id(), String.valueOf(s.maxEpisodeSteps()),
                    s.rewardThreshold() == null ? "-" : PyFloat.repr(s.rewardThreshold()),
                    s.actionSpace().toString(), s.observationSpace().toString()});
        }
        out.print(table(rows));
        out.flush();
        return 0;
    }

    /** The rows as columns padded to their widest cell, two spaces apart (the last column unpadded). */
    static String table(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                sb.append(r[c]);
                if (c < r.length - 1) {
                    sb.append(" ".repeat(width[c] - r[c].length() + 2));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
