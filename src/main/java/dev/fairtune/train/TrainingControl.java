package dev.fairtune.train;

/**
 * What a {@link TrainingListener} may ask of a running {@link FairTrainer}. Requests take effect
 * after the current callback, at the end of the current optimizer step, in this order: evaluate,
 * checkpoint, stop. The trainer's own schedule (evaluations, checkpoints) runs regardless.
 */
public interface TrainingControl {

    /** Stop after this step (a checkpoint is written first when a checkpoint directory is set). */
    void requestStop(String reason);

    /** Evaluate on the validation set after this step. */
    void requestEvaluation();

    /** Write a checkpoint after this step (ignored without a checkpoint directory). */
    void requestCheckpoint();
}
