package dev.fairtune.fairness.stats;

import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Value;

/**
 * A test of whether a rate differs between two groups.
 *
 * @param rate the rate, a proportion of rows
 * @param group the compared group
 * @param reference the reference group
 * @param groupSuccesses rows of the group in the rate's numerator (such as TP for TPR)
 * @param groupTrials rows of the group in the rate's denominator (such as TP + FN)
 * @param referenceSuccesses the same for the reference
 * @param referenceTrials the same for the reference
 * @param difference {@code groupSuccesses / groupTrials - referenceSuccesses / referenceTrials} (unweighted)
 * @param method the test that gave the p-value
 * @param z the pooled two-proportion z statistic, reported for both methods; undefined when a
 *     group has no trials or the pooled proportion is 0 or 1 ({@link dev.fairtune.fairness.Reason#ZERO_VARIANCE})
 * @param pValue the two-sided p-value of {@code method}
 */
public record RateGapResult(Rate rate, String group, String reference, long groupSuccesses, long groupTrials,
        long referenceSuccesses, long referenceTrials, Value difference, RateGapTest.Method method, Value z,
        Value pValue) {
}
