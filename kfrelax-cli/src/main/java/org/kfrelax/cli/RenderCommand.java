package org.kfrelax.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kfrelax.gym.ActionPolicy;
import org.kfrelax.gym.Env;
import org.kfrelax.gym.Frame;
import org.kfrelax.gym.Gym;
import org.kfrelax.gym.Heuristics;
import org.kfrelax.gym.RandomPolicy;
import org.kfrelax.gym.StepResult;
import org.kfrelax.gym.render.Frames;
import org.kfrelax.gym.render.GifWriter;
import org.kfrelax.random.Pcg64;
import org.kfrelax.rl.Agent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kfrelax render}: one episode from {@code reset(seed)} drawn frame by frame into an
 * animated GIF (first frame = the reset state), optionally also every K-th frame as PNG.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render one episode as an animated GIF (headless).")
public final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--env", paramLabel = "ID",
            description = "Environment id (see `kfrelax envs`); optional with --checkpoint, which names its own.")
    String envId;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Act with the agent trained by `kfrelax train` (its run directory or its model/ directory) instead of --policy.")
    Path checkpoint;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for reset(seed) and the random policy (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--policy", paramLabel = "random|heuristic", defaultValue = "heuristic",
            description = "Who acts: 'random' (uniform actions) or 'heuristic' (a simple controller) (default: ${DEFAULT-VALUE}).")
    String policyName;

    @Option(names = "--out", required = true, paramLabel = "FILE.gif",
            description = "Output GIF (written atomically; an existing file only with --force).")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing --out file (and its --png-every frames).")
    boolean force;

    @Option(names = "--png-every", paramLabel = "K", defaultValue = "0",
            description = "Also write every K-th frame as FILE-tNNNN.png (0 = none, default).")
    int pngEvery;

    @Option(names = "--fps", paramLabel = "F", defaultValue = "30", description = "Frames per second of the GIF (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N steps (default: the environment's time limit).")
    Integer maxSteps;

    @Override
    public Integer call() throws IOException {
        if (pngEvery < 0) {
            throw new IllegalArgumentException("--png-every must be >= 0, got " + pngEvery);
        }
        if (fps <= 0 || fps > 100) {
            throw new IllegalArgumentException("--fps must be in 1..100, got " + fps);
        }
        if (maxSteps != null && maxSteps < 0) {
            throw new IllegalArgumentException("--max-steps must be >= 0, got " + maxSteps);
        }
        OutputFile.check(out, force, "a .gif file");
        String name = out.getFileName().toString();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".gif")) {
            throw new IllegalArgumentException("--out must name a .gif file, got " + out);
        }
        String stem = name.substring(0, name.length() - 4);
        Path dir = out.toAbsolutePath().getParent();
        if (pngEvery > 0 && !force) {
            refuseExistingFrames(dir, stem);
        }
        ActionPolicy<Object> trained = null;
        if (checkpoint != null) {
            Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
            if (envId != null && !envId.equals(loaded.meta().env())) {
                throw new IllegalArgumentException("--env " + envId + " does not match the checkpoint's environment "
                        + loaded.meta().env());
            }
            envId = loaded.meta().env();
            trained = agentPolicy(loaded.agent());
        } else if (envId == null) {
            throw new IllegalArgumentException("--env is required unless --checkpoint is given");
        }
        @SuppressWarnings("unchecked")
        Env<Object> env = (Env<Object>) Gym.make(envId);
        ActionPolicy<Object> policy = trained != null ? trained : policy(env);
        int[] steps = {0};
        AtomicFiles.writeStream(out, stream -> {
            try (GifWriter gif = new GifWriter(stream, Math.round(1000f / fps))) {
                float[] obs = env.reset(seed).observation();
                policy.reset();
                emit(gif, env.render(), 0, dir, stem);
                int limit = maxSteps == null ? Integer.MAX_VALUE : maxSteps;
                for (int t = 1; t <= limit; t++) {
                    StepResult r = env.step(policy.act(obs));
                    obs = r.observation();
                    emit(gif, env.render(), t, dir, stem);
                    steps[0] = t;
                    if (r.done()) {
                        break;
                    }
                }
            }
        });
        spec.commandLine().getOut().println("wrote " + out + " (" + (steps[0] + 1) + " frames, " + steps[0] + " steps)");
        return 0;
    }

    /** Refuses to overwrite frames {@code <stem>-tNNNN.png} of an earlier render without --force. */
    private static void refuseExistingFrames(Path dir, String stem) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        java.util.regex.Pattern frame = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(stem) + "-t\\d{4,}\\.png");
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(dir)) {
            java.util.Optional<Path> old = s.filter(p -> frame.matcher(p.getFileName().toString()).matches()).findFirst();
            if (old.isPresent()) {
                throw new IllegalArgumentException("--png-every would overwrite " + old.get() + " (an earlier render's frame); "
                        + "use --force or another --out name");
            }
        }
    }

    private void emit(GifWriter gif, Frame frame, int t, Path dir, String stem) throws IOException {
        gif.add(frame);
        if (pngEvery > 0 && t % pngEvery == 0) {
            Path png = dir.resolve(String.format("%s-t%04d.png", stem, t));
            AtomicFiles.writeStream(png, s -> Frames.writePng(frame, s));
        }
    }

    /** The trained agent's stochastic policy, sampling with a generator seeded by --seed. */
    private ActionPolicy<Object> agentPolicy(Agent<?> agent) {
        Pcg64 rng = new Pcg64(seed);
        return obs -> agent.act(obs, rng);
    }

    @SuppressWarnings("unchecked")
    private ActionPolicy<Object> policy(Env<Object> env) {
        return switch (policyName) {
            case "random" -> RandomPolicy.forSeed(env.actionSpace(), seed);
            case "heuristic" -> (ActionPolicy<Object>) Heuristics.forEnv(envId);
            default -> throw new IllegalArgumentException("unknown --policy '" + policyName + "'; expected: random, heuristic");
        };
    }
}
