package org.kfrelax.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kfrelax.gym.ActionPolicy;
import org.kfrelax.gym.Box;
import org.kfrelax.gym.Discrete;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Gym;
import org.kfrelax.gym.Heuristics;
import org.kfrelax.gym.RandomPolicy;
import org.kfrelax.gym.Space;
import org.kfrelax.gym.StepResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kfrelax rollout}: one episode from {@code reset(seed)}, driven by an action file, a
 * random policy or a heuristic one, written as CSV in the Gymnasium reference's format
 * ({@code t,a0..,o0..,reward,terminated,truncated}; numbers as Python's {@code repr}).
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Run one episode of an environment from reset(seed) and write its trajectory as CSV.")
public final class RolloutCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, paramLabel = "ID", description = "Environment id (see `kfrelax envs`).")
    String envId;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for reset(seed) (default: ${DEFAULT-VALUE}).")
    long seed;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--actions", paramLabel = "FILE",
                description = "Actions, one per line: an integer (discrete) or comma-separated floats (continuous).")
        Path actions;

        @Option(names = "--policy", paramLabel = "random|heuristic",
                description = "Choose actions instead: 'random' (uniform over the action space, own generator) or 'heuristic'.")
        String policy;
    }

    @Option(names = "--out", required = true, paramLabel = "OUT.csv",
            description = "Output CSV (written atomically; an existing file only with --force).")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing --out file.")
    boolean force;

    /** The largest --actions file read (64 MiB: about ten million continuous actions). */
    static final int MAX_ACTIONS_BYTES = 64 << 20;

    @Override
    public Integer call() throws IOException {
        @SuppressWarnings("unchecked")
        Env<Object> env = (Env<Object>) Gym.make(envId);
        List<Object> actions = null;
        ActionPolicy<Object> policy = null;
        if (source.actions != null) {
            actions = readActions(source.actions, env.actionSpace());
        } else if ("random".equals(source.policy)) {
            policy = RandomPolicy.forSeed(env.actionSpace(), seed);
        } else if ("heuristic".equals(source.policy)) {
            @SuppressWarnings("unchecked")
            ActionPolicy<Object> h = (ActionPolicy<Object>) Heuristics.forEnv(envId);
            policy = h;
        } else {
            throw new IllegalArgumentException("unknown --policy '" + source.policy + "'; expected: random, heuristic");
        }
        OutputFile.check(out, force, "a .csv file");
        Episode e = run(env, seed, actions, policy, source.actions);
        AtomicFiles.writeString(out, e.csv());
        var w = spec.commandLine().getOut();
        w.println(summary(envId, seed, e, actions) + "; wrote " + out);
        w.flush();
        return 0;
    }

    /**
     * A rolled-out episode: the CSV text, its steps and return, and how it stopped.
     *
     * @param csv the trajectory as CSV
     * @param steps environment steps taken
     * @param ret the undiscounted return
     * @param terminated the last step ended the episode (terminated)
     * @param truncated the last step hit the time limit
     */
    record Episode(String csv, int steps, double ret, boolean terminated, boolean truncated) {}

    /** One line: steps, return and how the episode stopped, naming actions that ran out or were left over. */
    static String summary(String envId, long seed, Episode e, List<Object> actions) {
        String end = e.terminated() ? "terminated" : e.truncated() ? "truncated at the time limit"
                : "not ended: the " + actions.size() + " actions of --actions ran out first";
        String left = actions != null && (e.terminated() || e.truncated()) && actions.size() > e.steps()
                ? " (" + (actions.size() - e.steps()) + " actions of --actions left unused)" : "";
        return String.format(java.util.Locale.ROOT, "%s seed %d: %d steps, return %s, %s%s", envId, seed, e.steps(),
                PyFloat.repr(e.ret()), end, left);
    }

    /** Runs the episode; nothing is written if an action is invalid. */
    static Episode run(Env<Object> env, long seed, List<Object> actions, ActionPolicy<Object> policy, Path actionsFile) {
        int nAct = (Object) env.actionSpace() instanceof Box b ? b.dim() : 1;
        int nObs = env.observationSpace().dim();
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append('t');
        for (int i = 0; i < nAct; i++) {
            sb.append(",a").append(i);
        }
        for (int i = 0; i < nObs; i++) {
            sb.append(",o").append(i);
        }
        sb.append(",reward,terminated,truncated\n");
        float[] obs = env.reset(seed).observation();
        sb.append(0);
        for (int i = 0; i < nAct; i++) {
            sb.append(',');
        }
        appendObs(sb, obs);
        sb.append(",,,\n");
        if (policy != null) {
            policy.reset();
        }
        int t = 0;
        double ret = 0;
        StepResult r = null;
        while (true) {
            Object action;
            if (actions != null) {
                if (t >= actions.size()) {
                    break;
                }
                action = actions.get(t);
            } else {
                action = policy.act(obs);
            }
            try {
                r = env.step(action);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((actionsFile != null ? actionsFile + " line " + lineOf(actions, t) + ": " : "")
                        + e.getMessage(), e);
            }
            t++;
            ret += r.reward();
            obs = r.observation();
            sb.append(t);
            appendAction(sb, action);
            appendObs(sb, obs);
            sb.append(',').append(PyFloat.repr(r.reward()))
                    .append(',').append(r.terminated() ? 1 : 0)
                    .append(',').append(r.truncated() ? 1 : 0).append('\n');
            if (r.done()) {
                break;
            }
        }
        return new Episode(sb.toString(), t, ret, r != null && r.terminated(), r != null && r.truncated());
    }

    private static void appendAction(StringBuilder sb, Object action) {
        if (action instanceof float[] a) {
            for (float v : a) {
                sb.append(',').append(PyFloat.repr(v));
            }
        } else {
            sb.append(',').append(action);
        }
    }

    private static void appendObs(StringBuilder sb, float[] obs) {
        for (float v : obs) {
            sb.append(',').append(PyFloat.repr(v));
        }
    }

    /** Action file line numbers (1-based) by action index, kept alongside the parsed actions. */
    private static final class NumberedActions extends ArrayList<Object> {
        final List<Integer> lines = new ArrayList<>();
    }

    private static int lineOf(List<Object> actions, int index) {
        return actions instanceof NumberedActions n ? n.lines.get(index) : index + 1;
    }

    /** A decimal number as Java or Python writes it (also {@code nan}, {@code inf}, {@code -inf}). */
    private static double parseNumber(String text, String where) {
        switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "'" + text + "' is not a number");
                }
        }
    }

    /**
     * Parses the action file: one action per non-blank line. Syntax errors and NaN are
     * reported here with the line number; range errors when the action is applied.
     */
    static List<Object> readActions(Path file, Space<?> space) throws IOException {
        byte[] bytes = BoundedRead.bytes(file, MAX_ACTIONS_BYTES, "file of actions (--actions)");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a text file of actions (invalid UTF-8)");
        }
        List<String> lines = text.lines().toList();
        NumberedActions actions = new NumberedActions();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            if ((Object) space instanceof Discrete d) {
                try {
                    actions.add(Integer.parseInt(line));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "'" + line + "' is not an integer action for " + d);
                }
            } else {
                Box box = (Box) space;
                String[] parts = line.split(",", -1);
                if (parts.length != box.dim()) {
                    throw new IllegalArgumentException(where + "'" + line + "' has " + parts.length
                            + " values; expected " + box.dim() + " for " + box);
                }
                float[] a = new float[parts.length];
                for (int k = 0; k < parts.length; k++) {
                    double v = parseNumber(parts[k].trim(), where);
                    if (Double.isNaN(v)) {
                        throw new IllegalArgumentException(where + "action value is NaN");
                    }
                    a[k] = (float) v;
                }
                actions.add(a);
            }
            actions.lines.add(i + 1);
        }
        return actions;
    }
}
