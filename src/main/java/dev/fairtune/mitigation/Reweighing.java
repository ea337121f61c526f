package dev.fairtune.mitigation;

import java.util.Optional;

/**
 * Reweighing (Kamiran and Calders 2012): weights that make group and label independent in the
 * weighted training set. For group {@code g} and label {@code y} with counts {@code n(g)}, {@code
 * n(y)}, {@code n(g, y)} over {@code N} examples:
 *
 * <pre>  w(g, y) = P(g) P(y) / P(g, y) = n(g) n(y) / (N n(g, y))</pre>
 *
 * <p>The weighted count of cell {@code (g, y)} is then {@code n(g) n(y) / N}, so the weighted rate
 * of label {@code y} in every group equals its overall rate {@code n(y) / N}, and the weights sum to
 * {@code N} (mean 1). Example: 2 groups, labels 0/1, counts {@code n(0, 0) = 3, n(0, 1) = 1,
 * n(1, 0) = 1, n(1, 1) = 3} (N = 8): {@code w(0, 1) = 4 * 4 / (8 * 1) = 2} and {@code w(0, 0) = 4 *
 * 4 / (8 * 3) = 2/3}.
 *
 * <p>Undefined cells: when {@code n(g, y) = 0} the weight is NaN with a reason ({@link
 * #undefinedReason(int, int)}). No training example falls in such a cell, but a present group that
 * lacks a present label cannot have its base rate equalised: {@link #equalisesBaseRates()} is then
 * false. Asking for the weight of an example in an undefined cell (e.g. on other data) is an error.
 */
public final class Reweighing {

    private final int numGroups;
    private final int numLabels;
    private final long total;
    private final long[] groupCounts;
    private final long[] labelCounts;
    private final long[][] cellCounts;

    private Reweighing(int numGroups, int numLabels, long[][] cellCounts) {
        this.numGroups = numGroups;
        this.numLabels = numLabels;
        this.cellCounts = cellCounts;
        this.groupCounts = new long[numGroups];
        this.labelCounts = new long[numLabels];
        long sum = 0;
        for (int g = 0; g < numGroups; g++) {
            for (int y = 0; y < numLabels; y++) {
                groupCounts[g] += cellCounts[g][y];
                labelCounts[y] += cellCounts[g][y];
                sum += cellCounts[g][y];
            }
        }
        this.total = sum;
    }

    /**
     * Counts group x label cells and derives the weights.
     *
     * @param groups group id of each example, in {@code 0..numGroups-1}
     * @param labels class label of each example, in {@code 0..numLabels-1}
     * @param numGroups the number of groups {@code G >= 1}
     * @param numLabels the number of labels {@code >= 1}
     * @return the weights
     * @throws IllegalArgumentException for empty or mismatched arrays or ids out of range
     */
    public static Reweighing fit(int[] groups, int[] labels, int numGroups, int numLabels) {
        checkIds(groups, labels, numGroups, numLabels);
        if (groups.length == 0) {
            throw new IllegalArgumentException("cannot reweigh an empty training set");
        }
        long[][] counts = new long[numGroups][numLabels];
        for (int i = 0; i < groups.length; i++) {
            counts[groups[i]][labels[i]]++;
        }
        return new Reweighing(numGroups, numLabels, counts);
    }

    /**
     * Returns the weight of a cell.
     *
     * @param group a group id
     * @param label a label
     * @return {@code n(g) n(y) / (N n(g, y))}, or NaN when the cell is empty
     */
    public double weight(int group, int label) {
        checkCell(group, label);
        long cell = cellCounts[group][label];
        if (cell == 0) {
            return Double.NaN;
        }
        return (double) groupCounts[group] * labelCounts[label] / ((double) total * cell);
    }

    /**
     * Says why a cell's weight is undefined.
     *
     * @param group a group id
     * @param label a label
     * @return the reason, or empty when the weight is defined
     */
    public Optional<String> undefinedReason(int group, int label) {
        checkCell(group, label);
        if (cellCounts[group][label] > 0) {
            return Optional.empty();
        }
        if (groupCounts[group] == 0) {
            return Optional.of("group " + group + " has no examples");
        }
        if (labelCounts[label] == 0) {
            return Optional.of("no example has label " + label);
        }
        return Optional.of("group " + group + " has no example with label " + label
                + ", so its weighted rate of label " + label + " stays 0");
    }

    /**
     * Returns whether reweighing equalises the base rates: every group that has examples has every
     * label that occurs at all.
     *
     * @return true when {@code P_w(y | g) = P(y)} for every present group and label
     */
    public boolean equalisesBaseRates() {
        for (int g = 0; g < numGroups; g++) {
            for (int y = 0; y < numLabels; y++) {
                if (groupCounts[g] > 0 && labelCounts[y] > 0 && cellCounts[g][y] == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Returns the weight of each example.
     *
     * @param groups group id of each example
     * @param labels label of each example
     * @return one weight per example
     * @throws IllegalArgumentException when an example falls in an undefined cell, with the reason
     */
    public double[] weights(int[] groups, int[] labels) {
        checkIds(groups, labels, numGroups, numLabels);
        double[] result = new double[groups.length];
        for (int i = 0; i < groups.length; i++) {
            double w = weight(groups[i], labels[i]);
            if (Double.isNaN(w)) {
                throw new IllegalArgumentException(
                        "example " + i + " (group " + groups[i] + ", label " + labels[i]
                                + ") has no reweighing weight: in the fitted data "
                                + undefinedReason(groups[i], labels[i]).orElseThrow()
                                + "; fit on data that contains this cell");
            }
            result[i] = w;
        }
        return result;
    }

    /**
     * Returns the number of fitted examples in a cell.
     *
     * @param group a group id
     * @param label a label
     * @return {@code n(g, y)}
     */
    public long count(int group, int label) {
        checkCell(group, label);
        return cellCounts[group][label];
    }

    /**
     * Returns the number of fitted examples.
     *
     * @return N
     */
    public long total() {
        return total;
    }

    /**
     * Returns the number of groups.
     *
     * @return G
     */
    public int numGroups() {
        return numGroups;
    }

    /**
     * Returns the number of labels.
     *
     * @return the number of labels
     */
    public int numLabels() {
        return numLabels;
    }

    private void checkCell(int group, int label) {
        if (group < 0 || group >= numGroups || label < 0 || label >= numLabels) {
            throw new IllegalArgumentException(
                    "cell (group " + group + ", label " + label + ") is out of range: " + numGroups
                            + " groups, " + numLabels + " labels");
        }
    }

    private static void checkIds(int[] groups, int[] labels, int numGroups, int numLabels) {
        if (numGroups < 1 || numLabels < 1) {
            throw new IllegalArgumentException(
                    "numGroups and numLabels must be >= 1, got " + numGroups + " and " + numLabels);
        }
        if (groups.length != labels.length) {
            throw new IllegalArgumentException(
                    "groups and labels must have one entry per example: " + groups.length
                            + " groups vs " + labels.length + " labels");
        }
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] < 0 || groups[i] >= numGroups) {
                throw new IllegalArgumentException(
                        "group id " + groups[i] + " of example " + i + " is outside 0.."
                                + (numGroups - 1));
            }
            if (labels[i] < 0 || labels[i] >= numLabels) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of example " + i + " is outside 0.."
                                + (numLabels - 1));
            }
        }
    }
}
