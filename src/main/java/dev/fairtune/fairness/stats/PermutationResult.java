package dev.fairtune.fairness.stats;

import dev.fairtune.fairness.Value;
import java.util.List;

/**
 * The result of a permutation test of a metric against "group membership is unrelated to labels
 * and predictions".
 *
 * @param observed the metric on the observed rows
 * @param pValue {@code (1 + k) / (1 + m)}, where m permutations gave a defined metric and k of them
 *     lay at least as far from the ideal value as the observed one (two-sided)
 * @param ideal the value that means no disparity (0 or 1)
 * @param permutations permutations drawn
 * @param undefinedPermutations permutations whose metric was undefined (left out of m)
 * @param seed the random seed
 * @param groupSizes the rows per group, which every permutation keeps
 */
public record PermutationResult(Value observed, Value pValue, double ideal, int permutations,
        int undefinedPermutations, long seed, List<GroupSize> groupSizes) {
}
