package dev.fairtune.fairness.stats;

import dev.fairtune.fairness.Value;
import java.util.List;

/**
 * A percentile bootstrap confidence interval.
 *
 * @param estimate the metric on the observed rows
 * @param lower the lower bound (the (1 - level) / 2 quantile of the defined replicates)
 * @param upper the upper bound (the (1 + level) / 2 quantile)
 * @param level the confidence level, such as 0.95
 * @param replicates the number of bootstrap replicates drawn
 * @param undefinedReplicates replicates whose metric was undefined (left out of the quantiles;
 *     many of them mean the interval describes only resamples where the metric exists)
 * @param seed the seed of the random generator
 * @param groupSizes the rows per group, which every replicate keeps
 */
public record BootstrapInterval(Value estimate, Value lower, Value upper, double level, int replicates,
        int undefinedReplicates, long seed, List<GroupSize> groupSizes) {
}
