package dev.fairtune.penalty;

/**
 * The fairness metric a {@link FairnessPenalty} is a differentiable surrogate for. The metric is
 * defined on hard predictions and counts; the penalty replaces each indicator by a probability.
 * Whether a penalty approximates the signed metric or its magnitude is stated on the penalty.
 */
public enum TargetMetric {
    /** Selection-rate difference between groups, {@code P(yhat=1 | g)}. */
    DEMOGRAPHIC_PARITY_DIFFERENCE,
    /** True-positive-rate difference between groups (equal opportunity difference). */
    TPR_GAP,
    /** False-positive-rate difference between groups. */
    FPR_GAP,
    /** AIF360's signed average odds difference: mean of the FPR and TPR differences, group 1 minus 0. */
    AVERAGE_ODDS_DIFFERENCE,
    /** Mean of the absolute FPR and TPR differences. */
    AVERAGE_ABSOLUTE_ODDS_DIFFERENCE,
    /** Fairlearn's equalized odds difference: the larger of the TPR and FPR differences. */
    EQUALIZED_ODDS_DIFFERENCE,
    /** Distance between the groups' score distributions (MinDiff's MMD). */
    SCORE_DISTRIBUTION,
    /** Gap between a text's output and its identity-swapped twin's (counterfactual token fairness). */
    COUNTERFACTUAL_LOGIT_GAP,
    /** How well the group can be predicted from the classifier's output (adversarial debiasing). */
    GROUP_PREDICTABILITY,
    /** A metric not listed here; the penalty's {@link FairnessPenalty#name()} says which. */
    OTHER
}
