package dev.fairtune.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A training step produced a NaN or infinite loss or gradient norm. The step's update was not
 * applied, so the model holds the weights after the previous step; no checkpoint is written or
 * deleted, so the last one written is the last good one.
 */
public final class NonFiniteLossException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient TrainingHistory history;
    private final transient Path lastGoodCheckpoint;

    NonFiniteLossException(String message, TrainingHistory history, Path lastGoodCheckpoint, Throwable cause) {
        super(message, cause);
        this.history = history;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** The history up to the last good step. */
    public TrainingHistory history() {
        return history;
    }

    /** The last checkpoint written before the failure, if any. */
    public Optional<Path> lastGoodCheckpoint() {
        return Optional.ofNullable(lastGoodCheckpoint);
    }
}
