package dev.fairtune.train;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Value;

import java.util.Locale;
import java.util.Objects;

/**
 * A named fairness metric the trainer watches, constrains or selects on: one {@link
 * FairnessMetric} and, for a signed metric ({@link FairnessMetric#needsReference()}), the group
 * compared with the reference group (signed: group minus reference, as AIF360). With two groups
 * the compared group may be left out: it is the one that is not the reference.
 *
 * <p>The trainer computes it from {@link GroupConfusion} counts of the positive class (label
 * {@code == positive class} against prediction {@code == positive class}), on training batches
 * (running, per epoch) and on the validation set, so every view reads the same counts.
 *
 * @param metric the metric
 * @param group the compared group of a signed metric; null for an across-groups metric, or for a
 *     signed one on two groups
 */
public record TrackedMetric(FairnessMetric metric, String group) {

    /** Checks that a metric is given and that an across-groups metric names no group. */
    public TrackedMetric {
        Objects.requireNonNull(metric, "metric");
        if (!metric.needsReference() && group != null) {
            throw new IllegalArgumentException(metric + " compares all groups; it takes no compared group (got '" + group + "')");
        }
    }

    /** An across-groups metric, or a signed one on two groups. */
    public static TrackedMetric of(FairnessMetric metric) {
        return new TrackedMetric(metric, null);
    }

    /** A signed metric of {@code group} against the reference group. */
    public static TrackedMetric of(FairnessMetric metric, String group) {
        return new TrackedMetric(metric, Objects.requireNonNull(group, "group"));
    }

    /**
     * The metric on {@code counts}.
     *
     * @param reference the reference group's id
     * @return the value; NaN with a reason when undefined (never an exception for data)
     * @throws IllegalArgumentException when a signed metric has no compared group and there are not
     *     exactly two groups, or when the compared group is not one of the groups
     */
    public Value compute(GroupConfusion counts, int reference) {
        if (!metric.needsReference()) {
            return metric.compute(counts);
        }
        return metric.compute(counts, comparedGroup(counts.groups(), reference), reference);
    }

    /**
     * Checks the metric against the groups.
     *
     * @throws IllegalArgumentException as {@link #compute}
     */
    public void check(Groups groups, int reference) {
        if (metric.needsReference()) {
            comparedGroup(groups, reference);
        }
    }

    private int comparedGroup(Groups groups, int reference) {
        if (group != null) {
            if (!groups.contains(group)) {
                throw new IllegalArgumentException("the compared group '" + group + "' of " + metric + " is not one of "
                        + groups.names());
            }
            int g = groups.id(group);
            if (g == reference) {
                throw new IllegalArgumentException("the compared group '" + group + "' of " + metric
                        + " is the reference group; name another group");
            }
            return g;
        }
        if (groups.size() != 2) {
            throw new IllegalArgumentException(metric + " compares one group with the reference and there are "
                    + groups.size() + " groups " + groups.names() + ": name the compared group with TrackedMetric.of(metric, group)");
        }
        return 1 - reference;
    }

    /** The distance from the metric's ideal value, {@code |value - ideal|}; NaN when undefined. */
    public double distanceFromIdeal(Value value) {
        return value.isDefined() ? Math.abs(value.value() - metric.ideal()) : Double.NaN;
    }

    /** A short label such as {@code "fpr_gap"} or {@code "average_odds_difference(muslim)"}. */
    public String label() {
        String base = metric.name().toLowerCase(Locale.ROOT);
        return group == null ? base : base + "(" + group + ")";
    }
}
