package dev.fairtune.train;

import java.util.List;

/**
 * What one optimizer step did, with the running training metrics of its epoch.
 *
 * @param step optimizer steps completed, this one included (1 for the first)
 * @param epoch the epoch, from 0
 * @param loss the total loss {@code CE + sum_i lambda_i penalty_i} (mean over the step's micro-batches)
 * @param taskLoss the cross-entropy part
 * @param penalties each penalty's weight and value, in the loss's order
 * @param learningRate the peak-relative rate of this step (before layer-wise factors)
 * @param gradNorm the global gradient norm before clipping
 * @param rows training rows in the step
 * @param runningAccuracy accuracy of the epoch's training rows so far (predicted before each
 *     update, dropout on); NaN without batch monitoring
 * @param runningMetric the monitored fairness metric on the same rows; NaN when undefined so far
 *     (for example no row of one group yet) or without batch monitoring
 */
public record BatchRecord(
        long step,
        int epoch,
        double loss,
        double taskLoss,
        List<PenaltyRecord> penalties,
        double learningRate,
        double gradNorm,
        int rows,
        double runningAccuracy,
        double runningMetric) {

    /** Copies the list. */
    public BatchRecord {
        penalties = List.copyOf(penalties);
    }
}
