package dev.fairtune.postprocess;

/** The criterion a {@link ThresholdPostProcessor} equalises across groups (Hardt, Price and Srebro 2016). */
public enum FairnessConstraint {
    /**
     * Equal opportunity: one deterministic threshold per group, chosen so that the groups' true
     * positive rates are (as nearly as the scores allow) equal, at the least total error.
     */
    EQUAL_OPPORTUNITY,
    /**
     * Equalized odds: per group, a randomized mixture of thresholds such that every group has the
     * same true positive rate and the same false positive rate (exactly, in expectation, on the
     * fitting data), at the least expected total error; found by a linear program over the
     * groups' ROC curves.
     */
    EQUALIZED_ODDS
}
