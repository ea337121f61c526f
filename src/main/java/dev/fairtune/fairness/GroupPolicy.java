package dev.fairtune.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a metric does with groups it cannot measure well: too few rows, or a rate the metric reads
 * undefined there (a group with no negative labels has no FPR). One policy serves the report's
 * headline and metric table, the trainer's monitor, its Lagrangian target and its checkpoint
 * selection (each names its metric with a {@link MetricSpec} that carries the policy).
 *
 * <ul>
 *   <li>{@link Kind#STRICT} (the default): every group counts; a metric undefined for one group is
 *       undefined, NaN with that group's reason.
 *   <li>{@link Kind#OMIT}: the convention of the Jigsaw unintended-bias benchmark ("nan omitted"):
 *       groups with fewer than {@link #minGroupSize()} rows, or where a rate the metric reads is
 *       undefined, are left out, named with the reason ({@link #leftOut}), and the metric is
 *       computed over the rest. A signed metric whose compared or reference group is left out is
 *       undefined ({@link Reason#GROUP_LEFT_OUT}); an across-groups metric with fewer than two
 *       groups left is undefined ({@link Reason#FEWER_THAN_TWO_GROUPS}).
 * </ul>
 *
 * @param kind strict or omit
 * @param minGroupSize with {@link Kind#OMIT}, the fewest rows a group needs; 0 for strict
 */
public record GroupPolicy(Kind kind, long minGroupSize) {
    /** Every group counts; undefined anywhere means undefined. */
    public static final GroupPolicy STRICT = new GroupPolicy(Kind.STRICT, 0);

    /** The two policies. */
    public enum Kind {
        /** Every group counts. */
        STRICT,
        /** Small groups and groups where the metric is undefined are left out, and named. */
        OMIT
    }

    /**
     * A group left out, and why.
     *
     * @param group the group's name
     * @param why "3 rows (fewer than 30)" or the undefined rate's reason
     */
    public record LeftOut(String group, String why) {
    }

    /** Checks the size. */
    public GroupPolicy {
        Objects.requireNonNull(kind, "kind");
        if (minGroupSize < 0 || (kind == Kind.STRICT && minGroupSize != 0)) {
            throw new IllegalArgumentException("the minimum group size must be >= 0, and 0 for the strict policy; got "
                    + minGroupSize);
        }
    }

    /** Leaves out groups with fewer than {@code minGroupSize} rows or where the metric is undefined. */
    public static GroupPolicy omitBelow(long minGroupSize) {
        return new GroupPolicy(Kind.OMIT, minGroupSize);
    }

    /** The groups this policy leaves out of {@code metric} on {@code counts}, in group order; none when strict. */
    public List<LeftOut> leftOut(FairnessMetric metric, GroupConfusion counts) {
        List<LeftOut> out = new ArrayList<>();
        if (kind == Kind.STRICT) {
            return out;
        }
        Groups groups = counts.groups();
        for (int g = 0; g < groups.size(); g++) {
            long n = counts.count(g);
            if (n == 0) {
                continue; // absent, not left out: across-groups metrics skip it anyway
            }
            if (n < minGroupSize) {
                out.add(new LeftOut(groups.name(g), n + " rows (fewer than " + minGroupSize + ")"));
                continue;
            }
            for (Rate r : metric.rates()) {
                Value v = r.of(counts.group(g));
                if (!v.isDefined()) {
                    out.add(new LeftOut(groups.name(g), r.name() + " undefined: " + v.reason().text()));
                    break;
                }
            }
        }
        return out;
    }

    /** {@code counts} with the left-out groups emptied; {@code counts} itself when nothing is left out. */
    GroupConfusion apply(FairnessMetric metric, GroupConfusion counts) {
        List<LeftOut> left = leftOut(metric, counts);
        if (left.isEmpty()) {
            return counts;
        }
        boolean[] mask = new boolean[counts.groups().size()];
        for (LeftOut l : left) {
            mask[counts.groups().id(l.group())] = true;
        }
        return counts.without(mask);
    }

    /** A sentence for reports: what the policy does. */
    public String describe() {
        return kind == Kind.STRICT
                ? "strict: every group counts, and a metric undefined for any group is undefined"
                : "omit: groups with fewer than " + minGroupSize + " rows, or where a rate the metric reads is undefined, "
                        + "are left out and named, and the metric is computed over the rest (the Jigsaw 'nan omitted' "
                        + "convention)";
    }
}
