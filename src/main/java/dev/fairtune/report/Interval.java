package dev.fairtune.report;

import dev.fairtune.fairness.Value;
import dev.fairtune.fairness.stats.BootstrapInterval;

/**
 * A metric's value and its percentile bootstrap interval (see {@link FairnessReport} for how rows
 * are resampled).
 *
 * @param estimate the value on the observed rows
 * @param lower the (1 - level) / 2 quantile of the defined replicates; undefined as the estimate
 *     when the estimate is undefined, or with the first replicate's reason when no replicate is defined
 * @param upper the (1 + level) / 2 quantile
 * @param level the confidence level, such as 0.95
 * @param replicates replicates drawn
 * @param undefinedReplicates replicates where the metric was undefined (left out of the quantiles)
 */
public record Interval(Value estimate, Value lower, Value upper, double level, int replicates,
        int undefinedReplicates) {

    /** The same interval as the metric package's {@link BootstrapInterval}. */
    public static Interval of(BootstrapInterval b) {
        return new Interval(b.estimate(), b.lower(), b.upper(), b.level(), b.replicates(), b.undefinedReplicates());
    }

    /** "0.123 [0.100, 0.150]"; "undefined (reason)" when the value is undefined. */
    public String format() {
        return Findings.Format.interval(this);
    }

    /** Whether both bounds are defined. */
    public boolean isDefined() {
        return lower.isDefined() && upper.isDefined();
    }
}
