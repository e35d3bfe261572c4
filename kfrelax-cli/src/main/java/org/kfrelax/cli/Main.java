package org.kfrelax.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code kfrelax} command line. */
@Command(name = "kfrelax", mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Unbiased, low-variance gradient estimation (REINFORCE, REBAR, RELAX, LAX) "
                + "with K-FAC, and RL agents on Gymnasium-faithful environments.")
public final class Main implements java.util.concurrent.Callable<Integer> {

    /** The commands, in the order the usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(VersionCommand.class, EnvsCommand.class, RolloutCommand.class,
            RenderCommand.class, TrainCommand.class, EvalCommand.class, CompareCommand.class, SweepCommand.class,
            VarianceCommand.class, ToyCommand.class, VaeCommand.class, CommandLine.HelpCommand.class);

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

    /** Builds the command line, every command in it, with the project's error handling. */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * The command line for {@code args}: when they start with the name of a command, only that
     * command is built (picocli builds a command's model from its annotations by reflection,
     * about 0.1 CPU-second for all of them, more than a short run should spend on it);
     * otherwise (no command, --help, help, an unknown name) every command.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : COMMANDS) {
                if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(List.of(c));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine commandLine(List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : commands) {
            cl.addSubcommand(c);
        }
        return Cli.configure(cl);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine(args).execute(args));
    }
}
