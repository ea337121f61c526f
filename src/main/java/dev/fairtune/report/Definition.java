package dev.fairtune.report;

import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Rate;
import dev.fairtune.report.RunResult.ScoreStatistic;

/**
 * The definition of a reported quantity, written into every report so that a reader can check a
 * number without the source. g is a group, r the reference group, SR the selection rate, ERR the
 * error rate; signed metrics are group minus (or over) reference; "gap" is max minus min over the
 * groups with rows. Full definitions and worked examples: docs/metrics.md.
 *
 * @param name the constant's name, such as "EQUALIZED_ODDS_DIFFERENCE"
 * @param formula the formula
 * @param sign how to read the sign or direction
 * @param ideal the value meaning no disparity (or a perfect score); null for a rate, which has none
 * @param range the values it can take
 */
public record Definition(String name, String formula, String sign, Double ideal, String range) {
    private static final String UNSIGNED = "unsigned: larger means a bigger disparity";
    private static final String SIGNED = "signed: positive means group g's rate is higher than the reference's";
    private static final String RATIO = "ratio: below 1 means group g's rate is lower than the reference's";

    /** The definition of a named metric. */
    public static Definition of(FairnessMetric m) {
        return switch (m) {
            case AVERAGE_ODDS_DIFFERENCE -> d(m, "((FPR_g - FPR_r) + (TPR_g - TPR_r)) / 2", SIGNED, "[-1, 1]");
            case AVERAGE_ABS_ODDS_DIFFERENCE -> d(m, "(|FPR_g - FPR_r| + |TPR_g - TPR_r|) / 2", UNSIGNED, "[0, 1]");
            case EQUAL_OPPORTUNITY_DIFFERENCE -> d(m, "TPR_g - TPR_r", SIGNED, "[-1, 1]");
            case STATISTICAL_PARITY_DIFFERENCE -> d(m, "SR_g - SR_r", SIGNED, "[-1, 1]");
            case DISPARATE_IMPACT -> d(m, "SR_g / SR_r", RATIO + " (below 0.8 fails the four-fifths rule)", "[0, inf)");
            case PREDICTIVE_PARITY_DIFFERENCE -> d(m, "PPV_g - PPV_r", SIGNED, "[-1, 1]");
            case FALSE_DISCOVERY_RATE_DIFFERENCE -> d(m, "FDR_g - FDR_r", SIGNED, "[-1, 1]");
            case FALSE_OMISSION_RATE_DIFFERENCE -> d(m, "FOR_g - FOR_r", SIGNED, "[-1, 1]");
            case ERROR_RATE_DIFFERENCE -> d(m, "ERR_g - ERR_r", SIGNED, "[-1, 1]");
            case ERROR_RATE_RATIO -> d(m, "ERR_g / ERR_r", RATIO, "[0, inf)");
            case TPR_GAP -> d(m, "max_g TPR_g - min_g TPR_g", UNSIGNED, "[0, 1]");
            case FPR_GAP -> d(m, "max_g FPR_g - min_g FPR_g", UNSIGNED, "[0, 1]");
            case EQUALIZED_ODDS_DIFFERENCE -> d(m, "max(TPR gap, FPR gap)", UNSIGNED, "[0, 1]");
            case EQUALIZED_ODDS_DIFFERENCE_MEAN -> d(m, "(TPR gap + FPR gap) / 2", UNSIGNED, "[0, 1]");
            case EQUALIZED_ODDS_RATIO -> d(m, "min(min_g TPR_g / max_g TPR_g, min_g FPR_g / max_g FPR_g)",
                    "lower means a bigger disparity", "[0, 1]");
            case EQUALIZED_ODDS_RATIO_MEAN -> d(m, "mean of the TPR and FPR min-over-max ratios",
                    "lower means a bigger disparity", "[0, 1]");
            case DEMOGRAPHIC_PARITY_DIFFERENCE -> d(m, "max_g SR_g - min_g SR_g", UNSIGNED, "[0, 1]");
            case DEMOGRAPHIC_PARITY_RATIO -> d(m, "min_g SR_g / max_g SR_g", "lower means a bigger disparity", "[0, 1]");
            case GENERALIZED_ENTROPY_INDEX -> d(m, "GE(2) of the benefit b_i = prediction_i - label_i + 1 over all rows",
                    "larger means benefits are spread less evenly", "[0, inf)");
            case THEIL_INDEX -> d(m, "GE(1) (Theil) of the benefit b_i = prediction_i - label_i + 1",
                    "larger means benefits are spread less evenly", "[0, inf)");
            case BETWEEN_GROUP_GENERALIZED_ENTROPY_INDEX -> d(m, "GE(2) with each row's benefit replaced by its group's mean",
                    "larger means more inequality between groups", "[0, inf)");
            case BETWEEN_GROUP_THEIL_INDEX -> d(m, "GE(1) with each row's benefit replaced by its group's mean",
                    "larger means more inequality between groups", "[0, inf)");
            case MEAN_LOG_DEVIATION -> d(m, "GE(0) = -(1/n) sum_i ln(b_i / mu), b_i = prediction_i - label_i + 1",
                    "larger means benefits are spread less evenly; undefined (infinite) with any false negative",
                    "[0, inf)");
            case BETWEEN_GROUP_MEAN_LOG_DEVIATION -> d(m, "GE(0) with each row's benefit replaced by its group's mean",
                    "larger means more inequality between groups", "[0, inf)");
            case COEFFICIENT_OF_VARIATION -> d(m, "sqrt(2 GE(2)) = standard deviation / mean of the benefit b_i",
                    "larger means benefits are spread less evenly", "[0, inf)");
            case BETWEEN_GROUP_COEFFICIENT_OF_VARIATION -> d(m, "sqrt(2 GE_between(2)): spread of the group mean benefits over the mean",
                    "larger means more inequality between groups", "[0, inf)");
            case DIFFERENTIAL_FAIRNESS -> d(m, "max over y, cells i, j of |ln P(pred = y | s_i) - ln P(pred = y | s_j)|, "
                    + "P = (N_{y,s} + 1/2) / (N_s + 1) (Foulds et al. 2019, concentration 1)",
                    "unsigned: larger means the most and least favoured cells are further apart", "[0, inf)");
            case LABEL_DIFFERENTIAL_FAIRNESS -> d(m, "as DIFFERENTIAL_FAIRNESS with the labels in place of the predictions",
                    "unsigned: larger means the data's outcomes differ more between cells", "[0, inf)");
            case DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION -> d(m, "DIFFERENTIAL_FAIRNESS - LABEL_DIFFERENTIAL_FAIRNESS",
                    "signed: positive means the model amplifies the disparity in its labels", "(-inf, inf)");
        };
    }

