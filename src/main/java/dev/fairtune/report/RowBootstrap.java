package dev.fairtune.report;

import dev.fairtune.fairness.Value;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Percentile bootstrap of many statistics over the same replicates. Each replicate draws, within
 * every group in id order, as many rows as the group has, with replacement, from a {@link Well19937c}
 * generator seeded by the caller: the scheme of {@link dev.fairtune.fairness.stats.Bootstrap}, draw
 * for draw, so a count metric gets exactly that class's interval (a test checks it) while score and
 * counterfactual statistics, which are not functions of counts, share the same replicates. Bounds
 * are R-7 quantiles of the defined replicates, as there.
 */
final class RowBootstrap {
    /** Computes every statistic on the rows of one replicate. */
    @FunctionalInterface
    interface Statistics {
        /**
         * @param rows the replicate's row indices (a row may repeat), grouped by group in id order
         * @param out one slot per statistic, to be filled
         */
        void compute(int[] rows, Value[] out);
    }

    private final int[][] rows;
    private final int total;

    /**
     * @param group each row's group id
     * @param groups the number of groups
     */
    RowBootstrap(int[] group, int groups) {
        int[] size = new int[groups];
        for (int g : group) {
            size[g]++;
        }
        rows = new int[groups][];
        for (int g = 0; g < groups; g++) {
            rows[g] = new int[size[g]];
        }
        int[] fill = new int[groups];
        for (int i = 0; i < group.length; i++) {
            rows[group[i]][fill[group[i]]++] = i;
        }
        total = group.length;
    }

    /**
     * One interval per statistic.
     *
     * @param estimates each statistic on the observed rows
     */
    List<Interval> intervals(Value[] estimates, Statistics statistics, int replicates, double level, long seed) {
        int k = estimates.length;
        double[][] values = new double[k][replicates];
        int[] defined = new int[k];
        Value[] firstUndefined = new Value[k];
        RandomGenerator rng = new Well19937c(seed);
        int[] sample = new int[total];
        Value[] out = new Value[k];
        for (int b = 0; b < replicates; b++) {
            int at = 0;
            for (int[] r : rows) {
                for (int j = 0; j < r.length; j++) {
                    sample[at++] = r[rng.nextInt(r.length)];
                }
            }
            statistics.compute(sample, out);
            for (int s = 0; s < k; s++) {
                if (out[s].isDefined()) {
                    values[s][defined[s]++] = out[s].value();
                } else if (firstUndefined[s] == null) {
                    firstUndefined[s] = out[s];
                }
            }
        }
        List<Interval> result = new ArrayList<>(k);
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        for (int s = 0; s < k; s++) {
            Value lower;
            Value upper;
            if (!estimates[s].isDefined()) {
                lower = upper = estimates[s];
            } else if (defined[s] == 0) {
                lower = upper = firstUndefined[s];
            } else {
                p.setData(values[s], 0, defined[s]);
                lower = Value.of(p.evaluate(100 * (1 - level) / 2));
                upper = Value.of(p.evaluate(100 * (1 + level) / 2));
            }
            result.add(new Interval(estimates[s], lower, upper, level, replicates, replicates - defined[s]));
        }
        return result;
    }
}
