package dev.fairtune.train;

import dev.fairtune.fairness.Value;

/**
 * The end of one epoch, with the running training metrics over all its rows.
 *
 * @param epoch the epoch, from 0
 * @param step optimizer steps completed at its end
 * @param meanLoss mean of the total loss over its steps
 * @param runningAccuracy training accuracy over its rows (predicted before each update); NaN
 *     without batch monitoring
 * @param runningMetric the monitored fairness metric over its rows, with the reason when undefined
 * @param seconds wall-clock time of the epoch (evaluation included; for a resumed epoch, since the
 *     resume)
 * @param epsilon the privacy spent by the epoch's end (DP-SGD's epsilon at the run's delta,
 *     {@link TrainingProvenance.PrivacyInfo}); NaN for a non-private run
 */
public record EpochRecord(int epoch, long step, double meanLoss, double runningAccuracy, Value runningMetric,
        double seconds, double epsilon) {}
