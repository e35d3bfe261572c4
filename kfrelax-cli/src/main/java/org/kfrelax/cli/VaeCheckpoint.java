package org.kfrelax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kfrelax.estimators.Estimators;
import org.kfrelax.experiments.VaeRun;
import org.kfrelax.nn.ParamFile;
import org.kfrelax.state.StateFile;
import org.kfrelax.state.TrainingState;
import org.kfrelax.vae.DiscreteVae;
import org.kfrelax.vae.IdxImages;

/**
 * The {@code vae} command's checkpoint, the directory {@code model/} of a run, replaced whole
 * ({@link Checkpoint#replaceDirectory}): {@code vae.json} (format {@value #FORMAT}, version
 * {@value #VERSION}, the run's settings and the step it was taken at), {@code params.kfp} (the
 * encoder's, decoder's and estimator's parameters, {@link ParamFile}) and {@code state.kfs} (the
 * training state, {@link StateFile}: both Adams, the random streams, the data order, the variance
 * averages, the estimator's optimizer state) and {@code vae.csv} (the rows so far), so
 * {@code --resume} continues the run exactly. An estimator whose state cannot be saved would
 * leave the checkpoint without state.kfs (not resumable); every estimator of {@code vae} saves it.
 */
public final class VaeCheckpoint {
    private VaeCheckpoint() {}

    /** The format name in vae.json. */
    public static final String FORMAT = "kfrelax-vae";
    /** The format version. */
    public static final int VERSION = 1;
    static final String META = "vae.json";
    static final String PARAMS = "params.kfp";
    static final String STATE = "state.kfs";
    static final String ROWS = "vae.csv";
    private static final String RUN = "run";

    /**
     * Saves {@code run} as {@code modelDir}, atomically, with the extra settings {@code extra} (the
     * command's) and the CSV rows so far ({@code columns}, {@code rows}).
     */
    public static void save(Path modelDir, VaeRun run, Map<String, Object> extra, String[] columns, java.util.List<Object[]> rows)
            throws IOException {
        VaeRun.Config c = run.config();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("model", c.model().toString());
        meta.put("estimator", c.estimator());
        meta.put("seed", c.seed());
        meta.put("batch", c.batch());
        meta.put("lr", c.lr());
        meta.put("estimator_lr", c.settings().lr());
        EstimatorOptions.describe(c.settings(), meta);
        meta.put("surrogate", c.surrogate().toString());
        meta.put("pixels", run.vae().pixels());
        meta.put("latents", run.vae().latents());
        meta.put("steps_done", run.steps());
        meta.put("resumable", run.resumable());
        meta.putAll(extra);
        Checkpoint.replaceDirectory(modelDir, tmp -> {
            Json.write(tmp.resolve(META), meta);
            AtomicFiles.writeBytes(tmp.resolve(PARAMS), ParamFile.encode(run.namedParameters()));
            if (run.resumable()) {
                TrainingState state = new TrainingState();
                run.saveState(state, RUN);
                AtomicFiles.writeBytes(tmp.resolve(STATE), StateFile.encode(state));
            }
            try (CsvWriter csv = CsvWriter.open(tmp.resolve(ROWS), columns)) {
                for (Object[] row : rows) {
                    csv.row(row);
                }
                csv.commit();
            }
        });
    }

    /**
     * Restores the run saved in {@code runDir/model}, whose settings {@code meta} are read by
     * {@link #meta}, on the training images {@code train}, to where it was saved.
     *
     * @throws IllegalArgumentException if it is not resumable or it is damaged
     */
    public static VaeRun resume(Path runDir, JsonNode meta, IdxImages train) throws IOException {
        Path model = runDir.resolve("model");
        if (!Files.isRegularFile(model.resolve(STATE))) {
            throw new IllegalArgumentException(model + " is not resumable (no " + STATE + ")");
        }
        if (meta.path("pixels").asInt() != train.pixelsPerImage()) {
            throw new IllegalArgumentException(model.resolve(META) + ": the model takes " + meta.path("pixels").asInt()
                    + " pixels, the training images have " + train.pixelsPerImage());
        }
        Estimators.Settings settings = EstimatorOptions.read(meta, number(meta, "estimator_lr"), meta.path("seed").asLong(),
                SOURCE);
        VaeRun.Config config = new VaeRun.Config(DiscreteVae.Kind.parse(text(meta, "model")), text(meta, "estimator"),
                meta.path("seed").asLong(), meta.path("batch").asInt(), number(meta, "lr"), settings,
                Estimators.SurrogateForm.parse(text(meta, "surrogate")));
        VaeRun run = new VaeRun(config, train);
        ParamFile.load(model.resolve(PARAMS), run.namedParameters());
        Path stateFile = model.resolve(STATE);
        run.loadState(StateFile.decode(Files.readAllBytes(stateFile), stateFile.toString()), RUN);
        return run;
    }

    /**
     * The settings (vae.json) of the checkpoint in {@code runDir/model}, checked for the format.
     *
     * @throws IllegalArgumentException if there is none or it is another format or version
     */
    public static JsonNode meta(Path runDir) throws IOException {
        Path file = runDir.resolve("model").resolve(META);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no vae checkpoint in " + runDir + " (expected " + file + ")");
        }
        JsonNode meta = Json.readTree(file);
        if (!FORMAT.equals(meta.path("format").asText()) || meta.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException(file + ": not a " + FORMAT + " checkpoint of version " + VERSION
                    + " (format '" + meta.path("format").asText() + "', version " + meta.path("version").asText() + ")");
        }
        return meta;
    }

    /** How errors name a checkpoint's vae.json. */
    private static final String SOURCE = "vae checkpoint";

    private static double number(JsonNode meta, String key) {
        return Json.number(meta, key, SOURCE);
    }

    private static String text(JsonNode meta, String key) {
        return Json.text(meta, key, SOURCE);
    }
}
