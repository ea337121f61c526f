package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.fairness.GroupConfusion;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A read-only view of a running {@link FairTrainer}, handed to {@link TrainingListener}s. Values
 * are read when called; the view is valid only during the callback.
 */
public interface TrainingState {

    /** The settings of the run. */
    TrainerConfig config();

    /** Optimizer steps completed. */
    long step();

    /** Optimizer steps the run will take (fewer if it stops early). */
    long totalSteps();

    /** The current epoch, from 0. */
    int epoch();

    /** Micro-batches of the current epoch consumed so far. */
    int batchInEpoch();

    /** Micro-batches per epoch. */
    int batchesPerEpoch();

    /** The penalties' names, in the loss's order. */
    List<String> penaltyNames();

    /** Every penalty's current weight, in the loss's order. */
    List<Double> lambdas();

    /** The monitored metric. */
    MetricSpec monitored();

    /**
     * A copy of the running confusion counts of the current epoch's training rows (positive
     * class), empty without batch monitoring.
     */
    Optional<GroupConfusion> runningCounts();

    /** The last validation pass, if any. */
    Optional<EvaluationRecord> lastEvaluation();

    /** The best validation pass so far by the selection rule (target first, then objective). */
    Optional<EvaluationRecord> bestEvaluation();

    /** The privacy spent so far, DP-SGD's epsilon at the run's delta; empty for a non-private run. */
    OptionalDouble epsilon();
}
