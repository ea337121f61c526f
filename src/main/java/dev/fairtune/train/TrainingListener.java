package dev.fairtune.train;

import java.nio.file.Path;

/**
 * Observes a {@link FairTrainer} run. Listeners receive immutable records and a read-only {@link
 * TrainingState}; the only way to steer is the {@link TrainingControl}. All calls happen on the
 * training thread, in the order the listeners were added. An exception thrown by a listener ends
 * the run (after {@link #onFailure}); checkpoints already written stay usable for resuming.
 */
public interface TrainingListener {

    /** Before the first step (or the first step after a resume). */
    default void onStart(TrainingState state, TrainingControl control) {}

    /** After each optimizer step. */
    default void onBatchEnd(BatchRecord batch, TrainingState state, TrainingControl control) {}

    /** After each validation pass (and the multiplier update, if there is a target). */
    default void onEvaluation(EvaluationRecord evaluation, TrainingState state, TrainingControl control) {}

    /** After the last step of each epoch (and its evaluation). */
    default void onEpochEnd(EpochRecord epoch, TrainingState state, TrainingControl control) {}

    /** After a checkpoint has been written (moved into place). */
    default void onCheckpoint(Path checkpoint, TrainingState state) {}

    /** When the run ends normally. */
    default void onEnd(TrainingResult result) {}

    /** When the run ends with an exception (a non-finite loss, a listener's exception, an I/O error). */
    default void onFailure(Throwable error) {}
}
