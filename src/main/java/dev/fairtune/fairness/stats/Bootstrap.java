package dev.fairtune.fairness.stats;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.CountMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Value;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Percentile bootstrap confidence intervals stratified by group: each replicate draws, within every
 * group, as many rows as the group has, with replacement (rows keep their label, prediction and
 * weight), and recomputes the metric. Keeping group sizes fixed matches how fairness data are
 * collected per group and keeps small groups in every replicate. Quantiles use Commons Math's
 * {@link Percentile} with the R-7 (linear interpolation) definition; the generator is
 * {@link Well19937c} seeded by the caller, so results repeat exactly.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /**
     * A confidence interval for a count metric.
     *
     * @param metric for example {@code FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.asCountMetric()},
     *     {@code FairnessMetric.AVERAGE_ODDS_DIFFERENCE.versus(g, ref)} or {@code CountMetric.rate(Rate.TPR, g)}
     * @param replicates the number of replicates (at least 1; 1000 to 10000 is usual)
     * @param level the confidence level, in (0, 1)
     * @param seed the random seed
     * @throws IllegalArgumentException for a bad number of replicates or level
     */
    public static BootstrapInterval interval(Observations obs, CountMetric metric, int replicates, double level,
            long seed) {
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be at least 1, got " + replicates);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
        }
        Value estimate = metric.compute(obs.counts());
        RowIndex index = new RowIndex(obs);
        RandomGenerator rng = new Well19937c(seed);
        int[] label = obs.label();
        int[] pred = obs.prediction();
        double[] weight = obs.weight();
        GroupConfusion c = new GroupConfusion(obs.groups());
        double[] values = new double[replicates];
        int defined = 0;
        Value firstUndefined = null;
        for (int b = 0; b < replicates; b++) {
            c.reset();
            for (int g = 0; g < index.rows.length; g++) {
                int[] rows = index.rows[g];
                for (int k = 0; k < rows.length; k++) {
                    int i = rows[rng.nextInt(rows.length)];
                    c.add(g, label[i], pred[i], weight == null ? 1 : weight[i]);
                }
            }
            Value v = metric.compute(c);
            if (v.isDefined()) {
                values[defined++] = v.value();
            } else if (firstUndefined == null) {
                firstUndefined = v;
            }
        }
        Value lower;
        Value upper;
        if (!estimate.isDefined()) {
            lower = upper = estimate;
        } else if (defined == 0) {
            lower = upper = firstUndefined;
        } else {
            Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
            p.setData(values, 0, defined);
            lower = Value.of(p.evaluate(100 * (1 - level) / 2));
            upper = Value.of(p.evaluate(100 * (1 + level) / 2));
        }
        return new BootstrapInterval(estimate, lower, upper, level, replicates, replicates - defined, seed,
                RowIndex.sizes(obs));
    }
}
