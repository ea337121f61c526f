package dev.fairtune.fairness;

import java.util.Arrays;

/**
 * Counterfactual fairness of scores: how much a model's score moves when only the identity terms of
 * a text change. Each pair holds the score {@code s} of an original text {@code x} and the score
 * {@code s'} of its counterfactual twin {@code x'} (the same text with identity terms swapped, as
 * {@code dev.fairtune.data.identity.CounterfactualRewriter} makes it), and the group of {@code x}.
 * With weights {@code w} (1 when absent) over the pairs P of a group, or of all groups:
 *
 * <ul>
 *   <li>{@link Statistic#MEAN_ABSOLUTE_DIFFERENCE}: {@code sum_P w |s - s'| / sum_P w}. Unsigned;
 *       range [0, 1] for probabilities; ideal 0.
 *   <li>{@link Statistic#MEAN_DIFFERENCE}: {@code sum_P w (s - s') / sum_P w}. Signed: positive when
 *       the originals score higher than their twins; range [-1, 1] for probabilities; ideal 0.
 *       Differences of opposite sign cancel, so read it beside the absolute difference.
 *   <li>{@link Statistic#FLIP_RATE}: {@code sum_P w [(s >= t) != (s' >= t)] / sum_P w}, the share of
 *       decisions at threshold {@code t} that change. Range [0, 1]; ideal 0.
 * </ul>
 *
 * Every statistic is NaN with {@link Reason#NO_ROWS} when there are no pairs, and with
 * {@link Reason#ZERO_WEIGHT} when their weights sum to 0. Pass only pairs whose text changed: an
 * unchanged pair adds a zero difference and dilutes the statistics.
 *
 * <p>A mergeable accumulator: per-batch accumulators merged together equal the accumulator of all
 * pairs (counts exactly, sums up to floating-point summation order). An {@code update} that meets a
 * bad pair throws before changing anything. Not thread-safe.
 */
public final class CounterfactualFairness {
    /** A statistic of score pairs; see the class comment for the formulas. */
    public enum Statistic implements Criterion, Definition.Defined {
        /** Mean |s - s'|; ideal 0. */
        MEAN_ABSOLUTE_DIFFERENCE("mean over pairs of |s(x) - s(x')|",
                "x' is x with its identity terms swapped; larger means identity terms move the score more", "[0, 1]"),
        /** Mean s - s' (original minus counterfactual); ideal 0. */
        MEAN_DIFFERENCE("mean over pairs of s(x) - s(x')", "positive means the original texts score higher than their twins",
                "[-1, 1]"),
        /** Share of pairs whose decision at the threshold differs; ideal 0. */
        FLIP_RATE("share of pairs with [s(x) >= t] != [s(x') >= t], t the decision threshold",
                "larger means more decisions change with identity terms alone", "[0, 1]");

        private final String formula;
        private final String sign;
        private final String range;

        Statistic(String formula, String sign, String range) {
            this.formula = formula;
            this.sign = sign;
            this.range = range;
        }

        @Override
        public Definition definition() {
            return new Definition(name(), formula, sign, 0.0, range);
        }
    }

    /** Offsets of the three sums of a group, in {@link Statistic} order. */
    private static final int ABS = Statistic.MEAN_ABSOLUTE_DIFFERENCE.ordinal();
    private static final int DIFF = Statistic.MEAN_DIFFERENCE.ordinal();
    private static final int FLIP = Statistic.FLIP_RATE.ordinal();

    private final Groups groups;
    private final double threshold;
    private final long[] pairs;
    private final long[] flips;
    private final double[] weight;
    /** Per group, the weighted sums of |s - s'|, s - s' and flips, at {@code g * 3 + ABS/DIFF/FLIP}. */
    private final double[] sums;

