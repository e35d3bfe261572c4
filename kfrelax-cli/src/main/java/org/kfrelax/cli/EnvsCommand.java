package org.kfrelax.cli;

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
        out.printf("%-26s %-10s %-9s %-28s %s%n", "id", "max_steps", "threshold", "action_space", "observation_space");
        for (EnvSpec s : Gym.specs()) {
            out.printf("%-26s %-10d %-9s %-28s %s%n", s.id(), s.maxEpisodeSteps(),
                    s.rewardThreshold() == null ? "-" : PyFloat.repr(s.rewardThreshold()),
                    s.actionSpace(), s.observationSpace());
        }
        out.flush();
        return 0;
    }
}
