package dev.fairtune.fairness;

import java.util.Arrays;

/**
 * Mergeable per-group confusion matrices of a K-class classifier: rows and weight sums at index
 * {@code (group * K + label) * K + prediction}. {@link #oneVsRest(int)} turns class c into binary
 * counts (label c vs the rest, prediction c vs the rest), so every {@link Rate}, aggregation and
 * named metric applies per class, one-vs-rest.
 *
 * <p>Not thread-safe; merge per-thread instances.
 */
public final class MulticlassConfusion {
    private final Groups groups;
    private final int classes;
    private final long[] counts;
    private final double[] weights;

    /**
     * Empty counts.
     *
     * @param classes the number of classes K, at least 2
     */
    public MulticlassConfusion(Groups groups, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        this.groups = groups;
        this.classes = classes;
        this.counts = new long[groups.size() * classes * classes];
        this.weights = new double[counts.length];
    }

    /** The groups. */
    public Groups groups() {
        return groups;
    }

    /** The number of classes K. */
    public int classes() {
        return classes;
    }

    /**
     * Adds rows {@code from} to {@code to}.
     *
     * @param weight sample weights, or null for weight 1
     * @throws IllegalArgumentException naming the row for a group id, label or prediction out of
     *     range or a bad weight; nothing is added then
     */
    public void update(int[] group, int[] label, int[] prediction, double[] weight, int from, int to) {
        if (label.length != group.length || prediction.length != group.length
                || (weight != null && weight.length != group.length)) {
            throw new IllegalArgumentException("arrays differ in length: groups " + group.length + ", labels "
                    + label.length + ", predictions " + prediction.length);
        }
        if (from < 0 || from > to || to > group.length) {
            throw new IllegalArgumentException("row range [" + from + ", " + to + ") is outside 0.." + group.length);
        }
        long[] h = new long[counts.length];
        double[] w = new double[counts.length];
        for (int i = from; i < to; i++) {
            int g = group[i];
            int y = label[i];
            int p = prediction[i];
            double wi = weight == null ? 1 : weight[i];
            if (g < 0 || g >= groups.size()) {
                throw new IllegalArgumentException("row " + i + ": group id " + g + " is outside 0.." + (groups.size() - 1));
            }
            if (y < 0 || y >= classes || p < 0 || p >= classes) {
                throw new IllegalArgumentException("row " + i + ": label " + y + " or prediction " + p
                        + " is outside 0.." + (classes - 1));
            }
            if (!(wi >= 0 && wi < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("row " + i + ": weight " + wi + " is negative or not finite");
            }
            int idx = (g * classes + y) * classes + p;
            h[idx]++;
            w[idx] += wi;
        }
        for (int k = 0; k < counts.length; k++) {
            counts[k] += h[k];
            weights[k] += w[k];
        }
    }

    /** Rows of a group with this label and prediction. */
    public long count(int group, int label, int prediction) {
        return counts[(group * classes + label) * classes + prediction];
    }

    /** Adds another accumulator's counts; both must have the same groups and classes. */
    public void merge(MulticlassConfusion other) {
        if (!other.groups.equals(groups) || other.classes != classes) {
            throw new IllegalArgumentException("cannot merge counts for " + other.groups + " with " + other.classes
                    + " classes into counts for " + groups + " with " + classes + " classes");
        }
        for (int k = 0; k < counts.length; k++) {
            counts[k] += other.counts[k];
            weights[k] += other.weights[k];
        }
    }

    /** An independent copy. */
    public MulticlassConfusion copy() {
        MulticlassConfusion c = new MulticlassConfusion(groups, classes);
        System.arraycopy(counts, 0, c.counts, 0, counts.length);
        System.arraycopy(weights, 0, c.weights, 0, weights.length);
        return c;
    }

    /** Sets everything back to zero. */
    public void reset() {
        Arrays.fill(counts, 0);
        Arrays.fill(weights, 0);
    }

    /**
     * Binary counts of class {@code cls} against the rest: label 1 when the label is cls,
     * prediction 1 when the prediction is cls.
     */
    public GroupConfusion oneVsRest(int cls) {
        if (cls < 0 || cls >= classes) {
            throw new IllegalArgumentException("class " + cls + " is outside 0.." + (classes - 1));
        }
        GroupConfusion out = new GroupConfusion(groups);
        for (int g = 0; g < groups.size(); g++) {
            for (int y = 0; y < classes; y++) {
                for (int p = 0; p < classes; p++) {
                    int idx = (g * classes + y) * classes + p;
                    int cell = (y == cls ? 2 : 0) + (p == cls ? 1 : 0);
                    out.addCell(g, cell, counts[idx], weights[idx]);
                }
            }
        }
        return out;
    }
}
