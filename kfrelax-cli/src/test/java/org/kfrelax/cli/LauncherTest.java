package org.kfrelax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kfrelax} launcher script's build decision, run by bash in a copy of the project
 * layout with stand-in {@code mvn} and {@code java} commands: generated sources under
 * {@code target/} never cause a rebuild, a changed source or pom does, and each build says what
 * it is doing and about how long it takes.
 */
class LauncherTest {
    @TempDir
    Path root;

    private Path jar;
    private Path mvnLog;

    private void layout() throws IOException {
        Path launcher = Path.of(System.getProperty("kfrelax.root", "..")).resolve("kfrelax");
        Files.copy(launcher, root.resolve("kfrelax"));
        jar = root.resolve("kfrelax-cli/target/kfrelax.jar");
        mvnLog = root.resolve("mvn.log");
        Path bin = Files.createDirectories(root.resolve("bin"));
        // mvn: records the call and "builds" the jar of the module asked for, the CLI jar named as
        // -Dkfrelax.jar.name says (kfrelax-cli/pom.xml); java: prints what it was asked to run
        Path sparkJar = root.resolve("kfrelax-spark/target/spark-home/jars/kfrelax-spark.jar");
        script(bin.resolve("mvn"), "#!/bin/sh\necho build \"$*\" >> '" + mvnLog + "'\n"
                + "name=kfrelax\nfor a in \"$@\"; do case \"$a\" in -Dkfrelax.jar.name=*) name=\"${a#*=}\";; esac; done\n"
                + "case \"$*\" in *kfrelax-spark*) j='" + sparkJar + "';; *) j='" + jar.getParent() + "'/$name.jar;; esac\n"
                + "mkdir -p \"$(dirname \"$j\")\" && : > \"$j\"\n");
        script(bin.resolve("java"), "#!/bin/sh\necho java-stub \"$@\"\n");
        write(root.resolve("pom.xml"), 100);
        write(root.resolve("kfrelax-core/src/main/java/A.java"), 100);
    }

