package dev.fairtune.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a classifier predicts (nearly) one class, over all rows or within a group: the failure
 * that makes every rate gap look perfect (TPR 0 and FPR 0 everywhere). Such a model is never
 * reported as fair, selected as a best checkpoint or counted as meeting a target.
 *
 * <p>With {@code p} the weighted share of rows predicted positive and {@code m} the least share
 * ({@link #DEFAULT_MIN_SHARE}), the rows are collapsed when {@code min(p, 1 - p) < m}. A group is
 * checked the same way when its labels hold both classes (a group whose rows all share one label
 * may rightly get one prediction); a group of fewer than {@code 1 / m} rows is thus collapsed
 * only when every row gets the same class.
 *
 * @param positiveShare {@code p} over all rows; NaN without rows
 * @param collapsedGroups the groups (with both labels) predicted (nearly) one class, in id order
 * @param reason why the predictions are collapsed, in words; null when they are not
 */
public record Collapse(double positiveShare, List<String> collapsedGroups, String reason) {

    /** The least share of the rarer predicted class, 1%. */
    public static final double DEFAULT_MIN_SHARE = 0.01;

    /** Copies the list. */
    public Collapse {
        collapsedGroups = List.copyOf(collapsedGroups);
    }

    /** {@link #of(GroupConfusion, double)} at {@link #DEFAULT_MIN_SHARE}. */
    public static Collapse of(GroupConfusion counts) {
        return of(counts, DEFAULT_MIN_SHARE);
    }

    /**
     * Checks the predictions behind {@code counts}.
     *
     * @param minShare the least share {@code m} of the rarer predicted class, in (0, 0.5]
     * @throws IllegalArgumentException when {@code minShare} is outside (0, 0.5]
     */
    public static Collapse of(GroupConfusion counts, double minShare) {
        if (!(minShare > 0 && minShare <= 0.5)) {
            throw new IllegalArgumentException("the least share must lie in (0, 0.5], got " + minShare);
        }
        Confusion all = counts.overall();
        double p = positiveShare(all);
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < counts.groups().size(); g++) {
            Confusion c = counts.group(g);
            boolean bothLabels = c.tp() + c.fn() > 0 && c.fp() + c.tn() > 0;
            if (bothLabels && rare(positiveShare(c)) < minShare) {
                groups.add(counts.groups().name(g));
            }
        }
        String reason = null;
        if (all.count() > 0 && rare(p) < minShare) {
            reason = String.format(Locale.ROOT, "predicts %s for %.1f%% of all rows", p >= 0.5 ? "the positive class"
                    : "the negative class", 100 * Math.max(p, 1 - p));
        } else if (!groups.isEmpty()) {
            reason = "predicts (nearly) one class within group" + (groups.size() == 1 ? " " : "s ")
                    + String.join(", ", groups) + ", whose labels hold both classes";
        }
        return new Collapse(p, groups, reason);
    }

    /** Whether the predictions are collapsed. */
    public boolean collapsed() {
        return reason != null;
    }

    private static double positiveShare(Confusion c) {
        double w = c.weight();
        return w > 0 ? (c.tpWeight() + c.fpWeight()) / w : Double.NaN;
    }

    private static double rare(double p) {
        return Double.isNaN(p) ? Double.NaN : Math.min(p, 1 - p);
    }
}
