package dev.fairtune.train;

import dev.fairtune.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a training run recorded: its provenance, one record per optimizer step, one per
 * validation pass (with the full metric frame) and one per epoch. Immutable; saved and read as
 * JSON ({@link #write}, {@link #read}); undefined numbers appear as the string {@code "NaN"}.
 *
 * @param run what was trained on what, and how
 * @param batches one record per optimizer step, in order
 * @param evaluations one record per validation pass, in order
 * @param epochs one record per completed epoch, in order
 */
public record TrainingHistory(
        RunInfo run, List<BatchRecord> batches, List<EvaluationRecord> evaluations, List<EpochRecord> epochs) {

    /** Copies the lists. */
    public TrainingHistory {
        batches = List.copyOf(batches);
        evaluations = List.copyOf(evaluations);
        epochs = List.copyOf(epochs);
    }

    /** The last evaluation, if any. */
    public Optional<EvaluationRecord> lastEvaluation() {
        return evaluations.isEmpty() ? Optional.empty() : Optional.of(evaluations.get(evaluations.size() - 1));
    }

    /** The history as indented JSON. */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the history: " + e.getMessage(), e);
        }
    }

    /** Writes the history as JSON to {@code file} (through a temporary sibling and an atomic move). */
    public void write(Path file) throws IOException {
        AtomicFiles.writeFile(file, tmp -> Json.MAPPER.writeValue(tmp.toFile(), this));
    }

    /**
     * Reads a history written by {@link #write}.
     *
     * @throws IOException when the file cannot be read or is not such a history (the message names it)
     */
    public static TrainingHistory read(Path file) throws IOException {
        try {
            return Json.MAPPER.readValue(file.toFile(), TrainingHistory.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a readable training history (" + e.getMessage() + ")", e);
        }
    }
}
