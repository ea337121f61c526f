package dev.fairtune.train;

import dev.fairtune.io.AtomicFiles;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import dev.fairtune.model.Autograd;
import dev.fairtune.model.CheckpointException;
import dev.fairtune.model.SafetensorsReader;
import dev.fairtune.model.SafetensorsWriter;
import dev.fairtune.model.StorageType;
import dev.fairtune.model.TensorData;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Training checkpoints under one root directory, one directory per checkpoint, named {@code
 * checkpoint-<step>} as HuggingFace names them. A {@link FairTrainer} checkpoint holds
 *
 * <ul>
 *   <li>{@value #MODEL}/: the classifier as a HuggingFace model directory ({@code config.json},
 *       {@code model.safetensors} in F32, {@code tokenizer.json}; {@link dev.fairtune.model.HfSaver}),
 *       loadable by {@link dev.fairtune.model.ModelSource#directory} and by Python's {@code
 *       from_pretrained};
 *   <li>{@value #OPTIMIZER}: the {@link AdamW} state (moments and per-parameter step counts);
 *   <li>{@value #EXTRA}: parameters outside the classifier (an adversary's), when there are any;
 *   <li>{@value #STATE}: the step, the position in the epoch's data order, the penalties' weights,
 *       early-stopping and best-model bookkeeping, the running training counts, the history so far
 *       and the settings (the learning-rate schedule and the data order follow from the step and
 *       the seed; dropout is reseeded per step).
 * </ul>
 *
 * <p>Atomic: a checkpoint is written into a hidden temporary directory beside the others and
 * moved to its name in one atomic rename, so a crash leaves either the complete checkpoint or
 * none (a stale temporary directory is removed when the next checkpointer opens the root). After
 * each write, all but the newest {@code keep} checkpoints and the protected ones (the best) are
 * deleted.
 */
public final class Checkpointer {

    /** The model subdirectory. */
    public static final String MODEL = "model";
    /** The weights file inside {@value #MODEL}/ (HuggingFace's name). */
    public static final String MODEL_WEIGHTS = "model.safetensors";
    /** The optimizer state file. */
    public static final String OPTIMIZER = "optimizer.safetensors";
    /** The extra parameters file. */
    public static final String EXTRA = "extra-parameters.safetensors";
    /** The trainer state file. */
    public static final String STATE = "trainer-state.json";
    /** Prefix of checkpoint directory names. */
    public static final String PREFIX = "checkpoint-";

    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)");
    /** What {@link AtomicFiles#writeFolder} names a checkpoint folder it has not finished writing. */
    private static final String TEMP_PREFIX = "." + PREFIX;

    private final Path root;
    private final int keep;

    /** What goes into a checkpoint directory. */
    @FunctionalInterface
    public interface Contents {
        /** Writes the files into {@code dir}, which exists and is empty. */
        void writeTo(Path dir) throws IOException;
    }

    /**
     * Opens (creating it if needed) a checkpoint root, removing temporary directories left by a
     * crash.
     *
     * @param keep how many of the newest checkpoints to keep besides the protected ones, {@code >= 1}
     */
    public Checkpointer(Path root, int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least 1 checkpoint, got " + keep);
        }
        this.root = root;
        this.keep = keep;
        Files.createDirectories(root);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root, TEMP_PREFIX + "*")) {
            for (Path stale : s) {
                AtomicFiles.deleteTree(stale);
            }
        }
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    /** The directory of the checkpoint after {@code step} steps. */
    public Path pathOf(long step) {
        return root.resolve(PREFIX + step);
    }

    /**
     * Writes a checkpoint atomically and prunes old ones.
     *
     * @param protect checkpoint directories that pruning must keep (the best one)
     * @return the checkpoint's directory
     */
    public Path write(long step, Contents contents, Set<Path> protect) throws IOException {
        Path target = pathOf(step);
        AtomicFiles.writeFolder(target, contents::writeTo);
        prune(protect);
        return target;
    }

    private void prune(Set<Path> protect) throws IOException {
        List<Path> all = list(root);
        for (int i = 0; i < all.size() - keep; i++) {
            Path p = all.get(i);
            if (protect.stream().noneMatch(q -> q.toAbsolutePath().normalize().equals(p.toAbsolutePath().normalize()))) {
                AtomicFiles.deleteTree(p);
            }
        }
    }

    /** The complete checkpoints under {@code root}, oldest (lowest step) first; empty when there is no root. */
    public static List<Path> list(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path p : s) {
                if (NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p.resolve(STATE))) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingLong(Checkpointer::stepOf));
        return out;
    }

    /** The newest complete checkpoint under {@code root}. */
    public static Optional<Path> latest(Path root) throws IOException {
        List<Path> all = list(root);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The step of a checkpoint directory, from its name. */
    public static long stepOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + " is not named " + PREFIX + "<step>");
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Resolves what a user points at: a checkpoint directory itself, or a root holding checkpoints
     * (its newest).
     *
     * @throws CheckpointException when there is no complete checkpoint there
     */
    public static Path resolve(Path checkpointOrRoot) throws IOException {
        if (Files.isRegularFile(checkpointOrRoot.resolve(STATE))) {
            return checkpointOrRoot;
        }
        return latest(checkpointOrRoot).orElseThrow(() -> new CheckpointException(checkpointOrRoot.toString(), null,
                "no complete checkpoint (a directory " + PREFIX + "<step> holding " + STATE + ") found here"));
    }

    /** Writes parameters as F32 safetensors under their names. */
    static void saveParameters(Path file, Map<String, Parameter> parameters) throws IOException {
        List<TensorData> tensors = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray a = e.getValue().getArray();
            tensors.add(TensorData.of(e.getKey(), a.getShape().getShape(), a.toFloatArray(), file.toString()));
        }
        SafetensorsWriter.write(file, tensors, StorageType.F32, Map.of("format", "pt"));
    }

    /**
     * Overwrites every parameter in place with the tensor of the same name in {@code file}.
     *
     * @throws CheckpointException when a tensor is missing or has another shape
     */
    public static void loadParameters(Path file, Map<String, Parameter> parameters) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(file); Autograd.Mode g = Autograd.noGrad()) {
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray a = e.getValue().getArray();
                if (!r.entries().containsKey(e.getKey())) {
                    throw new CheckpointException(file.toString(), e.getKey(), "missing: the model being resumed has this parameter");
                }
                TensorData t = r.read(e.getKey());
                if (!Arrays.equals(t.shape(), a.getShape().getShape())) {
                    throw new CheckpointException(file.toString(), e.getKey(), "shape " + Arrays.toString(t.shape())
                            + ", the model's " + a.getShape() + " (is this checkpoint of another model?)");
                }
                a.set(FloatBuffer.wrap(t.toFloatArray()));
            }
        }
    }
}
