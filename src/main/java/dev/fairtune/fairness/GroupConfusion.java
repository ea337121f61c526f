package dev.fairtune.fairness;

import java.util.Arrays;

/**
 * Mergeable sufficient statistics for every count-based fairness metric: per group, the number of
 * rows and the sum of sample weights in each confusion cell, stored flat at index
 * {@code group * 4 + label * 2 + prediction}.
 *
 * <p>One pass over primitive arrays fills it ({@code update}); {@link #merge}, {@link #copy} and
 * {@link #reset} make it a streaming accumulator, so per-batch counts merged together equal the
 * counts of the whole data (exactly for counts and unweighted data; up to floating-point summation
 * order for weights). An {@code update} that meets a bad row throws before changing anything.
 *
 * <p>Not thread-safe: give each thread its own instance and merge them.
 */
public final class GroupConfusion {
    /** Cell of label 0, prediction 0. */
    public static final int TN = 0;
    /** Cell of label 0, prediction 1. */
    public static final int FP = 1;
    /** Cell of label 1, prediction 0. */
    public static final int FN = 2;
    /** Cell of label 1, prediction 1. */
    public static final int TP = 3;

    private final Groups groups;
    private final long[] counts;
    private final double[] weights;

    /** Empty counts for these groups. */
    public GroupConfusion(Groups groups) {
        this.groups = groups;
        this.counts = new long[groups.size() * 4];
        this.weights = new double[groups.size() * 4];
    }

    /** Counts of unweighted binary predictions, in one pass. */
    public static GroupConfusion of(Groups groups, int[] group, int[] label, int[] prediction) {
        GroupConfusion c = new GroupConfusion(groups);
        c.update(group, label, prediction, null, 0, group.length);
        return c;
    }

    /**
     * Unweighted counts from their cells, {@code cells[group * 4 + cell]} as {@link #cellCounts()}
     * returns them (each row weighs 1).
     *
     * @throws IllegalArgumentException when the length is not 4 x groups or a count is negative
     */
    public static GroupConfusion ofCounts(Groups groups, long[] cells) {
        GroupConfusion c = new GroupConfusion(groups);
        if (cells.length != c.counts.length) {
            throw new IllegalArgumentException("need " + c.counts.length + " cell counts (4 per group of " + groups
                    + "), got " + cells.length);
        }
        for (int k = 0; k < cells.length; k++) {
            if (cells[k] < 0) {
                throw new IllegalArgumentException("cell count " + k + " is negative: " + cells[k]);
            }
            c.counts[k] = cells[k];
            c.weights[k] = cells[k];
        }
        return c;
    }

