package dev.fairtune.fairness;

import java.util.ArrayList;
import java.util.List;

/**
 * Threshold-free metrics from scores, computed in one sort and one sweep over all rows.
 *
 * <p><b>ROC AUC</b> of a set of positives P and negatives N is the Mann-Whitney statistic
 * {@code sum_{p in P, q in N} w_p w_q [s_p > s_q] + 0.5 [s_p == s_q]} divided by
 * {@code W_P W_N}: the probability that a random positive outscores a random negative, ties
 * counting one half. Range [0, 1]; 0.5 is chance; ideal 1.
 *
 * <p><b>Unintended-bias AUCs</b> (Borkan et al. 2019, "Nuanced Metrics for Measuring Unintended Bias
 * with Real Data for Text Classification"), for group g and its background (all other rows):
 * subgroup AUC uses g's positives and negatives; BPSN AUC the background's positives and g's
 * negatives; BNSP AUC g's positives and the background's negatives. Each is undefined when one of
 * its two sets is empty ({@link Reason#NO_POSITIVE_LABELS}, {@link Reason#NO_NEGATIVE_LABELS},
 * {@link Reason#NO_BACKGROUND_POSITIVES}, {@link Reason#NO_BACKGROUND_NEGATIVES}; {@link Reason#NO_ROWS}
 * for an empty group; {@link Reason#ZERO_WEIGHT} when a set's weights sum to 0). Their power mean
 * over the groups with rows is {@code M_p = (mean_g m_g^p)^(1/p)} with p = -5, and the combined bias
 * score is {@code (AUC_overall + M_p(subgroup) + M_p(BPSN) + M_p(BNSP)) / 4}.
 *
 * <p><b>Calibration error</b> (expected calibration error) of a set of rows: scores in [0, 1] are
 * cut into B equal-width bins (bin {@code min(floor(s B), B - 1)}), and
 * {@code ECE = sum_b (W_b / W) |mean label_b - mean score_b| = sum_b |sum_{i in b} w_i (y_i - s_i)| / W}.
 * Range [0, 1]; ideal 0; undefined with no rows, zero weight, or a score outside [0, 1]
 * ({@link Reason#SCORE_OUT_OF_RANGE}).
 */
public final class ScoreMetrics {
    /** The power-mean exponent of Borkan et al. 2019 (and the Jigsaw unintended-bias challenge). */
    public static final double BORKAN_POWER = -5;
    /** The default number of calibration bins. */
    public static final int DEFAULT_CALIBRATION_BINS = 10;

    private ScoreMetrics() {
    }

    /**
     * All score metrics of observations that have scores, with 10 calibration bins and p = -5 (the
     * rows were validated, and counted, when the observations were built).
     */
    public static ScoreSummary summarize(Observations obs) {
        if (!obs.hasScores()) {
            throw new IllegalArgumentException("the observations have no scores: build them with optScores");
        }
        return summarize(obs.groups(), rowsByLabel(obs.counts()), obs.group(), obs.label(), obs.score(),
                obs.weight(), DEFAULT_CALIBRATION_BINS, BORKAN_POWER);
    }

    /**
     * All score metrics.
     *
     * @param weight sample weights, or null for weight 1
     * @param calibrationBins number of equal-width bins for calibration errors (at least 1)
     * @param power the power-mean exponent (p = 0 gives the geometric mean)
     * @throws IllegalArgumentException naming the row for a bad group id, label, score or weight
     */
    public static ScoreSummary summarize(Groups groups, int[] group, int[] label, double[] score, double[] weight,
            int calibrationBins, double power) {
        if (calibrationBins < 1) {
            throw new IllegalArgumentException("calibrationBins must be at least 1, got " + calibrationBins);
        }
        GroupConfusion counts = new GroupConfusion(groups);
        counts.updateScores(group, label, score, 0.5, weight, 0, group.length);
        return summarize(groups, rowsByLabel(counts), group, label, score, weight, calibrationBins, power);
    }

    /** {@code rows[2 g + y]}: the rows of group g with label y. */
    private static long[] rowsByLabel(GroupConfusion counts) {
        int groups = counts.groups().size();
        long[] rows = new long[groups * 2];
        for (int g = 0; g < groups; g++) {
            rows[2 * g] = counts.count(g, GroupConfusion.TN) + counts.count(g, GroupConfusion.FP);
            rows[2 * g + 1] = counts.count(g, GroupConfusion.TP) + counts.count(g, GroupConfusion.FN);
        }
        return rows;
    }

