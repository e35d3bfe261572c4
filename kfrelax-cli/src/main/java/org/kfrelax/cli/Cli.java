package org.kfrelax.cli;

import picocli.CommandLine;

/** Shared error handling: every failure is one line on stderr and a non-zero exit. */
public final class Cli {
    private Cli() {}

    /** Exit code for bad input (usage errors, invalid values). */
    public static final int EXIT_USAGE = 2;
    /** Exit code for failures while running. */
    public static final int EXIT_FAILURE = 1;

    /**
     * A command line for {@code command} (a picocli command object) with the project's error
     * handling, as {@link Main} sets it up: use it to test a command on its own, e.g.
     * {@code int code = Cli.commandLine(new ToyCommand()).setErr(errWriter).execute("--iters", "0");}.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        return configure(cl);
    }

    /** Installs the project's error handling on {@code cl}: {@link #commandLine(Object)}. */
    static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler(EXCEPTION_HANDLER);
        cl.setParameterExceptionHandler(PARAMETER_HANDLER);
        cl.setExecutionStrategy(OUT_OF_MEMORY);
        addDefaults(cl);
        return cl;
    }

    /**
     * Puts the per-algorithm defaults table into the help of every command with hyperparameter
     * options. The table is computed when the help is printed, not before every run.
     */
    private static void addDefaults(CommandLine cl) {
        CommandLine.Model.CommandSpec hyper = cl.getCommandSpec().mixins().get("hyper");
        if (hyper != null) {
            cl.getCommandSpec().usageMessage().sectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                    help -> {
                        help.commandSpec().usageMessage().footer(HyperparameterOptions.defaultsFooter(hyper));
                        return help.footer();
                    });
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            addDefaults(sub);
        }
    }

    /**
     * Runs the command as picocli does ({@link CommandLine.RunLast}), but an
     * {@link OutOfMemoryError} (which picocli lets through, and the JVM would print with a
     * stack trace) becomes one line and {@link #EXIT_FAILURE}. By the time it is caught the
     * command's data is unreachable, so printing has memory again.
     */
    static final CommandLine.IExecutionStrategy OUT_OF_MEMORY = parseResult -> {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (OutOfMemoryError e) {
            java.util.List<CommandLine> cls = parseResult.asCommandLineList();
            CommandLine cl = cls.get(cls.size() - 1);
            cl.getErr().println("kfrelax " + cl.getCommandName() + ": error: " + describe(e));
            if (System.getenv("KFRELAX_DEBUG") != null) {
                e.printStackTrace(cl.getErr());
            }
            cl.getErr().flush();
            return EXIT_FAILURE;
        }
    };

    static final CommandLine.IExecutionExceptionHandler EXCEPTION_HANDLER = (ex, cl, parseResult) -> {
        cl.getErr().println("kfrelax " + cl.getCommandName() + ": error: " + describe(ex));
        if (System.getenv("KFRELAX_DEBUG") != null) {
            ex.printStackTrace(cl.getErr());
        }
        return (ex instanceof IllegalArgumentException || ex instanceof CommandLine.ParameterException)
                ? EXIT_USAGE : EXIT_FAILURE;
    };

    /**
     * A one-line description of a failure. File-system exceptions, whose message is often only
     * a path, say what went wrong with it (e.g. {@code no such file: runs/x/model}).
     */
    public static String describe(Throwable ex) {
        if (ex instanceof java.io.UncheckedIOException && ex.getCause() != null) {
            ex = ex.getCause();
        }
        String msg;
        if (ex instanceof OutOfMemoryError) {
            return "out of memory (" + ex.getMessage() + ", at most " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB): the settings need more memory than this JVM may use; choose smaller ones or give it more, "
                    + "e.g. KFRELAX_JAVA_OPTS=\"-Xss16m -Xmx8g\"";
        }
        if (ex instanceof java.nio.file.FileSystemException fs && fs.getReason() == null) {
            String what = ex instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : ex instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : ex instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                    : ex instanceof java.nio.file.NotDirectoryException ? "not a directory"
                    : ex instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
                    : "file system error";
            msg = what + ": " + fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
        } else if (ex.getMessage() == null || ex.getMessage().isBlank()) {
            msg = ex.getClass().getSimpleName();
        } else if (ex instanceof java.io.IOException || ex instanceof IllegalArgumentException
                || ex instanceof IllegalStateException) {
            msg = ex.getMessage();
        } else {
            // unexpected failures keep their type so that they can be told from bad input
            msg = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
        String line = msg.lines().findFirst().orElse(msg).trim();
        return line.isEmpty() ? ex.getClass().getSimpleName() : line;
    }

    static final CommandLine.IParameterExceptionHandler PARAMETER_HANDLER = (ex, args) -> {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("kfrelax " + cl.getCommandName() + ": error: " + ex.getMessage()
                + " (see --help)");
        return EXIT_USAGE;
    };
}