    @Test
    void generatedSourcesUnderTargetDoNotRebuildAndChangedSourcesDo() throws Exception {
        layout();
        Run first = launch();
        assertThat(first.err).contains("first use: building the jar").contains("about a minute");
        assertThat(builds()).isEqualTo(1);
        // built under a temporary name, then renamed into place
        assertThat(Files.readString(mvnLog)).contains("-Dkfrelax.jar.name=kfrelax-build-");
        try (var files = Files.list(jar.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("kfrelax.jar");
        }
        Files.setLastModifiedTime(jar, ago(50));
        // what a Maven build leaves behind: generated sources and classes newer than the jar
        write(root.resolve("kfrelax-bench/target/generated-sources/annotations/B_jmhTest.java"), 10);
        write(root.resolve("kfrelax-core/target/classes/A.class"), 10);
        write(root.resolve("runs/x/model/checkpoint.json"), 10);
        Run second = launch();
        assertThat(builds()).as(second.err).isEqualTo(1);
        assertThat(second.err).doesNotContain("building");
        assertThat(second.out).contains("java-stub");
        write(root.resolve("kfrelax-core/src/main/java/A.java"), 5);
        Run third = launch();
        assertThat(builds()).isEqualTo(2);
        assertThat(third.err).contains("sources changed since the last build; rebuilding");
    }

    @Test
    void engineSparkBuildsAndRunsTheSparkModuleAndNothingElseDoes() throws Exception {
        layout();
        Run sweep = launch("sweep", "--engine", "spark", "--master", "local[2]");
        assertThat(Files.readString(mvnLog)).contains("-pl kfrelax-spark -am package").doesNotContain("kfrelax-cli");
        assertThat(sweep.err).contains("--engine spark: building the Spark module");
        assertThat(sweep.out).contains("@" + root.resolve("kfrelax-spark/src/main/jvm/spark-java.options"))
                .contains("-cp " + root.resolve("kfrelax-spark/target/spark-home/jars") + "/* org.kfrelax.cli.Main sweep"
                        + " --engine spark --master local[2]")
                .doesNotContain("-jar");
        Run again = launch("sweep", "--engine=spark");
        assertThat(builds()).as(again.err).isEqualTo(1);
        assertThat(again.out).contains("org.kfrelax.cli.Main sweep --engine=spark");
        // any other command, or another engine, is the CLI jar as before
        Run local = launch("sweep", "--engine", "local");
        assertThat(builds()).isEqualTo(2);
        assertThat(Files.readAllLines(mvnLog).get(1)).contains("-pl kfrelax-cli -am package");
        assertThat(local.out).contains("-jar " + jar + " sweep --engine local");
    }

    @Test
    void twoLaunchesThatNeedABuildBuildOnce() throws Exception {
        // before: both ran Maven in the same target/ directories at once (each build's incremental
        // compile deletes the other's class files); now the second waits for the first one's jar
        layout();
        Path mvn = root.resolve("bin/mvn");
        script(mvn, Files.readString(mvn).replace("\nname=kfrelax", "\nsleep 2\nname=kfrelax"));
        Process first = start("err1.txt");
        Thread.sleep(500);
        Process second = start("err2.txt");
        assertThat(first.waitFor()).isZero();
        assertThat(second.waitFor()).isZero();
        assertThat(builds()).isEqualTo(1);
        assertThat(Files.readString(root.resolve("err2.txt")) + Files.readString(root.resolve("err1.txt")))
                .contains("another launch is building the jar; waiting for it");
    }

    @Test
    void theStartUpArchiveIsAStaticDumpOfATrainingRunsClassListMadeOncePerBuild() throws Exception {
        // a static archive (class list, then -Xshare:dump), not -XX:ArchiveClassesAtExit: only the
        // static dump keeps picocli's Java 5 class files in Java 17
        layout();
        Path javaLog = root.resolve("java.log");
        script(root.resolve("bin/java"), "#!/bin/sh\necho \"$*\" >> '" + javaLog + "'\nlist=; archive=; dump=\n"
                + "for a in \"$@\"; do case \"$a\" in -XX:DumpLoadedClassList=*) list=\"${a#*=}\";;"
                + " -XX:SharedArchiveFile=*) archive=\"${a#*=}\";; -Xshare:dump) dump=1;; esac; done\n"
                + "[ -n \"$list\" ] && echo picocli/CommandLine > \"$list\"\n"
                + "[ -n \"$dump\" ] && [ -s \"$archive\" ] || { [ -n \"$dump\" ] && echo archive > \"$archive\"; }\n"
                + "echo java-stub \"$@\"\n");
        Run first = launchWithArchive("version");
        assertThat(first.err).contains("preparing the start-up archive");
        List<String> calls = Files.readAllLines(javaLog);
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0)).contains("-XX:DumpLoadedClassList=").contains(" train --env CartPole-v0 --algo kf-relax")
                .doesNotContain("ArchiveClassesAtExit");
        assertThat(calls.get(1)).contains("-Xshare:dump").contains("-XX:SharedClassListFile=");
        String archive;
        try (var files = Files.list(jar.getParent())) {
            // the archive under its final name only: no temporary archive or class list left
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertThat(names).hasSize(2).contains("kfrelax.jar");
            archive = names.stream().filter(n -> n.endsWith(".jsa")).findFirst().orElseThrow();
        }
        assertThat(calls.get(2)).contains("-XX:SharedArchiveFile=" + jar.getParent().resolve(archive)).endsWith(" version");
        Run second = launchWithArchive("version");
        assertThat(second.err).doesNotContain("preparing");
        assertThat(Files.readAllLines(javaLog)).hasSize(4);
    }

    private Run launchWithArchive(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("kfrelax").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", root.resolve("bin") + ":/usr/bin:/bin");
        pb.environment().remove("KFRELAX_CDS");
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor()).as(Files.readString(err)).isZero();
        return new Run(Files.readString(out), Files.readString(err));
    }

    private Process start(String err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("kfrelax").toString(), "version");
        pb.environment().put("PATH", root.resolve("bin") + ":/usr/bin:/bin");
        pb.environment().put("KFRELAX_CDS", "off");
        return pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(root.resolve(err).toFile()).start();
    }

    private record Run(String out, String err) {}

    private Run launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("kfrelax").toString()));
        cmd.addAll(args.length == 0 ? List.of("version") : List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", root.resolve("bin") + ":/usr/bin:/bin");
        pb.environment().put("KFRELAX_CDS", "off");
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor()).as(Files.readString(err)).isZero();
        return new Run(Files.readString(out), Files.readString(err));
    }

    private int builds() throws IOException {
        return Files.exists(mvnLog) ? Files.readAllLines(mvnLog).size() : 0;
    }

    private static FileTime ago(int seconds) {
        return FileTime.from(Instant.now().minusSeconds(seconds));
    }

    private static void write(Path f, int secondsAgo) throws IOException {
        Files.createDirectories(f.getParent());
        Files.writeString(f, "x");
        Files.setLastModifiedTime(f, ago(secondsAgo));
    }

    private static void script(Path f, String text) throws IOException {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

}