    /** The definition of a rate. */
    public static Definition of(Rate r) {
        String formula = switch (r) {
            case TPR -> "TP / (TP + FN)";
            case FPR -> "FP / (FP + TN)";
            case TNR -> "TN / (TN + FP)";
            case FNR -> "FN / (FN + TP)";
            case PPV -> "TP / (TP + FP)";
            case NPV -> "TN / (TN + FN)";
            case FDR -> "FP / (TP + FP)";
            case FOR -> "FN / (TN + FN)";
            case SELECTION_RATE -> "(TP + FP) / n";
            case BASE_RATE -> "(TP + FN) / n";
            case ACCURACY -> "(TP + TN) / n";
            case ERROR_RATE -> "(FP + FN) / n";
            case BALANCED_ACCURACY -> "(TPR + TNR) / 2";
            case COUNT -> "n";
            case WEIGHT -> "sum of sample weights";
        };
        return new Definition(r.name(), formula, "a rate of one group (or of all rows); compare it across groups",
                null, r.isProportion() || r == Rate.BALANCED_ACCURACY ? "[0, 1]" : "[0, inf)");
    }

    /** The definition of a score statistic. */
    public static Definition of(ScoreStatistic s) {
        return switch (s) {
            case AUC -> new Definition(s.name(), "P(score of a random positive > score of a random negative), ties 1/2",
                    "higher is better; 0.5 is chance", 1.0, "[0, 1]");
            case BPSN_AUC -> new Definition(s.name(), "AUC of the other groups' positives against group g's negatives",
                    "low means g's negatives score too high (false-positive bias)", 1.0, "[0, 1]");
            case BNSP_AUC -> new Definition(s.name(), "AUC of group g's positives against the other groups' negatives",
                    "low means g's positives score too low (false-negative bias)", 1.0, "[0, 1]");
            case CALIBRATION_ERROR -> new Definition(s.name(), "sum over 10 equal-width bins b of (W_b / W) |mean label_b - mean score_b|",
                    "larger means worse calibrated", 0.0, "[0, 1]");
            case SUBGROUP_AUC_POWER_MEAN -> new Definition(s.name(), "(mean_g AUC_g^p)^(1/p), p = -5",
                    "weighs the worst group most; higher is better", 1.0, "[0, 1]");
            case BPSN_AUC_POWER_MEAN -> new Definition(s.name(), "(mean_g BPSN_g^p)^(1/p), p = -5",
                    "weighs the worst group most; higher is better", 1.0, "[0, 1]");
            case BNSP_AUC_POWER_MEAN -> new Definition(s.name(), "(mean_g BNSP_g^p)^(1/p), p = -5",
                    "weighs the worst group most; higher is better", 1.0, "[0, 1]");
            case BIAS_SCORE -> new Definition(s.name(), "(AUC + the three power means) / 4 (Borkan et al. 2019)",
                    "higher is better", 1.0, "[0, 1]");
        };
    }

    /** The definition of a counterfactual statistic, at decision threshold t. */
    public static Definition of(CounterfactualFairness.Statistic s) {
        return switch (s) {
            case MEAN_ABSOLUTE_DIFFERENCE -> new Definition(s.name(), "mean over pairs of |s(x) - s(x')|",
                    "x' is x with its identity terms swapped; larger means identity terms move the score more", 0.0, "[0, 1]");
            case MEAN_DIFFERENCE -> new Definition(s.name(), "mean over pairs of s(x) - s(x')",
                    "positive means the original texts score higher than their twins", 0.0, "[-1, 1]");
            case FLIP_RATE -> new Definition(s.name(), "share of pairs with [s(x) >= t] != [s(x') >= t]",
                    "larger means more decisions change with identity terms alone", 0.0, "[0, 1]");
        };
    }

    private static Definition d(FairnessMetric m, String formula, String sign, String range) {
        return new Definition(m.name(), formula, sign, m.ideal(), range);
    }
}
