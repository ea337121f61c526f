package dev.fairtune.fairness;

/**
 * The binary confusion counts of one group (or of all rows, or of a pool of groups): how many rows
 * fall in each cell, and the sum of their sample weights. Rates read the weight sums (equal to the
 * counts when rows are unweighted) and take their reasons from the counts.
 *
 * @param group the group's name, used in the reasons of undefined values
 * @param tp rows with label 1 and prediction 1
 * @param fp rows with label 0 and prediction 1
 * @param tn rows with label 0 and prediction 0
 * @param fn rows with label 1 and prediction 0
 * @param tpWeight weight sum of the true positives
 * @param fpWeight weight sum of the false positives
 * @param tnWeight weight sum of the true negatives
 * @param fnWeight weight sum of the false negatives
 */
public record Confusion(String group, long tp, long fp, long tn, long fn,
        double tpWeight, double fpWeight, double tnWeight, double fnWeight) {

    /** Unweighted counts: each weight sum equals its count. */
    public static Confusion of(String group, long tp, long fp, long tn, long fn) {
        return new Confusion(group, tp, fp, tn, fn, tp, fp, tn, fn);
    }

    /** Rows in the cell {@code label * 2 + prediction} (see {@link GroupConfusion#TN} etc.). */
    public long count(int cell) {
        return switch (cell) {
            case GroupConfusion.TN -> tn;
            case GroupConfusion.FP -> fp;
            case GroupConfusion.FN -> fn;
            case GroupConfusion.TP -> tp;
            default -> throw new IllegalArgumentException("cell must be 0..3, got " + cell);
        };
    }

    /** Weight sum of the cell {@code label * 2 + prediction}. */
    public double weight(int cell) {
        return switch (cell) {
            case GroupConfusion.TN -> tnWeight;
            case GroupConfusion.FP -> fpWeight;
            case GroupConfusion.FN -> fnWeight;
            case GroupConfusion.TP -> tpWeight;
            default -> throw new IllegalArgumentException("cell must be 0..3, got " + cell);
        };
    }

    /** All rows. */
    public long count() {
        return tp + fp + tn + fn;
    }

    /** Weight sum of all rows. */
    public double weight() {
        return tpWeight + fpWeight + tnWeight + fnWeight;
    }
}
