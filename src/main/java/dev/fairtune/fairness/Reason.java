package dev.fairtune.fairness;

/**
 * Why a {@link Value} is undefined, in a form a program can switch on and a report can print.
 *
 * <p>{@link #NONE} marks a defined value. Every other constant names the empty denominator or the
 * missing data that made the value NaN; {@link Value#group()} says where it happened.
 */
public enum Reason {
    /** The value is defined. */
    NONE("defined"),
    /** The group has no rows at all. */
    NO_ROWS("no rows"),
    /** The group has rows, but the weights in the denominator sum to zero. */
    ZERO_WEIGHT("zero total weight"),
    /** No row has a positive label (TPR, FNR and AUCs need positives). */
    NO_POSITIVE_LABELS("no positive labels"),
    /** No row has a negative label (FPR, TNR and AUCs need negatives). */
    NO_NEGATIVE_LABELS("no negative labels"),
    /** No row is predicted positive (PPV and FDR need predicted positives). */
    NO_PREDICTED_POSITIVES("no predicted positives"),
    /** No row is predicted negative (NPV and FOR need predicted negatives). */
    NO_PREDICTED_NEGATIVES("no predicted negatives"),
    /** The rows outside the subgroup hold no positive label (BPSN AUC). */
    NO_BACKGROUND_POSITIVES("no positive labels outside the group"),
    /** The rows outside the subgroup hold no negative label (BNSP AUC). */
    NO_BACKGROUND_NEGATIVES("no negative labels outside the group"),
    /** A ratio would divide by a rate of zero (the reference rate, the largest rate or the overall rate). */
    ZERO_DIVISOR("the rate in the denominator is 0"),
    /** An across-groups aggregation needs at least two groups with rows. */
    FEWER_THAN_TWO_GROUPS("fewer than two groups with rows"),
    /** The group is left out by the {@link GroupPolicy} (too few rows, or a rate the metric reads is undefined). */
    GROUP_LEFT_OUT("the group is left out by the group policy"),
    /** The mean benefit is zero (every row is a false negative), so entropy indices divide by zero. */
    ZERO_MEAN_BENEFIT("mean benefit is 0 (every row is a false negative)"),
    /**
     * A row's benefit is 0 (a false negative), so a generalized entropy index with alpha &lt;= 0
     * (such as the mean log deviation, alpha = 0) takes ln 0 or 0 to a negative power: it is infinite.
     */
    ZERO_BENEFIT("a benefit is 0 (a false negative), so GE(alpha <= 0) is infinite"),
    /**
     * Without smoothing (concentration 0), an outcome never occurs in one cell but does in another,
     * so differential fairness takes ln 0: it is infinite.
     */
    ZERO_PROBABILITY("an outcome has probability 0 in one cell but not in another (no smoothing), so the log ratio is infinite"),
    /** A calibration error needs scores in [0, 1]. */
    SCORE_OUT_OF_RANGE("a score lies outside [0, 1]"),
    /** A two-proportion z statistic has zero standard error (both proportions are 0 or both are 1). */
    ZERO_VARIANCE("zero standard error"),
    /** An identity-term share needs a text that mentions an identity term of the lexicon. */
    NO_IDENTITY_TERM("no identity term in the text"),
    /** An attribution share needs some positive attribution to divide by. */
    NO_POSITIVE_ATTRIBUTION("no positive attribution"),
    /** A convergence delta needs a baseline; gradient x input has none. */
    NO_BASELINE("the method has no baseline, so no completeness check");

    private final String text;

    Reason(String text) {
        this.text = text;
    }

    /** A short phrase for reports, such as "no positive labels". */
    public String text() {
        return text;
    }
}