    /**
     * All score metrics from a histogram of scores instead of rows: entry {@code i} stands for
     * {@code rows[i]} rows of group {@code group[i]} and label {@code label[i]}, all scored
     * {@code score[i]}, whose weights sum to {@code weight[i]}. Entries may repeat a
     * (group, label, score) triple. Every metric here is a sum over rows of terms that depend only on
     * a row's group, label, score and weight, so the summary equals {@link #summarize(Groups, int[],
     * int[], double[], double[], int, double)} of the rows the histogram counts: exactly in real
     * arithmetic, and up to floating-point summation order in doubles (bit for bit when weights are
     * integers and every pair sum stays below 2^53). This is how counts aggregated elsewhere (per
     * partition of a cluster, say) become the same numbers as one pass over the rows.
     *
     * @param rows rows per entry (at least 0)
     * @param weight weight sum per entry (finite, not negative); for unweighted rows, the row count
     * @param calibrationBins number of equal-width bins for calibration errors (at least 1)
     * @param power the power-mean exponent (p = 0 gives the geometric mean)
     * @throws IllegalArgumentException naming the entry for a bad group id, label, score, count or weight
     */
    public static ScoreSummary summarizeHistogram(Groups groups, int[] group, int[] label, double[] score,
            long[] rows, double[] weight, int calibrationBins, double power) {
        if (calibrationBins < 1) {
            throw new IllegalArgumentException("calibrationBins must be at least 1, got " + calibrationBins);
        }
        int n = group.length;
        if (label.length != n || score.length != n || rows.length != n || weight.length != n) {
            throw new IllegalArgumentException("histogram arrays differ in length: groups " + n + ", labels "
                    + label.length + ", scores " + score.length + ", rows " + rows.length + ", weights " + weight.length);
        }
        long[] counts = new long[groups.size() * 2];
        for (int i = 0; i < n; i++) {
            int g = group[i];
            if (g < 0 || g >= groups.size() || (label[i] & ~1) != 0 || Double.isNaN(score[i]) || rows[i] < 0
                    || !(weight[i] >= 0 && weight[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("histogram entry " + i + ": group " + g + ", label " + label[i]
                        + ", score " + score[i] + ", rows " + rows[i] + ", weight " + weight[i]
                        + " (need a group id of " + groups + ", label 0 or 1, a score, rows >= 0, a finite weight >= 0)");
            }
            counts[2 * g + label[i]] += rows[i];
        }
        return summarize(groups, counts, group, label, score, weight, calibrationBins, power);
    }

    /** The summary; {@code rows[2 g + y]} counts the rows of group g with label y, the arrays carry the weights. */
    private static ScoreSummary summarize(Groups groups, long[] rows, int[] group, int[] label, double[] score,
            double[] weight, int calibrationBins, double power) {
        Sweep s = new Sweep(groups.size(), calibrationBins);
        s.run(group, label, score, weight);
        int nGroups = groups.size();
        List<GroupScores> byGroup = new ArrayList<>(nGroups);
        List<Value> sub = new ArrayList<>();
        List<Value> bpsn = new ArrayList<>();
        List<Value> bnsp = new ArrayList<>();
        long posAllCount = 0;
        long negAllCount = 0;
        for (int g = 0; g < nGroups; g++) {
            posAllCount += rows[2 * g + 1];
            negAllCount += rows[2 * g];
        }
        double[] ece = s.calibration();
        for (int g = 0; g < nGroups; g++) {
            String name = groups.name(g);
            long pos = rows[2 * g + 1];
            long neg = rows[2 * g];
            double bgPos = 0;
            double bgNeg = 0;
            for (int h = 0; h < nGroups; h++) {
                if (h != g) {
                    bgPos += s.pos[h];
                    bgNeg += s.neg[h];
                }
            }
            Value auc;
            Value bpsnAuc;
            Value bnspAuc;
            Value cal;
            if (pos + neg == 0) {
                auc = bpsnAuc = bnspAuc = cal = Value.undefined(Reason.NO_ROWS, name);
            } else {
                auc = ratio(s.sub[g], s.pos[g], s.neg[g], pos, Reason.NO_POSITIVE_LABELS, neg,
                        Reason.NO_NEGATIVE_LABELS, name);
                bpsnAuc = ratio(s.posOverNeg[g] - s.sub[g], s.neg[g], bgPos, neg, Reason.NO_NEGATIVE_LABELS,
                        posAllCount - pos, Reason.NO_BACKGROUND_POSITIVES, name);
                bnspAuc = ratio(s.bnsp[g], s.pos[g], bgNeg, pos, Reason.NO_POSITIVE_LABELS, negAllCount - neg,
                        Reason.NO_BACKGROUND_NEGATIVES, name);
                cal = calibrationValue(ece[g], s.pos[g] + s.neg[g], name);
                sub.add(auc);
                bpsn.add(bpsnAuc);
                bnsp.add(bnspAuc);
            }
            byGroup.add(new GroupScores(name, pos + neg, pos, neg, auc, bpsnAuc, bnspAuc, cal));
        }
        double posAll = 0;
        double negAll = 0;
        for (int g = 0; g < nGroups; g++) {
            posAll += s.pos[g];
            negAll += s.neg[g];
        }
        Value overall = posAllCount + negAllCount == 0 ? Value.undefined(Reason.NO_ROWS, "overall")
                : ratio(s.overall, posAll, negAll, posAllCount, Reason.NO_POSITIVE_LABELS, negAllCount,
                        Reason.NO_NEGATIVE_LABELS, "overall");
        Value overallCal = posAllCount + negAllCount == 0 ? Value.undefined(Reason.NO_ROWS, "overall")
                : calibrationValue(ece[nGroups], posAll + negAll, "overall");
        Value mSub = powerMean(sub, power);
        Value mBpsn = powerMean(bpsn, power);
        Value mBnsp = powerMean(bnsp, power);
        Value bias = overall;
        for (Value v : List.of(mSub, mBpsn, mBnsp)) {
            if (bias.isDefined() && !v.isDefined()) {
                bias = v;
            }
        }
        if (bias.isDefined()) {
            bias = Value.of((overall.value() + mSub.value() + mBpsn.value() + mBnsp.value()) / 4);
        }
        return new ScoreSummary(overall, overallCal, List.copyOf(byGroup), mSub, mBpsn, mBnsp, bias, power,
                calibrationBins);
    }

    /** ROC AUC of all rows (ties count one half). */
    public static Value auc(int[] label, double[] score, double[] weight) {
        int[] group = new int[label.length];
        return summarize(Groups.of("all"), group, label, score, weight, 1, BORKAN_POWER).overallAuc();
    }

    /**
     * The power mean {@code (mean m^p)^(1/p)} of defined values (p = 0: geometric mean); the first
     * undefined value if there is one; {@link Reason#NO_ROWS} for an empty list. With p &lt; 0 a value
     * of 0 makes the mean 0.
     */
    public static Value powerMean(List<Value> values, double p) {
        if (values.isEmpty()) {
            return Value.undefined(Reason.NO_ROWS, null);
        }
        double sum = 0;
        for (Value v : values) {
            if (!v.isDefined()) {
                return v;
            }
            sum += p == 0 ? Math.log(v.value()) : Math.pow(v.value(), p);
        }
        double mean = sum / values.size();
        return Value.of(p == 0 ? Math.exp(mean) : Math.pow(mean, 1 / p));
    }

    private static Value ratio(double num, double wa, double wb, long ca, Reason emptyA, long cb, Reason emptyB,
            String name) {
        if (ca == 0) {
            return Value.undefined(emptyA, name);
        }
        if (cb == 0) {
            return Value.undefined(emptyB, name);
        }
        if (wa <= 0 || wb <= 0) {
            return Value.undefined(Reason.ZERO_WEIGHT, name);
        }
        return Value.of(num / (wa * wb));
    }

    private static Value calibrationValue(double ece, double weight, String name) {
        if (Double.isNaN(ece)) {
            return Value.undefined(Reason.SCORE_OUT_OF_RANGE, name);
        }
        if (weight <= 0) {
            return Value.undefined(Reason.ZERO_WEIGHT, name);
        }
        return Value.of(ece / weight);
    }

    /**
     * The Mann-Whitney pair sums of every group, in one ascending sweep over the sorted scores, and
     * the calibration sums, in the pass over the rows that prepares the sort.
     */
    private static final class Sweep {
        final double[] pos;
        final double[] neg;
        /** Pairs (positive in g, negative in g), positive above, ties one half. */
        final double[] sub;
        /** Pairs (positive in g, negative outside g). */
        final double[] bnsp;
        /** Pairs (any positive, negative in g). */
        final double[] posOverNeg;
        double overall;
        private final int bins;
        /** {@code sum w (y - s)} per group (and, at group index {@code groups}, overall) and bin. */
        private final double[] binDiff;
        /** Whether the group (or, at the last index, any row) has a score outside [0, 1]. */
        private final boolean[] outside;

        Sweep(int groups, int bins) {
            pos = new double[groups];
            neg = new double[groups];
            sub = new double[groups];
            bnsp = new double[groups];
            posOverNeg = new double[groups];
            this.bins = bins;
            binDiff = new double[(groups + 1) * bins];
            outside = new boolean[groups + 1];
        }

        /**
         * Per group (and, at index {@code groups}, overall) the sum over bins of
         * {@code |sum w (y - s)|}; NaN where a score lies outside [0, 1].
         */
        double[] calibration() {
            int groups = pos.length;
            double[] out = new double[groups + 1];
            for (int g = 0; g <= groups; g++) {
                double sum = 0;
                for (int b = 0; b < bins; b++) {
                    sum += Math.abs(binDiff[g * bins + b]);
                }
                out[g] = outside[g] ? Double.NaN : sum;
            }
            return out;
        }

        void run(int[] group, int[] label, double[] score, double[] weight) {
            int n = group.length;
            int overallRow = pos.length;
            double posAll = 0;
            // Unweighted rows carry (group, label) through the sort, so the sweep reads memory in
            // order; weighted rows carry their index.
            int[] payload = new int[n];
            for (int i = 0; i < n; i++) {
                double w = weight == null ? 1 : weight[i];
                int g = group[i];
                int y = label[i];
                if (y == 1) {
                    pos[g] += w;
                    posAll += w;
                } else {
                    neg[g] += w;
                }
                double s = score[i];
                if (s >= 0 && s <= 1) {
                    int b = Math.min((int) (s * bins), bins - 1);
                    double d = w * (y - s);
                    binDiff[g * bins + b] += d;
                    binDiff[overallRow * bins + b] += d;
                } else {
                    outside[g] = true;
                    outside[overallRow] = true;
                }
                payload[i] = weight == null ? (g << 1) | y : i;
            }
            ScoreOrder order = ScoreOrder.of(score, payload);
            long[] keys = order.keys;
            int[] rows = order.payload;
            double[] negBelow = new double[pos.length];
            double[] blockNeg = new double[pos.length];
            double negBelowAll = 0;
            double posBelowAll = 0;
            int i = 0;
            while (i < n) {
                int j = i;
                double blockNegAll = 0;
                double blockPosAll = 0;
                while (j < n && keys[j] == keys[i]) {
                    int r = rows[j];
                    int g = weight == null ? r >>> 1 : group[r];
                    boolean positive = weight == null ? (r & 1) == 1 : label[r] == 1;
                    double w = weight == null ? 1 : weight[r];
                    if (positive) {
                        blockPosAll += w;
                    } else {
                        blockNegAll += w;
                        blockNeg[g] += w;
                    }
                    j++;
                }
                double posAbove = posAll - posBelowAll - blockPosAll + 0.5 * blockPosAll;
                double all = negBelowAll + 0.5 * blockNegAll;
                for (int k = i; k < j; k++) {
                    int r = rows[k];
                    int g = weight == null ? r >>> 1 : group[r];
                    boolean positive = weight == null ? (r & 1) == 1 : label[r] == 1;
                    double w = weight == null ? 1 : weight[r];
                    if (positive) {
                        double inGroup = negBelow[g] + 0.5 * blockNeg[g];
                        sub[g] += w * inGroup;
                        bnsp[g] += w * (all - inGroup);
                        overall += w * all;
                    } else {
                        posOverNeg[g] += w * posAbove;
                    }
                }
                for (int k = i; k < j; k++) {
                    int r = rows[k];
                    boolean positive = weight == null ? (r & 1) == 1 : label[r] == 1;
                    if (!positive) {
                        int g = weight == null ? r >>> 1 : group[r];
                        negBelow[g] += weight == null ? 1 : weight[r];
                        blockNeg[g] = 0;
                    }
                }
                negBelowAll += blockNegAll;
                posBelowAll += blockPosAll;
                i = j;
            }
        }
    }
}
