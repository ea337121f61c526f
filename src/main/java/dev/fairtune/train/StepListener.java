package dev.fairtune.train;

/** Observes training steps; it reads the report and cannot change the step. */
@FunctionalInterface
public interface StepListener {

    /** Called after each optimizer step, on the training thread. */
    void onStep(StepReport report);
}
