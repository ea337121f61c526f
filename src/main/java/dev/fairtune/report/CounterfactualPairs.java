package dev.fairtune.report;

/**
 * Scores of texts and of their counterfactual twins (identity terms swapped), for the counterfactual
 * metrics of {@link dev.fairtune.fairness.CounterfactualFairness}. Give only the pairs whose text
 * changed. Arrays are not copied: do not change them afterwards.
 *
 * @param group group id of each original text, in the ids of the run's evaluation groups
 * @param score score of each original text
 * @param twinScore score of each twin
 */
public record CounterfactualPairs(int[] group, double[] score, double[] twinScore) {
    /** Checks that the arrays align. */
    public CounterfactualPairs {
        if (group.length != score.length || group.length != twinScore.length) {
            throw new IllegalArgumentException("counterfactual arrays differ in length: " + group.length + ", "
                    + score.length + ", " + twinScore.length);
        }
    }

    /** The number of pairs. */
    public int size() {
        return group.length;
    }
}
