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
    private final boolean lossFinite;

    NonFiniteLossException(String message, boolean lossFinite, TrainingHistory history, Path lastGoodCheckpoint,
            Throwable cause) {
        super(message, cause);
        this.lossFinite = lossFinite;
        this.history = history;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** Whether the loss was finite (only the gradient was not). */
    public boolean lossFinite() {
        return lossFinite;
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
