package dev.fairtune.fairness.stats;

import dev.fairtune.fairness.CountMetric;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Value;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Permutation tests of any count metric: the group ids are shuffled across rows (each row keeps its
 * label, prediction and weight; group sizes stay fixed), which draws from the metric's distribution
 * when group membership is unrelated to labels and predictions. The p-value is two-sided about the
 * metric's ideal value and counts the observed arrangement (Phipson and Smyth 2010), so it is never 0.
 */
public final class PermutationTest {
    private PermutationTest() {
    }

    /**
     * Tests a named metric.
     *
     * @param group the compared group of a signed metric; null for an across-groups metric
     * @param reference the reference group of a signed metric; null for an across-groups metric
     * @throws IllegalArgumentException if the groups do not match the metric's scope or are unknown
     */
    public static PermutationResult test(Observations obs, FairnessMetric metric, String group, String reference,
            int permutations, long seed) {
        CountMetric m;
        if (metric.needsReference()) {
            if (group == null || reference == null) {
                throw new IllegalArgumentException(metric + " compares a group with a reference: give both");
            }
            m = metric.versus(obs.groups().id(group), obs.groups().id(reference));
        } else {
            if (group != null || reference != null) {
                throw new IllegalArgumentException(metric + " spans all groups: give no group or reference");
            }
            m = metric.asCountMetric();
        }
        return test(obs, m, metric.ideal(), permutations, seed);
    }

    /**
     * Tests any count metric.
     *
     * @param ideal the value that means no disparity; the statistic is the distance from it
     * @param permutations the number of permutations, at least 1
     */
    public static PermutationResult test(Observations obs, CountMetric metric, double ideal, int permutations,
            long seed) {
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be at least 1, got " + permutations);
        }
        Value observed = metric.compute(obs.counts());
        RandomGenerator rng = new Well19937c(seed);
        int[] shuffled = obs.group().clone();
        GroupConfusion c = new GroupConfusion(obs.groups());
        int defined = 0;
        int extreme = 0;
        Value firstUndefined = null;
        double distance = observed.isDefined() ? Math.abs(observed.value() - ideal) : Double.NaN;
        double tolerance = 1e-12 * Math.max(1, Math.abs(distance));
        for (int b = 0; b < permutations; b++) {
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            c.reset();
            c.update(shuffled, obs.label(), obs.prediction(), obs.weight(), 0, shuffled.length);
            Value v = metric.compute(c);
            if (!v.isDefined()) {
                if (firstUndefined == null) {
                    firstUndefined = v;
                }
                continue;
            }
            defined++;
            if (Math.abs(v.value() - ideal) >= distance - tolerance) {
                extreme++;
            }
        }
        Value p;
        if (!observed.isDefined()) {
            p = observed;
        } else if (defined == 0) {
            p = firstUndefined;
        } else {
            p = Value.of((1.0 + extreme) / (1.0 + defined));
        }
        return new PermutationResult(observed, p, ideal, permutations, permutations - defined, seed,
                RowIndex.sizes(obs));
    }
}
