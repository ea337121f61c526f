package dev.fairtune.report;

import dev.fairtune.fairness.CountMetric;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Groups;

/**
 * The fairness metric a report puts first: on the epoch curves, the fairness-accuracy chart and the
 * threshold sweep.
 *
 * @param metric the named metric
 * @param group for a signed metric ({@link FairnessMetric#needsReference()}), the group compared
 *     with the report's reference group; null for an across-groups or all-rows metric
 */
public record HeadlineMetric(FairnessMetric metric, String group) {
    /** Checks that a group is given exactly when the metric needs one. */
    public HeadlineMetric {
        if (metric == null) {
            throw new IllegalArgumentException("the headline metric is required");
        }
        if (metric.needsReference() && group == null) {
            throw new IllegalArgumentException(metric + " compares a group with the reference: name the group");
        }
        if (!metric.needsReference() && group != null) {
            throw new IllegalArgumentException(metric + " is measured across all groups: give no group");
        }
    }

    /** An across-groups (or all-rows) metric. */
    public static HeadlineMetric of(FairnessMetric metric) {
        return new HeadlineMetric(metric, null);
    }

    /**
     * The metric as a function of counts over these groups.
     *
     * @throws IllegalArgumentException if the group or the reference is not one of the groups
     */
    public CountMetric countMetric(Groups groups, String reference) {
        if (!metric.needsReference()) {
            return metric.asCountMetric();
        }
        if (reference == null) {
            throw new IllegalArgumentException(metric + " needs a reference group");
        }
        return metric.versus(groups.id(group), groups.id(reference));
    }

    /** A short label such as "EQUALIZED_ODDS_DIFFERENCE" or "AVERAGE_ODDS_DIFFERENCE (present vs absent)". */
    public String label(String reference) {
        return group == null ? metric.name() : metric.name() + " (" + group + " vs " + reference + ")";
    }
}
