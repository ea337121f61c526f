package dev.fairtune.fairness.stats;

import dev.fairtune.fairness.MetricValue;
import dev.fairtune.fairness.Value;

/**
 * A bootstrap interval of one named metric value of a frame.
 *
 * @param estimate the metric (and its group and reference) on the observed rows
 * @param lower the lower bound
 * @param upper the upper bound
 * @param undefinedReplicates replicates where the metric was undefined (left out of the quantiles)
 */
public record MetricInterval(MetricValue estimate, Value lower, Value upper, int undefinedReplicates) {
}
