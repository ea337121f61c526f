package dev.fairtune.train;

import java.util.List;

/**
 * What a checkpoint's {@value Checkpointer#STATE} holds besides weights and optimizer state: where
 * the run was, and the state of each part, in the parts' own types.
 *
 * @param format the file format version, {@link #FORMAT}
 * @param step optimizer steps completed
 * @param epoch the epoch to continue in
 * @param batchInEpoch micro-batches of that epoch already consumed
 * @param lambdas the penalties' weights
 * @param selection the selection's state (best evaluation, early stopping)
 * @param bestCheckpoint directory name of the selected evaluation's checkpoint; null for none
 * @param monitor the batch monitor's counts of the epoch so far
 * @param epochLossSum sum of the epoch's step losses
 * @param epochSteps steps of the epoch
 * @param trainFingerprint fingerprint of the training set
 * @param validationFingerprint fingerprint of the validation set
 * @param history the history so far
 */
record CheckpointState(
        int format,
        long step,
        int epoch,
        int batchInEpoch,
        List<Double> lambdas,
        Selection.State selection,
        String bestCheckpoint,
        BatchMonitor.State monitor,
        double epochLossSum,
        int epochSteps,
        String trainFingerprint,
        String validationFingerprint,
        TrainingHistory history) {

    /** The version written; version 1 (flat counts) is not read. */
    static final int FORMAT = 2;
}
