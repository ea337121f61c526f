package dev.fairtune.job;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.report.ReportInput;
import java.util.Objects;

/**
 * How a {@link FineTuneJob}'s report is measured: the headline metric (which the trainer also
 * monitors), the bootstrap and the minimum group size.
 *
 * @param headline the metric shown first and monitored during training
 * @param replicates bootstrap replicates per interval
 * @param level the intervals' confidence level
 * @param minGroupSize groups with fewer test rows are flagged
 */
public record ReportSettings(MetricSpec headline, int replicates, double level, int minGroupSize) {

    /** Checks the values (with the report's own rules, so that a bad value fails before training). */
    public ReportSettings {
        Objects.requireNonNull(headline, "headline");
        if (replicates < 1 || replicates > 100_000) {
            throw new IllegalArgumentException("bootstrap replicates must lie in [1, 100000], got " + replicates);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the confidence level must lie strictly between 0 and 1, got " + level);
        }
        if (minGroupSize < 0) {
            throw new IllegalArgumentException("the minimum group size must not be negative, got " + minGroupSize);
        }
    }

    /** Groups with fewer rows than this are flagged unless a job is told otherwise. */
    public static final int DEFAULT_MIN_GROUP_SIZE = 30;

    /** The equalized odds difference, 1,000 replicates, 95% intervals, groups under 30 rows flagged. */
    public static ReportSettings defaults() {
        return new ReportSettings(MetricSpec.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE), 1000, 0.95,
                DEFAULT_MIN_GROUP_SIZE);
    }

    /** Sets the headline, bootstrap and minimum group size of a report. */
    public ReportInput.Builder applyTo(ReportInput.Builder b) {
        return b.optHeadline(headline).optBootstrap(replicates, level).optMinGroupSize(minGroupSize);
    }
}