    /**
     * Counts from their cells with weight sums, both indexed {@code [group * 4 + cell]} as
     * {@link #cellCounts()} and {@link #cellWeights()} return them: how counts summed elsewhere (per
     * partition of a cluster, say) come back as one accumulator.
     *
     * @throws IllegalArgumentException when a length is not 4 x groups, a count is negative, or a
     *     weight sum is negative or not finite
     */
    public static GroupConfusion ofCells(Groups groups, long[] cells, double[] weights) {
        GroupConfusion c = ofCounts(groups, cells);
        if (weights.length != c.weights.length) {
            throw new IllegalArgumentException("need " + c.weights.length + " cell weights (4 per group of " + groups
                    + "), got " + weights.length);
        }
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] >= 0 && weights[k] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("cell weight " + k + " is negative or not finite: " + weights[k]);
            }
            c.weights[k] = weights[k];
        }
        return c;
    }

    /** Every cell's row count, {@code [group * 4 + cell]} with the cells {@link #TN} .. {@link #TP}. */
    public long[] cellCounts() {
        return counts.clone();
    }

    /** Every cell's weight sum, indexed as {@link #cellCounts()}. */
    public double[] cellWeights() {
        return weights.clone();
    }

    /** The groups these counts are indexed by. */
    public Groups groups() {
        return groups;
    }

    /** Adds one row with weight 1. */
    public void add(int group, int label, int prediction) {
        add(group, label, prediction, 1.0);
    }

    /** Adds one row. */
    public void add(int group, int label, int prediction, double weight) {
        checkRow(-1, group, label, prediction);
        checkWeight(-1, weight);
        int idx = (group << 2) | (label << 1) | prediction;
        counts[idx]++;
        weights[idx] += weight;
    }

    /** Adds all rows of unweighted binary predictions (labels and predictions 0 or 1). */
    public void update(int[] group, int[] label, int[] prediction) {
        update(group, label, prediction, null, 0, group.length);
    }

    /**
     * Adds rows {@code from} (inclusive) to {@code to} (exclusive) of binary predictions.
     *
     * @param weight sample weights (finite, not negative), or null for weight 1
     * @throws IllegalArgumentException naming the row for a group id out of range, a label or
     *     prediction other than 0 or 1, or a bad weight; nothing is added then
     */
    public void update(int[] group, int[] label, int[] prediction, double[] weight, int from, int to) {
        checkRange(from, to, group.length, label.length, prediction.length, weight);
        int n = groups.size();
        if (weight == null) {
            int[] h = new int[counts.length];
            for (int i = from; i < to; i++) {
                int g = group[i];
                int y = label[i];
                int p = prediction[i];
                if (Integer.compareUnsigned(g, n) >= 0 || ((y | p) & ~1) != 0) {
                    checkRow(i, g, y, p);
                }
                h[(g << 2) | (y << 1) | p]++;
            }
            addUnit(h);
        } else {
            int[] h = new int[counts.length];
            double[] w = new double[counts.length];
            for (int i = from; i < to; i++) {
                int g = group[i];
                int y = label[i];
                int p = prediction[i];
                double wi = weight[i];
                if (Integer.compareUnsigned(g, n) >= 0 || ((y | p) & ~1) != 0 || !(wi >= 0 && wi < Double.POSITIVE_INFINITY)) {
                    checkRow(i, g, y, p);
                    checkWeight(i, wi);
                }
                int idx = (g << 2) | (y << 1) | p;
                h[idx]++;
                w[idx] += wi;
            }
            for (int k = 0; k < counts.length; k++) {
                counts[k] += h[k];
                weights[k] += w[k];
            }
        }
    }

    /**
     * Adds rows {@code from} to {@code to} of scores: a row is predicted positive when
     * {@code score >= threshold}.
     *
     * @param weight sample weights, or null for weight 1
     * @throws IllegalArgumentException naming the row for a NaN score or any bad value that
     *     {@link #update(int[], int[], int[], double[], int, int)} rejects
     */
    public void updateScores(int[] group, int[] label, double[] score, double threshold, double[] weight,
            int from, int to) {
        checkRange(from, to, group.length, label.length, score.length, weight);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        int n = groups.size();
        int[] h = new int[counts.length];
        double[] w = weight == null ? null : new double[counts.length];
        for (int i = from; i < to; i++) {
            int g = group[i];
            int y = label[i];
            double s = score[i];
            int p = s >= threshold ? 1 : 0;
            if (Integer.compareUnsigned(g, n) >= 0 || (y & ~1) != 0 || s != s) {
                checkScore(i, s);
                checkRow(i, g, y, p);
            }
            int idx = (g << 2) | (y << 1) | p;
            h[idx]++;
            if (w != null) {
                double wi = weight[i];
                checkWeight(i, wi);
                w[idx] += wi;
            }
        }
        if (w == null) {
            addUnit(h);
        } else {
            for (int k = 0; k < counts.length; k++) {
                counts[k] += h[k];
                weights[k] += w[k];
            }
        }
    }

    /** Adds {@code count} rows of total weight {@code weight} to one cell (for derived counts). */
    void addCell(int group, int cell, long count, double weight) {
        counts[group * 4 + cell] += count;
        weights[group * 4 + cell] += weight;
    }

    private void addUnit(int[] h) {
        for (int k = 0; k < counts.length; k++) {
            counts[k] += h[k];
            weights[k] += h[k];
        }
    }

    /**
     * Adds another accumulator's counts to this one.
     *
     * @throws IllegalArgumentException if the two were built for different groups
     */
    public void merge(GroupConfusion other) {
        if (!other.groups.equals(groups)) {
            throw new IllegalArgumentException("cannot merge counts for groups " + other.groups + " into counts for "
                    + groups + "; build every batch with the same Groups");
        }
        for (int k = 0; k < counts.length; k++) {
            counts[k] += other.counts[k];
            weights[k] += other.weights[k];
        }
    }

    /** An independent copy. */
    public GroupConfusion copy() {
        GroupConfusion c = new GroupConfusion(groups);
        System.arraycopy(counts, 0, c.counts, 0, counts.length);
        System.arraycopy(weights, 0, c.weights, 0, weights.length);
        return c;
    }

    /** A copy in which the groups marked in {@code left} hold no rows (so across-groups metrics skip them). */
    public GroupConfusion without(boolean[] left) {
        if (left.length != groups.size()) {
            throw new IllegalArgumentException("need one flag per group of " + groups + ", got " + left.length);
        }
        GroupConfusion c = copy();
        for (int g = 0; g < left.length; g++) {
            if (left[g]) {
                Arrays.fill(c.counts, g * 4, g * 4 + 4, 0);
                Arrays.fill(c.weights, g * 4, g * 4 + 4, 0);
            }
        }
        return c;
    }

    /** Sets every count and weight back to zero. */
    public void reset() {
        Arrays.fill(counts, 0);
        Arrays.fill(weights, 0);
    }

    /** Rows of group {@code group} in {@code cell} ({@link #TN}, {@link #FP}, {@link #FN}, {@link #TP}). */
    public long count(int group, int cell) {
        return counts[group * 4 + cell];
    }

    /** Weight sum of group {@code group} in {@code cell}. */
    public double weight(int group, int cell) {
        return weights[group * 4 + cell];
    }

    /** Rows of one group, all cells. */
    public long count(int group) {
        int b = group * 4;
        return counts[b] + counts[b + 1] + counts[b + 2] + counts[b + 3];
    }

    /** All rows counted. */
    public long totalCount() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Whether every weight sum equals its count (no weights were given, or all were 1). */
    public boolean isUnweighted() {
        for (int k = 0; k < counts.length; k++) {
            if (weights[k] != counts[k]) {
                return false;
            }
        }
        return true;
    }

    /** The confusion counts of one group. */
    public Confusion group(int group) {
        int b = group * 4;
        return new Confusion(groups.name(group), counts[b + TP], counts[b + FP], counts[b + TN], counts[b + FN],
                weights[b + TP], weights[b + FP], weights[b + TN], weights[b + FN]);
    }

    /** The confusion counts of a named group. */
    public Confusion group(String name) {
        return group(groups.id(name));
    }

    /** The confusion counts of all rows, named "overall". */
    public Confusion overall() {
        int[] all = new int[groups.size()];
        Arrays.setAll(all, i -> i);
        return pooled("overall", all);
    }

    /**
     * The confusion counts of several groups pooled into one, as AIF360 does when several
     * conditions make up the unprivileged group.
     *
     * @param name the name of the pool, used in reasons
     */
    public Confusion pooled(String name, int... members) {
        long[] c = new long[4];
        double[] w = new double[4];
        for (int g : members) {
            for (int k = 0; k < 4; k++) {
                c[k] += counts[g * 4 + k];
                w[k] += weights[g * 4 + k];
            }
        }
        return new Confusion(name, c[TP], c[FP], c[TN], c[FN], w[TP], w[FP], w[TN], w[FN]);
    }

    /** Checks one row; {@code row < 0} for a row added on its own. */
    private void checkRow(int row, int g, int y, int p) {
        if (g < 0 || g >= groups.size()) {
            throw new IllegalArgumentException(
                    at(row) + "group id " + g + " is outside 0.." + (groups.size() - 1) + " " + groups);
        }
        if (y != 0 && y != 1) {
            throw new IllegalArgumentException(at(row) + "label " + y + " is not 0 or 1");
        }
        if (p != 0 && p != 1) {
            throw new IllegalArgumentException(at(row) + "prediction " + p + " is not 0 or 1");
        }
    }

    private static void checkWeight(int row, double w) {
        if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(at(row) + "weight " + w + " is negative or not finite");
        }
    }

    private static void checkScore(int row, double s) {
        if (Double.isNaN(s)) {
            throw new IllegalArgumentException(at(row) + "score is NaN");
        }
    }

    private static String at(int row) {
        return row < 0 ? "" : "row " + row + ": ";
    }

    private static void checkRange(int from, int to, int groupLength, int labelLength, int predictionLength,
            double[] weight) {
        if (labelLength != groupLength || predictionLength != groupLength
                || (weight != null && weight.length != groupLength)) {
            throw new IllegalArgumentException("arrays differ in length: groups " + groupLength + ", labels "
                    + labelLength + ", predictions or scores " + predictionLength
                    + (weight == null ? "" : ", weights " + weight.length));
        }
        if (from < 0 || from > to || to > groupLength) {
            throw new IllegalArgumentException("row range [" + from + ", " + to + ") is outside 0.." + groupLength);
        }
    }
}
