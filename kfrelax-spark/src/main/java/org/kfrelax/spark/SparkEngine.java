package org.kfrelax.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.kfrelax.cli.SweepTrial;
import org.kfrelax.cli.sweep.EngineSettings;
import org.kfrelax.cli.sweep.SweepEngine;
import org.kfrelax.cli.sweep.TrialListener;
import org.kfrelax.cli.sweep.TrialResult;
import org.kfrelax.cli.sweep.TrialSpec;
import scala.Tuple2;

/**
 * The Apache Spark engine ({@code --engine spark}): each trial is a Spark job of one task that
 * runs {@link SweepTrial#run} on an executor, on the task's thread (one core, {@code
 * spark.task.cpus} 1), and sends its result back as JSON; the driver reports each result to the
 * listener as its job ends, so it stores results as they come, alone. Jobs are submitted all at
 * once and Spark's FIFO scheduler starts them in the order given as cores free up. Runs with the
 * same settings share one SparkContext (one Spark application), kept until the JVM exits.
 *
 * <p>{@code --master}: {@code local[N]}/{@code local[*]} runs the executors in this JVM (without
 * {@code --master}: {@code local[--threads]}); {@code spark://host:port} uses a standalone
 * cluster, whose executors need the kfrelax jars (the README's Spark section) and must see the
 * trials' run directories. {@code --engine-conf spark.KEY=VALUE} sets any Spark property.
 *
 * <p>A stop request cancels the jobs: those not started never start, and a running trial sees
 * its task marked killed ({@link TaskContext#isInterrupted()}), ends after its current episode
 * and leaves a resumable checkpoint in its run directory (its result, interrupted, is not
 * reported); the engine returns once Spark reports that the cancelled jobs ended and no task
 * runs (so the checkpoints are written before the context stops).
 */
public final class SparkEngine implements SweepEngine {
    /** How often the driver looks for finished jobs and for a stop request. */
    private static final long POLL_MILLIS = 50;
    /** The longest wait for killed trials to reach the end of their episode after a stop request. */
    private static final long STOP_WAIT_MILLIS = 120_000;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public void run(List<TrialSpec> trials, EngineSettings settings, TrialListener listener) throws Exception {
        SparkConf conf = SparkSettings.conf(settings.master() == null ? "local[" + settings.threads() + "]"
                : settings.master(), "kfrelax sweep");
        for (Map.Entry<String, String> e : settings.conf().entrySet()) {
            if (!e.getKey().startsWith("spark.")) {
                throw new IllegalArgumentException("--engine-conf for the spark engine takes spark.KEY=VALUE (a Spark"
                        + " property), got '" + e.getKey() + "'");
            }
            conf.set(e.getKey(), e.getValue());
        }
        if (trials.isEmpty()) {
            return;
        }
        JavaSparkContext sc = context(conf);
        TaskCount tasks = new TaskCount();
        sc.sc().addSparkListener(tasks);
        try {
            List<JavaFutureAction<List<String>>> pending = new ArrayList<>();
            for (TrialSpec t : trials) {
                pending.add(sc.parallelize(List.of(t.toJson()), 1).map(SparkEngine::runOnExecutor).collectAsync());
            }
            while (!pending.isEmpty()) {
                if (listener.stopRequested()) {
                    pending.forEach(job -> job.cancel(false));
                    tasks.awaitEnd(pending);
                    return;
                }
                for (Iterator<JavaFutureAction<List<String>>> it = pending.iterator(); it.hasNext(); ) {
                    JavaFutureAction<List<String>> job = it.next();
                    if (job.isDone()) {
                        it.remove();
                        listener.finished(TrialResult.fromJson(result(job, pending)));
                    }
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            sc.sc().removeSparkListener(tasks);
        }
    }

    /** The SparkContext in use (Spark allows one per JVM) and the settings it was made with. */
    private static JavaSparkContext context;
    private static Map<String, String> contextSettings;

    /**
     * The context for {@code conf}: the one in use if it was made with the same settings, so the
     * phases of one sweep (development seeds, fresh seeds) share one Spark application and its
     * executors; else (after stopping the old one) a new one. Spark stops it when the JVM exits.
     */
    private static synchronized JavaSparkContext context(SparkConf conf) {
        Map<String, String> settings = new TreeMap<>();
        for (Tuple2<String, String> kv : conf.getAll()) {
            settings.put(kv._1(), kv._2());
        }
        if (context != null && (context.sc().isStopped() || !settings.equals(contextSettings))) {
            stopContext();
        }
        if (context == null) {
            context = new JavaSparkContext(conf);
            contextSettings = settings;
        }
        return context;
    }

    /** Stops the context in use, if any (tests: before the cluster it runs on goes away). */
    static synchronized void stopContext() {
        if (context != null) {
            context.stop();
            context = null;
            contextSettings = null;
        }
    }

    /** The application id of the context in use (null: none), for tests. */
    static synchronized String applicationId() {
        return context == null ? null : context.sc().applicationId();
    }

    /** The executor's side: one trial, its stop check the task's kill flag. */
    static String runOnExecutor(String specJson) {
        TaskContext task = TaskContext.get();
        return SweepTrial.run(TrialSpec.fromJson(specJson), task == null ? () -> false : task::isInterrupted).toJson();
    }

    /**
     * The one result of a finished job; if the job failed (not a trial's failure, which is a
     * result, but e.g. an executor that cannot load the kfrelax classes), the other jobs are
     * cancelled and the failure is thrown with Spark's reason.
     */
    private static String result(JavaFutureAction<List<String>> job, List<JavaFutureAction<List<String>>> others)
            throws Exception {
        try {
            return job.get().get(0);
        } catch (ExecutionException | CancellationException e) {
            others.forEach(o -> o.cancel(false));
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("spark engine: a trial's job failed: " + firstLine(cause.getMessage()), cause);
        }
    }

    /**
     * Tasks started and not ended, and the jobs ended, as Spark's listener bus reports them. The
     * bus delivers events in order, and a cancelled job's end comes after its tasks' starts, so
     * once every cancelled job has ended here, a count of zero means that no trial still runs.
     */
    private static final class TaskCount extends SparkListener {
        private final AtomicInteger running = new AtomicInteger();
        private final Set<Integer> endedJobs = ConcurrentHashMap.newKeySet();

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            running.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            running.decrementAndGet();
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            endedJobs.add(end.jobId());
        }

        /** Waits (at most {@link #STOP_WAIT_MILLIS}) until the jobs have ended and no task runs. */
        void awaitEnd(List<JavaFutureAction<List<String>>> jobs) throws InterruptedException {
            List<Integer> ids = new ArrayList<>();
            jobs.forEach(j -> ids.addAll(j.jobIds()));
            long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
            while (!(endedJobs.containsAll(ids) && running.get() == 0) && System.currentTimeMillis() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