    /**
     * An empty accumulator.
     *
     * @param threshold a score at or above it is a positive decision
     * @throws IllegalArgumentException if the threshold is NaN
     */
    public CounterfactualFairness(Groups groups, double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold is NaN");
        }
        this.groups = groups;
        this.threshold = threshold;
        this.pairs = new long[groups.size()];
        this.flips = new long[groups.size()];
        this.weight = new double[groups.size()];
        this.sums = new double[groups.size() * 3];
    }

    /** The statistics of all pairs, unweighted, in one pass. */
    public static CounterfactualFairness of(Groups groups, int[] group, double[] score, double[] twinScore,
            double threshold) {
        CounterfactualFairness c = new CounterfactualFairness(groups, threshold);
        c.update(group, score, twinScore, null, 0, group.length);
        return c;
    }

    /**
     * Statistics from per-group sums made elsewhere (a cluster's grouped aggregation, say): group g
     * has {@code pairs[g]} pairs of total weight {@code weight[g]}, {@code flips[g]} of them flipping
     * at the threshold, and weighted sums {@code sums[3 g + k]} of |s - s'|, s - s' and flips, k in
     * {@link Statistic} order. Equal to {@link #update} over the same pairs, up to the order of the
     * floating-point sums.
     *
     * @throws IllegalArgumentException when a length does not fit the groups, a count is negative,
     *     or a weight is negative or not finite
     */
    public static CounterfactualFairness ofSums(Groups groups, double threshold, long[] pairs, long[] flips,
            double[] weight, double[] sums) {
        CounterfactualFairness c = new CounterfactualFairness(groups, threshold);
        int n = groups.size();
        if (pairs.length != n || flips.length != n || weight.length != n || sums.length != 3 * n) {
            throw new IllegalArgumentException("need " + n + " pair counts, flip counts and weights and " + 3 * n
                    + " sums for the groups " + groups);
        }
        for (int g = 0; g < n; g++) {
            if (pairs[g] < 0 || flips[g] < 0 || flips[g] > pairs[g] || !(weight[g] >= 0 && weight[g] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("group " + groups.name(g) + ": " + pairs[g] + " pairs, " + flips[g]
                        + " flips, weight " + weight[g] + " (need 0 <= flips <= pairs and a finite weight >= 0)");
            }
        }
        System.arraycopy(pairs, 0, c.pairs, 0, n);
        System.arraycopy(flips, 0, c.flips, 0, n);
        System.arraycopy(weight, 0, c.weight, 0, n);
        System.arraycopy(sums, 0, c.sums, 0, 3 * n);
        return c;
    }

    /** The groups the pairs are indexed by. */
    public Groups groups() {
        return groups;
    }

    /** The decision threshold of the flip rate. */
    public double threshold() {
        return threshold;
    }

    /**
     * Adds pairs {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param group the group id of each original text
     * @param score the score of each original text
     * @param twinScore the score of each counterfactual twin
     * @param w pair weights (finite, not negative), or null for weight 1
     * @throws IllegalArgumentException naming the pair for a group id out of range, a NaN score or a
     *     bad weight, or when the arrays are shorter than {@code to}; nothing is added then
     */
    public void update(int[] group, double[] score, double[] twinScore, double[] w, int from, int to) {
        if (from < 0 || from > to || to > group.length || to > score.length || to > twinScore.length
                || (w != null && to > w.length)) {
            throw new IllegalArgumentException("rows " + from + ".." + to + " do not fit arrays of lengths "
                    + group.length + ", " + score.length + ", " + twinScore.length
                    + (w == null ? "" : ", " + w.length));
        }
        for (int i = from; i < to; i++) {
            if (group[i] < 0 || group[i] >= groups.size()) {
                throw new IllegalArgumentException("pair " + i + ": group id " + group[i] + " is not in [0, "
                        + groups.size() + ")");
            }
            if (Double.isNaN(score[i]) || Double.isNaN(twinScore[i])) {
                throw new IllegalArgumentException("pair " + i + ": score is NaN");
            }
            if (w != null && !(w[i] >= 0 && w[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("pair " + i + ": weight " + w[i] + " is not finite and >= 0");
            }
        }
        for (int i = from; i < to; i++) {
            int g = group[i];
            double wi = w == null ? 1 : w[i];
            double d = score[i] - twinScore[i];
            boolean flip = (score[i] >= threshold) != (twinScore[i] >= threshold);
            pairs[g]++;
            weight[g] += wi;
            sums[g * 3 + ABS] += wi * Math.abs(d);
            sums[g * 3 + DIFF] += wi * d;
            if (flip) {
                flips[g]++;
                sums[g * 3 + FLIP] += wi;
            }
        }
    }

    /**
     * Adds another accumulator's pairs.
     *
     * @throws IllegalArgumentException if its groups or threshold differ
     */
    public void merge(CounterfactualFairness other) {
        if (!other.groups.equals(groups) || Double.compare(other.threshold, threshold) != 0) {
            throw new IllegalArgumentException("can only merge statistics of the same groups and threshold: "
                    + groups + " at " + threshold + " and " + other.groups + " at " + other.threshold);
        }
        for (int g = 0; g < pairs.length; g++) {
            pairs[g] += other.pairs[g];
            flips[g] += other.flips[g];
            weight[g] += other.weight[g];
        }
        for (int k = 0; k < sums.length; k++) {
            sums[k] += other.sums[k];
        }
    }

    /** An independent copy. */
    public CounterfactualFairness copy() {
        CounterfactualFairness c = new CounterfactualFairness(groups, threshold);
        c.merge(this);
        return c;
    }

    /** Forgets every pair. */
    public void reset() {
        Arrays.fill(pairs, 0);
        Arrays.fill(flips, 0);
        Arrays.fill(weight, 0);
        Arrays.fill(sums, 0);
    }

    /** Pairs of all groups. */
    public long pairs() {
        return Arrays.stream(pairs).sum();
    }

    /** Pairs of one group. */
    public long pairs(int group) {
        return pairs[group];
    }

    /** Pairs whose decision flips, all groups. */
    public long flips() {
        return Arrays.stream(flips).sum();
    }

    /** Pairs whose decision flips in one group. */
    public long flips(int group) {
        return flips[group];
    }

    /** A statistic of all pairs; NaN with a reason ("overall") when there are none. */
    public Value get(Statistic statistic) {
        long n = 0;
        double w = 0;
        double s = 0;
        for (int g = 0; g < pairs.length; g++) {
            n += pairs[g];
            w += weight[g];
            s += sums[g * 3 + statistic.ordinal()];
        }
        return value(n, w, s, "overall");
    }

    /** A statistic of one group's pairs; NaN with a reason naming the group when it has none. */
    public Value get(Statistic statistic, int group) {
        return value(pairs[group], weight[group], sums[group * 3 + statistic.ordinal()], groups.name(group));
    }

    private static Value value(long n, double w, double sum, String where) {
        if (n == 0) {
            return Value.undefined(Reason.NO_ROWS, where);
        }
        if (w == 0) {
            return Value.undefined(Reason.ZERO_WEIGHT, where);
        }
        return Value.of(sum / w);
    }

    @Override
    public String toString() {
        return "CounterfactualFairness[" + pairs() + " pairs, threshold " + threshold + ", flip rate "
                + get(Statistic.FLIP_RATE) + "]";
    }
}
