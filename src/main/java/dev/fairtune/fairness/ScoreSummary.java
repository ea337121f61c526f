package dev.fairtune.fairness;

import java.util.List;

/**
 * Threshold-free metrics of scored rows: ROC AUC overall and per group, the unintended-bias AUCs of
 * Borkan et al. 2019 and their power means, and calibration errors.
 *
 * @param overallAuc ROC AUC of all rows
 * @param overallCalibrationError expected calibration error of all rows
 * @param byGroup one entry per group, in id order
 * @param subgroupAucMean power mean (exponent {@code powerMeanExponent}) of the groups' AUCs
 * @param bpsnAucMean power mean of the groups' BPSN AUCs
 * @param bnspAucMean power mean of the groups' BNSP AUCs
 * @param biasScore Borkan et al.'s combined score
 *     {@code (overallAuc + subgroupAucMean + bpsnAucMean + bnspAucMean) / 4}; range [0, 1], ideal 1
 * @param powerMeanExponent the exponent p of the power means (-5 by default, which weighs the worst groups most)
 * @param calibrationBins the number of equal-width score bins of the calibration errors
 */
public record ScoreSummary(Value overallAuc, Value overallCalibrationError, List<GroupScores> byGroup,
        Value subgroupAucMean, Value bpsnAucMean, Value bnspAucMean, Value biasScore, double powerMeanExponent,
        int calibrationBins) {

    /** The entry of a named group. */
    public GroupScores group(String name) {
        for (GroupScores g : byGroup) {
            if (g.group().equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("no group named '" + name + "' in these scores");
    }
}
