package dev.fairtune.fairness;

import java.util.ArrayList;
import java.util.List;

/**
 * How aggregates of several rates become one number, as in equalized odds (TPR and FPR) or the
 * average odds difference. An undefined aggregate makes the combination undefined, with its reason.
 */
public enum Combination {
    /** The arithmetic mean of the aggregates (keeps signs). */
    MEAN,
    /** The mean of the aggregates' absolute values. */
    MEAN_ABSOLUTE,
    /**
     * The worst case: the aggregate furthest from the aggregation's ideal value (0 for differences,
     * 1 for ratios), so the largest difference or the smallest ratio; the first one on ties.
     */
    WORST;

    /**
     * This combination of aggregate formulas as one formula: the part itself when there is one;
     * {@code (a + b) / 2}, {@code (|a| + |b|) / 2}, or for the worst case {@code max(a, b)} (the
     * smallest, {@code min(a, b)}, for ratios).
     */
    public String formula(Aggregation aggregation, List<String> parts) {
        if (parts.size() == 1) {
            return this == MEAN_ABSOLUTE ? "|" + parts.get(0) + "|" : parts.get(0);
        }
        return switch (this) {
            case MEAN -> "(" + String.join(" + ", parts.stream().map(p -> "(" + p + ")").toList()) + ") / " + parts.size();
            case MEAN_ABSOLUTE -> "(" + String.join(" + ", parts.stream().map(p -> "|" + p + "|").toList()) + ") / "
                    + parts.size();
            case WORST -> (aggregation.ideal() == 1 ? "min(" : aggregation.needsReference() ? "furthest from 0 of (" : "max(")
                    + String.join(", ", parts) + ")";
        };
    }

    /** Combines the signed comparisons of several rates between a group and the reference group. */
    public Value versus(Aggregation aggregation, GroupConfusion counts, int group, int reference, Rate... rates) {
        List<Value> values = new ArrayList<>(rates.length);
        for (Rate r : rates) {
            values.add(aggregation.versus(r, counts, group, reference));
        }
        return combine(aggregation, values);
    }

    /** Combines the across-groups aggregates of several rates. */
    public Value across(Aggregation aggregation, GroupConfusion counts, Rate... rates) {
        List<Value> values = new ArrayList<>(rates.length);
        for (Rate r : rates) {
            values.add(aggregation.across(r, counts));
        }
        return combine(aggregation, values);
    }

    /** Combines aggregates already computed with {@code aggregation}. */
    public Value combine(Aggregation aggregation, List<Value> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        for (Value v : values) {
            if (!v.isDefined()) {
                return v;
            }
        }
        switch (this) {
            case MEAN:
            case MEAN_ABSOLUTE: {
                double sum = 0;
                for (Value v : values) {
                    sum += this == MEAN ? v.value() : Math.abs(v.value());
                }
                return Value.of(sum / values.size());
            }
            default: {
                Value worst = values.get(0);
                for (Value v : values) {
                    if (Math.abs(v.value() - aggregation.ideal()) > Math.abs(worst.value() - aggregation.ideal())) {
                        worst = v;
                    }
                }
                return worst;
            }
        }
    }
}
