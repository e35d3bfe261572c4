package org.kfrelax.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code kfrelax} command line. */
@Command(name = "kfrelax", mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Unbiased, low-variance gradient estimation (REINFORCE, REBAR, RELAX, LAX) "
                + "with K-FAC, and RL agents on Gymnasium-faithful environments.",
        subcommands = {VersionCommand.class, EnvsCommand.class, RolloutCommand.class, RenderCommand.class,
                TrainCommand.class, EvalCommand.class, CompareCommand.class, SweepCommand.class, VarianceCommand.class,
                ToyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a command: the usage on stderr, then one error line, exit {@link Cli#EXIT_USAGE}. */
    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        spec.commandLine().usage(err);
        err.println("kfrelax: error: no command given; choose one of the commands above (kfrelax <command> --help)");
        err.flush();
        return Cli.EXIT_USAGE;
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
