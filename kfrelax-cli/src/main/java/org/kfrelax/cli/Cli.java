package org.kfrelax.cli;

import picocli.CommandLine;

/** Shared error handling: every failure is one line on stderr and a non-zero exit. */
public final class Cli {
    private Cli() {}

    /** Exit code for bad input (usage errors, invalid values). */
    public static final int EXIT_USAGE = 2;
    /** Exit code for failures while running. */
    public static final int EXIT_FAILURE = 1;

    static final CommandLine.IExecutionExceptionHandler EXCEPTION_HANDLER = (ex, cl, parseResult) -> {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cl.getErr().println("kfrelax " + cl.getCommandName() + ": error: " + msg.lines().findFirst().orElse(msg));
        if (System.getenv("KFRELAX_DEBUG") != null) {
            ex.printStackTrace(cl.getErr());
        }
        return (ex instanceof IllegalArgumentException || ex instanceof CommandLine.ParameterException)
                ? EXIT_USAGE : EXIT_FAILURE;
    };

    static final CommandLine.IParameterExceptionHandler PARAMETER_HANDLER = (ex, args) -> {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("kfrelax " + cl.getCommandName() + ": error: " + ex.getMessage()
                + " (see --help)");
        return EXIT_USAGE;
    };
}
