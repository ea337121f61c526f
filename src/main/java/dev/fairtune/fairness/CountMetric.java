package dev.fairtune.fairness;

/**
 * Any metric that is a function of group confusion counts: a named metric
 * ({@link FairnessMetric#compute(GroupConfusion)}, {@link FairnessMetric#versus(int, int)}), a rate of
 * one group, or a user's own. The bootstrap and permutation tests resample through it.
 */
@FunctionalInterface
public interface CountMetric {
    /** The metric's value on these counts; NaN with a reason when undefined, never an exception. */
    Value compute(GroupConfusion counts);

    /** A rate of one group, as a count metric. */
    static CountMetric rate(Rate rate, int group) {
        return counts -> rate.of(counts.group(group));
    }
}
