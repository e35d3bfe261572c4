package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@link Main#commandLine(String[])}: a command named first is built alone and behaves as in the whole tree. */
class MainTest {

    @Test
    void aCommandNamedFirstIsBuiltAloneAndHelpsAsInTheWholeTree() {
        CommandLine all = Main.commandLine();
        assertThat(all.getSubcommands()).hasSize(Main.COMMANDS.size());
        for (String name : all.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            CommandLine one = Main.commandLine(new String[] {name, "--help"});
            assertThat(one.getSubcommands().keySet()).containsExactly(name);
            assertThat(help(one, name)).isEqualTo(help(Main.commandLine(), name));
        }
    }

    @Test
    void withoutACommandNameEveryCommandIsBuilt() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "train"}, {"trian"}}) {
            assertThat(Main.commandLine(args).getSubcommands()).hasSize(Main.COMMANDS.size());
        }
    }

    @Test
    void theDefaultsTableIsInTheHelpOfTheCommandsWithHyperparameters() {
        assertThat(help(Main.commandLine(new String[] {"train"}), "train")).contains("Defaults by algorithm");
        assertThat(help(Main.commandLine(new String[] {"compare"}), "compare")).contains("Defaults by algorithm");
        assertThat(help(Main.commandLine(new String[] {"envs"}), "envs")).doesNotContain("Defaults by algorithm");
    }

    private static String help(CommandLine cl, String name) {
        StringWriter out = new StringWriter();
        int code = cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true))
                .execute(name, "--help");
        assertThat(code).isZero();
        return out.toString();
    }
}
