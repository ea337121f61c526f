package dev.fairtune.fairness;

/**
 * The threshold-free statistics of scores that {@link ScoreMetrics} computes (Borkan et al. 2019
 * for the bias AUCs and their power means), each with its {@link Definition}.
 */
public enum ScoreStatistic implements Definition.Defined {
    /** ROC AUC (of all rows, or the subgroup AUC of a group); ideal 1. */
    AUC("P(score of a random positive > score of a random negative), ties 1/2", "higher is better; 0.5 is chance", 1),
    /** Background-positive, subgroup-negative AUC of a group; ideal 1. */
    BPSN_AUC("AUC of the other groups' positives against group g's negatives",
            "low means g's negatives score too high (false-positive bias)", 1),
    /** Background-negative, subgroup-positive AUC of a group; ideal 1. */
    BNSP_AUC("AUC of group g's positives against the other groups' negatives",
            "low means g's positives score too low (false-negative bias)", 1),
    /** Expected calibration error ({@link ScoreMetrics#DEFAULT_CALIBRATION_BINS} bins); ideal 0. */
    CALIBRATION_ERROR("sum over " + ScoreMetrics.DEFAULT_CALIBRATION_BINS
            + " equal-width bins b of (W_b / W) |mean label_b - mean score_b|", "larger means worse calibrated", 0),
    /** Power mean ({@link ScoreMetrics#BORKAN_POWER}) of the subgroup AUCs; ideal 1. */
    SUBGROUP_AUC_POWER_MEAN(powerMean("AUC"), "weighs the worst group most; higher is better", 1),
    /** Power mean of the BPSN AUCs; ideal 1. */
    BPSN_AUC_POWER_MEAN(powerMean("BPSN"), "weighs the worst group most; higher is better", 1),
    /** Power mean of the BNSP AUCs; ideal 1. */
    BNSP_AUC_POWER_MEAN(powerMean("BNSP"), "weighs the worst group most; higher is better", 1),
    /** (AUC + the three power means) / 4 (Borkan et al. 2019); ideal 1. */
    BIAS_SCORE("(AUC + the three power means) / 4 (Borkan et al. 2019)", "higher is better", 1);

    private final String formula;
    private final String sign;
    private final double ideal;

    ScoreStatistic(String formula, String sign, double ideal) {
        this.formula = formula;
        this.sign = sign;
        this.ideal = ideal;
    }

    private static String powerMean(String auc) {
        return "(mean_g " + auc + "_g^p)^(1/p), p = " + (int) ScoreMetrics.BORKAN_POWER;
    }

    @Override
    public Definition definition() {
        return new Definition(name(), formula, sign, ideal, "[0, 1]");
    }
}
