package dev.fairtune.fairness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Group confusion counts at each of several thresholds, from one pass over scored rows: a row is
 * predicted positive at threshold t when {@code score >= t}. Any rate or named metric can then be
 * read at every threshold, as in a per-group ROC or a fairness-accuracy trade-off curve.
 *
 * <p>Cost: one binary search per row, then a prefix sum per threshold; O(n log k + groups k).
 */
public final class ThresholdSweep {
    private final double[] thresholds;
    private final List<GroupConfusion> counts;

    private ThresholdSweep(double[] thresholds, List<GroupConfusion> counts) {
        this.thresholds = thresholds;
        this.counts = counts;
    }

    /**
     * Counts at each threshold.
     *
     * @param weight sample weights, or null for weight 1
     * @param thresholds distinct, not NaN, any order (they are sorted ascending)
     * @throws IllegalArgumentException for repeated or NaN thresholds, or naming the row of a bad value
     */
    public static ThresholdSweep of(Groups groups, int[] group, int[] label, double[] score, double[] weight,
            double... thresholds) {
        if (thresholds.length == 0) {
            throw new IllegalArgumentException("give at least one threshold");
        }
        double[] t = thresholds.clone();
        Arrays.sort(t);
        for (int j = 0; j < t.length; j++) {
            if (Double.isNaN(t[j]) || (j > 0 && t[j] == t[j - 1])) {
                throw new IllegalArgumentException("thresholds must be distinct and not NaN: " + Arrays.toString(thresholds));
            }
        }
        // Validates every row (group id, label, score, weight) before the sweep.
        new GroupConfusion(groups).updateScores(group, label, score, t[0], weight, 0, group.length);
        int k = t.length;
        int slots = k + 1;
        long[] h = new long[groups.size() * 2 * slots];
        double[] hw = new double[h.length];
        for (int i = 0; i < group.length; i++) {
            int pos = Arrays.binarySearch(t, score[i] + 0.0);
            int above = pos >= 0 ? pos + 1 : -(pos + 1);
            int idx = (group[i] * 2 + label[i]) * slots + above;
            h[idx]++;
            hw[idx] += weight == null ? 1 : weight[i];
        }
        List<GroupConfusion> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            GroupConfusion c = new GroupConfusion(groups);
            for (int g = 0; g < groups.size(); g++) {
                for (int y = 0; y < 2; y++) {
                    int base = (g * 2 + y) * slots;
                    long predPos = 0;
                    double predPosW = 0;
                    long predNeg = 0;
                    double predNegW = 0;
                    for (int a = 0; a < slots; a++) {
                        // A row with `a` thresholds at or below its score is positive at threshold j iff a > j.
                        if (a > j) {
                            predPos += h[base + a];
                            predPosW += hw[base + a];
                        } else {
                            predNeg += h[base + a];
                            predNegW += hw[base + a];
                        }
                    }
                    c.addCell(g, y * 2 + 1, predPos, predPosW);
                    c.addCell(g, y * 2, predNeg, predNegW);
                }
            }
            out.add(c);
        }
        return new ThresholdSweep(t, List.copyOf(out));
    }

    /** The thresholds, ascending. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** The counts at the j-th threshold (ascending order); a copy, safe to change. */
    public GroupConfusion counts(int j) {
        return counts.get(j).copy();
    }

    /** A group's rate at every threshold, in ascending threshold order. */
    public List<Value> rate(Rate rate, int group) {
        List<Value> out = new ArrayList<>(thresholds.length);
        for (GroupConfusion c : counts) {
            out.add(rate.of(c.group(group)));
        }
        return out;
    }

    /** Any count metric at every threshold, in ascending threshold order. */
    public List<Value> metric(CountMetric metric) {
        List<Value> out = new ArrayList<>(thresholds.length);
        for (GroupConfusion c : counts) {
            out.add(metric.compute(c));
        }
        return out;
    }
}
