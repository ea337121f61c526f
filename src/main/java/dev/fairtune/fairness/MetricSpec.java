package dev.fairtune.fairness;

import java.util.Locale;
import java.util.Objects;

/**
 * Which metric a run watches, constrains, selects on or reports first: one {@link FairnessMetric}
 * and, for a signed metric ({@link FairnessMetric#needsReference()}), the group compared with the
 * reference group (group minus reference, as AIF360). With two groups the compared group may be
 * left out: it is the one that is not the reference. The trainer's monitor, its Lagrangian target,
 * its checkpoint selection and the report's headline all name their metric with this one type,
 * and its {@link GroupPolicy} says what each of them does with small or unmeasurable groups.
 *
 * @param metric the metric
 * @param group the compared group of a signed metric; null for an across-groups metric, or for a
 *     signed one on two groups
 * @param policy which groups the metric is computed over
 */
public record MetricSpec(FairnessMetric metric, String group, GroupPolicy policy) {

    /** The metric over every group ({@link GroupPolicy#STRICT}). */
    public MetricSpec(FairnessMetric metric, String group) {
        this(metric, group, GroupPolicy.STRICT);
    }

    /** Checks that a metric and a policy are given and that an across-groups metric names no group. */
    public MetricSpec {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(policy, "policy");
        if (!metric.needsReference() && group != null) {
            throw new IllegalArgumentException(metric + " compares all groups; it takes no compared group (got '" + group + "')");
        }
    }

    /** An across-groups metric, or a signed one on two groups. */
    public static MetricSpec of(FairnessMetric metric) {
        return new MetricSpec(metric, null);
    }

    /** A signed metric of {@code group} against the reference group. */
    public static MetricSpec of(FairnessMetric metric, String group) {
        return new MetricSpec(metric, Objects.requireNonNull(group, "group"));
    }

    /** This metric under another group policy. */
    public MetricSpec withPolicy(GroupPolicy other) {
        return new MetricSpec(metric, group, other);
    }

    /** The groups the policy leaves out of this metric on {@code counts}, with the reasons. */
    public java.util.List<GroupPolicy.LeftOut> leftOut(GroupConfusion counts) {
        return policy.leftOut(metric, counts);
    }

    /**
     * The metric on {@code counts}, over the groups the policy keeps.
     *
     * @param reference the reference group's id
     * @return the value; NaN with a reason when undefined (never an exception for data)
     * @throws IllegalArgumentException as {@link #check}
     */
    public Value compute(GroupConfusion counts, int reference) {
        GroupConfusion kept = policy.apply(metric, counts);
        if (!metric.needsReference()) {
            return metric.compute(kept);
        }
        int compared = comparedGroup(counts.groups(), reference);
        for (int g : new int[] {compared, reference}) {
            if (kept != counts && kept.count(g) == 0 && counts.count(g) > 0) {
                return Value.undefined(Reason.GROUP_LEFT_OUT, counts.groups().name(g));
            }
        }
        return metric.compute(kept, compared, reference);
    }

    /**
     * The metric as a function of counts over {@code groups}, for the bootstrap and permutation tests.
     *
     * @param reference the reference group's id (ignored by an across-groups metric)
     * @throws IllegalArgumentException as {@link #check}
     */
    public CountMetric countMetric(Groups groups, int reference) {
        check(groups, reference);
        return counts -> compute(counts, reference);
    }

    /**
     * Checks the metric against the groups.
     *
     * @param reference the reference group's id (ignored by an across-groups metric)
     * @throws IllegalArgumentException when a signed metric has no compared group and there are not
     *     exactly two groups, when the compared group is not one of the groups or is the reference,
     *     or when the reference is not one of the groups
     */
    public void check(Groups groups, int reference) {
        if (metric.needsReference()) {
            comparedGroup(groups, reference);
        }
    }

    private int comparedGroup(Groups groups, int reference) {
        if (reference < 0 || reference >= groups.size()) {
            throw new IllegalArgumentException(metric + " compares a group with the reference group: name a reference"
                    + " group, one of " + groups.names());
        }
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
                    + groups.size() + " groups " + groups.names() + ": name the compared group");
        }
        return 1 - reference;
    }

    /** The distance from the metric's ideal value, {@code |value - ideal|}; NaN when undefined. */
    public double distanceFromIdeal(Value value) {
        return value.isDefined() ? Math.abs(value.value() - metric.ideal()) : Double.NaN;
    }

    /** A key for records and columns, such as {@code "fpr_gap"} or {@code "average_odds_difference(muslim)"}. */
    public String key() {
        String base = metric.name().toLowerCase(Locale.ROOT);
        return group == null ? base : base + "(" + group + ")";
    }

    /**
     * A label for people, such as {@code "EQUALIZED_ODDS_DIFFERENCE"} or
     * {@code "AVERAGE_ODDS_DIFFERENCE (present vs absent)"}.
     *
     * @param reference the reference group's name; null when there is none
     */
    public String label(String reference) {
        if (!metric.needsReference()) {
            return metric.name();
        }
        return metric.name() + " (" + (group == null ? "" : group + " ") + "vs " + reference + ")";
    }
}
