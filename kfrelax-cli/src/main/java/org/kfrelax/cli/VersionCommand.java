package org.kfrelax.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kfrelax version}: prints the version. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the kfrelax version.")
public final class VersionCommand implements Callable<Integer> {

    /** The version string baked into the jar at build time. */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/kfrelax-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public Integer call() {
        System.out.println("kfrelax " + version());
        return 0;
    }

    /** Supplies {@code --version} for every command. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kfrelax " + version()};
        }
    }
}
