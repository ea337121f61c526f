package dev.fairtune.fairness;

/**
 * Threshold-free metrics of one group.
 *
 * @param group the group's name
 * @param count rows in the group
 * @param positives rows with label 1
 * @param negatives rows with label 0
 * @param auc subgroup AUC: ROC AUC on the group's rows only
 * @param bpsnAuc AUC on the group's negatives and the other groups' positives (low: the model
 *     scores the group's negatives too high, false-positive bias)
 * @param bnspAuc AUC on the group's positives and the other groups' negatives (low: the model
 *     scores the group's positives too low, false-negative bias)
 * @param calibrationError expected calibration error of the group's scores
 */
public record GroupScores(String group, long count, long positives, long negatives, Value auc, Value bpsnAuc,
        Value bnspAuc, Value calibrationError) {
}
