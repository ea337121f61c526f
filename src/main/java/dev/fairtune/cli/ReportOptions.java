package dev.fairtune.cli;

import dev.fairtune.fairness.GroupPolicy;
import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.job.ReportSettings;
import picocli.CommandLine.Option;

/** Options of the report a command writes: the headline metric and the bootstrap. */
final class ReportOptions {
    @Option(names = "--headline", paramLabel = "METRIC", defaultValue = "EQUALIZED_ODDS_DIFFERENCE",
            description = "The fairness metric shown first (default: ${DEFAULT-VALUE}); one of ${COMPLETION-CANDIDATES}.")
    FairnessMetric headline;

    @Option(names = "--headline-group", paramLabel = "GROUP",
            description = "For a signed headline metric (group minus reference): the group compared with --reference.")
    String headlineGroup;

    @Option(names = "--replicates", paramLabel = "N", defaultValue = "1000",
            description = "Bootstrap replicates per interval (default: ${DEFAULT-VALUE}).")
    int replicates;

    @Option(names = "--level", paramLabel = "L", defaultValue = "0.95",
            description = "Confidence level of the intervals (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--min-group-size", paramLabel = "N", defaultValue = "30",
            description = "Flag groups with fewer test rows (default: ${DEFAULT-VALUE}); with --group-policy OMIT, "
                    + "leave them out.")
    int minGroupSize;

    @Option(names = "--group-policy", paramLabel = "POLICY", defaultValue = "STRICT",
            description = "What every fairness metric (the report's, the training monitor's, a --target's) does with "
                    + "a group it cannot measure: STRICT, the metric is undefined with the group's reason; OMIT, groups "
                    + "below --min-group-size or where the metric is undefined are left out and named (default: "
                    + "${DEFAULT-VALUE}).")
    GroupPolicy.Kind groupPolicy;

    /** The headline metric. */
    MetricSpec headline() {
        if (headline.needsReference() && headlineGroup == null) {
            throw new IllegalArgumentException("--headline " + headline + " compares one group with the reference: "
                    + "give --headline-group GROUP (and --reference)");
        }
        if (!headline.needsReference() && headlineGroup != null) {
            throw new IllegalArgumentException("--headline " + headline + " is measured across all groups: "
                    + "drop --headline-group");
        }
        return new MetricSpec(headline, headlineGroup, policy());
    }

    /** The group policy of every fairness metric. */
    GroupPolicy policy() {
        if (minGroupSize < 0) {
            throw new IllegalArgumentException("--min-group-size must not be negative, got " + minGroupSize);
        }
        return groupPolicy == GroupPolicy.Kind.OMIT ? GroupPolicy.omitBelow(minGroupSize) : GroupPolicy.STRICT;
    }

    /** The report's settings. */
    ReportSettings settings() {
        if (replicates < 1 || replicates > 100_000) {
            throw new IllegalArgumentException("--replicates must lie in [1, 100000], got " + replicates);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("--level must lie strictly between 0 and 1, got " + level);
        }
        if (minGroupSize < 0) {
            throw new IllegalArgumentException("--min-group-size must not be negative, got " + minGroupSize);
        }
        return new ReportSettings(headline(), replicates, level, minGroupSize);
    }
}
