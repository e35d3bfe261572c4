package org.kfrelax.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code kfrelax} command line. */
@Command(name = "kfrelax", mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Unbiased, low-variance gradient estimation (REINFORCE, REBAR, RELAX, LAX) "
                + "with K-FAC, and RL agents on Gymnasium-faithful environments.",
        subcommands = {VersionCommand.class, EnvsCommand.class, RolloutCommand.class, RenderCommand.class,
                TrainCommand.class, EvalCommand.class, CompareCommand.class,
                ToyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with the project's error handling. */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new Main()));
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }
}
