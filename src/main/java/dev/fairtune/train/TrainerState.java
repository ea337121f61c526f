package dev.fairtune.train;

import java.util.List;

/**
 * What a checkpoint's {@value Checkpointer#STATE} holds besides weights and optimizer state.
 *
 * @param format the file format version
 * @param step optimizer steps completed
 * @param epoch the epoch to continue in
 * @param batchInEpoch micro-batches of that epoch already consumed
 * @param lambdas the penalties' weights
 * @param bestEvaluation index into the history's evaluations of the selected one; -1 for none
 * @param bestCheckpoint directory name of the selected evaluation's checkpoint; null for none
 * @param bestObjectiveForStopping the best objective seen (early stopping)
 * @param evaluationsWithoutImprovement evaluations since it last improved
 * @param runningCounts the epoch's running counts of the positive class, {@code [group * 4 + cell]}
 *     with the cells of {@link dev.fairtune.fairness.GroupConfusion}
 * @param runningCorrect rows of the epoch whose highest-scoring class was the label
 * @param runningRows rows of the epoch seen by the monitor
 * @param epochLossSum sum of the epoch's step losses
 * @param epochSteps steps of the epoch
 * @param trainFingerprint fingerprint of the training set
 * @param validationFingerprint fingerprint of the validation set
 * @param history the history so far
 */
record TrainerState(
        int format,
        long step,
        int epoch,
        int batchInEpoch,
        List<Double> lambdas,
        int bestEvaluation,
        String bestCheckpoint,
        double bestObjectiveForStopping,
        int evaluationsWithoutImprovement,
        long[] runningCounts,
        long runningCorrect,
        long runningRows,
        double epochLossSum,
        int epochSteps,
        String trainFingerprint,
        String validationFingerprint,
        TrainingHistory history) {

    static final int FORMAT = 1;
}
