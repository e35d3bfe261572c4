package org.kfrelax.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md compiles as shown, imports included, against the
 * library modules (core, gym, rl: this module's test class path), each block as the file
 * named after its public class; a block without one fails the test.
 */
class ReadmeCompilesTest {
    @TempDir
    Path tmp;

    static List<String> javaBlocks() throws IOException {
        Path root = Path.of(System.getProperty("kfrelax.root", "..")).toAbsolutePath();
        String readme = Files.readString(root.resolve("README.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void everyJavaBlockOfTheReadmeCompiles() throws IOException {
        List<String> blocks = javaBlocks();
        assertThat(blocks).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(3);
        List<File> files = new ArrayList<>();
        for (String b : blocks) {
            Matcher name = Pattern.compile("(?m)^public (?:final )?class (\\w+)").matcher(b);
            assertThat(name.find()).as("a README java block without a public class:%n%s", b).isTrue();
            Path f = tmp.resolve("src").resolve(name.group(1) + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, b);
            files.add(f.toFile());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.createDirectories(tmp.resolve("classes"));
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromFiles(files);
            boolean ok = javac.getTask(out, fm, null,
                    List.of("-classpath", cp, "-d", tmp.resolve("classes").toString(), "-Xlint:unchecked", "-Werror"),
                    null, units).call();
            assertThat(ok).as("javac on README's java blocks:%n%s", out).isTrue();
        }
    }
}
