package dev.fairtune.train;

import dev.fairtune.model.CheckpointException;

import java.io.IOException;
import java.nio.file.Path;
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

    /**
     * Reads the state of checkpoint {@code dir}.
     *
     * @throws CheckpointException when the file is unreadable or of another format
     */
    static CheckpointState read(Path dir) throws IOException {
        Path file = dir.resolve(Checkpointer.STATE);
        CheckpointState state;
        try {
            state = Json.MAPPER.readValue(file.toFile(), CheckpointState.class);
        } catch (IOException e) {
            throw new CheckpointException(file.toString(), null, "not a readable trainer state (" + e.getMessage() + ")", e);
        }
        if (state.format() != FORMAT) {
            throw new CheckpointException(dir.toString(), null, "trainer state format " + state.format()
                    + " is not the supported " + FORMAT);
        }
        return state;
    }

    /**
     * Checks that a run with this provenance, settings and number of penalties may continue from
     * this state: the same data (fingerprints), the same settings except the checkpoints, the eval
     * batch size and batch monitoring, the same number of penalties.
     *
     * @throws IllegalArgumentException naming what differs
     */
    void checkResumable(Path dir, TrainingProvenance info, TrainerConfig config, int penalties) {
        if (!trainFingerprint.equals(info.trainFingerprint()) || !validationFingerprint.equals(info.validationFingerprint())) {
            throw new IllegalArgumentException("checkpoint " + dir + " was written for other training or validation"
                    + " data (fingerprints differ): resume with the same data sets");
        }
        TrainerConfig saved = history.provenance().config();
        if (!resumable(saved).equals(resumable(config))) {
            throw new IllegalArgumentException("checkpoint " + dir + " was written with other settings; resuming"
                    + " needs the same settings (only the checkpoints, the eval batch size and batch monitoring may"
                    + " change).\n  checkpoint: " + saved + "\n  now:        " + config);
        }
        if (lambdas.size() != penalties) {
            throw new IllegalArgumentException("checkpoint " + dir + " has " + lambdas.size() + " penalties, this"
                    + " trainer " + penalties + ": resume with the same penalties");
        }
    }

    private static TrainerConfig resumable(TrainerConfig c) {
        return c.toBuilder().optCheckpointEverySteps(0).optKeepCheckpoints(1).optEvalBatchSize(1)
                .optBatchMonitoring(true).build();
    }
}
