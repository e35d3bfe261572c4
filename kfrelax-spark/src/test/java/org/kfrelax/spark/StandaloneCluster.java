package org.kfrelax.spark;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 for a test: a Master and one Worker, each its own JVM
 * started from this JVM's class path (the Maven jars), with {@code SPARK_HOME} a folder whose
 * {@code jars/} links those jars (the Worker starts its executors from it) and
 * {@code SPARK_SCALA_VERSION=2.13}. {@link #close()} stops both (and so the executors).
 */
final class StandaloneCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    final String masterUrl;

    /**
     * Starts the Master and the Worker and waits (at most {@code startSeconds}) until the Master
     * accepts connections.
     *
     * @param dir a fresh folder for SPARK_HOME, the worker's work directory and the logs
     * @param cores the worker's cores
     */
    StandaloneCluster(Path dir, int cores, int startSeconds) throws IOException, InterruptedException {
        this.dir = dir;
        Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
        for (String entry : classPath()) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p.toAbsolutePath());
                }
            }
        }
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--webui-port", String.valueOf(freePort()));
        awaitPort(port, startSeconds);
        start("worker", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", String.valueOf(cores),
                "--memory", "2g", "--webui-port", String.valueOf(freePort()), "--work-dir",
                Files.createDirectories(dir.resolve("work")).toString(), masterUrl);
    }

    /** This JVM's class path, entry by entry (jars and class folders), for executors' {@code spark.executor.extraClassPath}. */
    static List<String> classPath() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    /** The last lines of a process's log, for a failure message. */
    String log(String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private void start(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + Path.of(System.getProperty("kfrelax.spark.javaOptions")).toAbsolutePath());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOG_DIR", dir.toString());
        processes.add(pb.start());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitPort(int port, int seconds) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                for (Process p : processes) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the spark master exited (" + p.exitValue() + "):\n" + log("master"));
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the spark master did not listen on 127.0.0.1:" + port + " within " + seconds
                + " s:\n" + log("master"));
    }

    /** Stops the Worker (which stops its executors), then the Master; forcibly after 20 s each. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
