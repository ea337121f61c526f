package dev.fairtune.report;

import dev.fairtune.fairness.Value;

/**
 * One epoch of a run, measured on the validation data at the end of the epoch.
 *
 * @param epoch 1 for the first epoch
 * @param step optimizer steps completed by the end of the epoch
 * @param trainLoss mean training loss over the epoch's steps (the total loss, penalties included)
 * @param accuracy validation accuracy
 * @param fairness the report's headline fairness metric on the validation data
 */
public record EpochMetrics(int epoch, long step, double trainLoss, Value accuracy, Value fairness) {
    /** Checks the fields. */
    public EpochMetrics {
        if (epoch < 1 || step < 0) {
            throw new IllegalArgumentException("epoch must be >= 1 and step >= 0, got " + epoch + ", " + step);
        }
        if (accuracy == null || fairness == null) {
            throw new IllegalArgumentException("epoch " + epoch + ": accuracy and fairness are required (NaN with a reason when undefined)");
        }
    }
}
