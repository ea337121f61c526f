package dev.fairtune.train;

import ai.djl.nn.Parameter;

import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.HfSaver;
import dev.fairtune.model.PretrainedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The weights of a run on disk and in memory: writes checkpoints through a {@link Checkpointer}
 * (the classifier as a HuggingFace folder, the optimizer state, a penalty's own parameters, the
 * {@link CheckpointState}), reads them back on resume, and keeps the best evaluation's weights
 * where they can be loaded at the end: its checkpoint when there is a checkpoint directory, else a
 * host copy taken when it became the best (only with restore-best on).
 */
final class RunWeights {

    private final PretrainedModel model;
    private final BertClassifier classifier;
    private final Map<String, Parameter> extra;
    private final Checkpointer checkpointer;
    private final boolean keepSnapshot;
    private WeightSnapshot snapshot;
    private Path bestCheckpoint;
    private boolean bestPending;
    private Path lastCheckpoint;
    private long lastStep = -1;

    /**
     * Weights of {@code classifier} and of the penalties' own parameters {@code extra}.
     *
     * @param checkpointer where checkpoints go; null for none
     * @param restoreBest whether the best weights must be kept for the end
     */
    RunWeights(PretrainedModel model, BertClassifier classifier, Map<String, Parameter> extra, Checkpointer checkpointer,
            boolean restoreBest) {
        this.model = model;
        this.classifier = classifier;
        this.extra = extra;
        this.checkpointer = checkpointer;
        this.keepSnapshot = restoreBest && checkpointer == null;
    }

    /** Whether checkpoints are written. */
    boolean writesCheckpoints() {
        return checkpointer != null;
    }

    /** The weights as they are now belong to the new best evaluation. */
    void markBest() {
        bestCheckpoint = null;
        bestPending = checkpointer != null;
        if (keepSnapshot) {
            Map<String, Parameter> all = new LinkedHashMap<>(classifier.namedParameters());
            all.putAll(extra);
            snapshot = WeightSnapshot.of(all);
        }
    }

    /** The directory name the best evaluation's checkpoint has or will have after step {@code step}. */
    String bestName(long step) {
        return bestPending ? checkpointer.pathOf(step).getFileName().toString()
                : bestCheckpoint == null ? null : bestCheckpoint.getFileName().toString();
    }

    /** Writes the checkpoint after {@code step} steps, keeping the best one from pruning. */
    Path write(long step, AdamW optimizer, CheckpointState state) throws IOException {
        Set<Path> protect = bestCheckpoint == null ? Set.of() : Set.of(bestCheckpoint);
        Path written = checkpointer.write(step, d -> {
            HfSaver.save(classifier, model.tokenizerJson(), d.resolve(Checkpointer.MODEL));
            optimizer.saveState(d.resolve(Checkpointer.OPTIMIZER));
            if (!extra.isEmpty()) {
                Checkpointer.saveParameters(d.resolve(Checkpointer.EXTRA), extra);
            }
            Json.MAPPER.writeValue(d.resolve(Checkpointer.STATE).toFile(), state);
        }, protect);
        if (bestPending) {
            bestCheckpoint = written;
            bestPending = false;
        }
        lastCheckpoint = written;
        lastStep = step;
        return written;
    }

    /** Loads the weights and optimizer state of checkpoint {@code dir}, whose state is {@code state}. */
    void restore(Path dir, CheckpointState state, AdamW optimizer) throws IOException {
        load(dir);
        optimizer.loadState(dir.resolve(Checkpointer.OPTIMIZER));
        if (state.bestCheckpoint() != null) {
            Path p = dir.getParent().resolve(state.bestCheckpoint());
            bestCheckpoint = Files.isDirectory(p) ? p : null;
        }
        lastCheckpoint = dir;
        lastStep = state.step();
    }

    /**
     * Loads the best evaluation's weights into the model.
     *
     * @return how, for the selection message ("its weights were restored"), or empty when they are
     *     not available
     */
    Optional<String> loadBest() throws IOException {
        if (bestCheckpoint != null) {
            load(bestCheckpoint);
            return Optional.of("its weights were loaded from " + bestCheckpoint);
        }
        if (snapshot != null) {
            snapshot.restore();
            return Optional.of("its weights were restored");
        }
        return Optional.empty();
    }

    private void load(Path dir) throws IOException {
        Checkpointer.loadParameters(dir.resolve(Checkpointer.MODEL).resolve(Checkpointer.MODEL_WEIGHTS),
                classifier.namedParameters());
        if (!extra.isEmpty()) {
            Checkpointer.loadParameters(dir.resolve(Checkpointer.EXTRA), extra);
        }
    }

    /** The best evaluation's checkpoint, if written and kept. */
    Optional<Path> bestCheckpoint() {
        return Optional.ofNullable(bestCheckpoint);
    }

    /** The newest checkpoint written or resumed from. */
    Optional<Path> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }

    /** The step of the newest checkpoint; -1 for none. */
    long lastStep() {
        return lastStep;
    }
}
