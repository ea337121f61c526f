package dev.fairtune.train;

/** Why a run ended normally. */
public enum StopReason {
    /** All epochs ran. */
    COMPLETED,
    /** The step budget ({@link TrainerConfig.Schedule#maxSteps()}) was reached. */
    MAX_STEPS,
    /** The objective stopped improving ({@link TrainerConfig.Evaluation#earlyStoppingPatience()}). */
    EARLY_STOPPING,
    /** A listener asked to stop ({@link TrainingControl#requestStop}). */
    REQUESTED
}
