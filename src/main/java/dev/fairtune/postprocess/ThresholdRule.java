package dev.fairtune.postprocess;

import java.util.List;

/**
 * One group's decision rule: a mixture of thresholds. A row of this group with score s is
 * predicted positive with probability
 *
 * <pre>  P(positive | s) = sum_k p_k [s &gt;= t_k]</pre>
 *
 * with thresholds t_k (descending) and probabilities p_k summing to 1; {@code +Infinity} is "never
 * positive", {@code -Infinity} "always positive". A deterministic threshold is one component with
 * p = 1. P(positive | s) is non-decreasing in s.
 *
 * @param group the group's name
 * @param thresholds the thresholds, descending
 * @param probabilities each threshold's probability, summing to 1
 * @param fittedTpr the rule's (expected) true positive rate on the fitting data
 * @param fittedFpr the rule's (expected) false positive rate on the fitting data
 */
public record ThresholdRule(String group, List<Double> thresholds, List<Double> probabilities, double fittedTpr,
        double fittedFpr) {

    /** Checks that there is at least one threshold, thresholds descend and probabilities sum to 1. */
    public ThresholdRule {
        thresholds = List.copyOf(thresholds);
        probabilities = List.copyOf(probabilities);
        if (thresholds.isEmpty() || thresholds.size() != probabilities.size()) {
            throw new IllegalArgumentException("need as many probabilities as thresholds, at least one: " + thresholds
                    + ", " + probabilities);
        }
        double sum = 0;
        for (int k = 0; k < thresholds.size(); k++) {
            if (k > 0 && !(thresholds.get(k) < thresholds.get(k - 1))) {
                throw new IllegalArgumentException("thresholds must descend: " + thresholds);
            }
            double p = probabilities.get(k);
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probabilities must lie in [0, 1]: " + probabilities);
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("probabilities must sum to 1, got " + sum);
        }
    }

    /** {@code P(positive | score)}. */
    public double positiveProbability(double score) {
        double p = 0;
        for (int k = 0; k < thresholds.size(); k++) {
            if (score >= thresholds.get(k)) {
                p += probabilities.get(k);
            }
        }
        return Math.min(1, p);
    }

    /** Whether the rule is one deterministic threshold. */
    public boolean isDeterministic() {
        return thresholds.size() == 1;
    }
}
