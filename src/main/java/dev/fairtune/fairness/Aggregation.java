package dev.fairtune.fairness;

/**
 * How a per-group rate becomes one number. Two families:
 *
 * <ul>
 *   <li>Signed, against a reference group (AIF360's convention, group minus reference):
 *       {@link #DIFFERENCE} and {@link #RATIO}, computed by {@link #versus}.
 *   <li>Across all groups with rows (Fairlearn's conventions, unsigned): {@link #MAX_MINUS_MIN},
 *       {@link #MIN_OVER_MAX}, {@link #MAX_ABS_TO_OVERALL} and {@link #MIN_RATIO_TO_OVERALL},
 *       computed by {@link #across}. Groups with no rows (declared but absent, as in a batch that
 *       misses a group) are left out; a group with rows whose rate is undefined makes the result
 *       undefined, with that group's reason.
 * </ul>
 *
 * <p>Undefined operands propagate: the result carries the first undefined operand's reason (the
 * group before the reference; groups in id order). Rates are never negative, so every result of a
 * proportion lies in [-1, 1] (differences) or [0, inf) (ratios).
 */
public enum Aggregation {
    /** {@code r(group) - r(reference)}; range [-1, 1], ideal 0; positive when the group's rate is higher. */
    DIFFERENCE(true, 0),
    /**
     * {@code r(group) / r(reference)}; range [0, inf), ideal 1; undefined ({@link Reason#ZERO_DIVISOR})
     * when the reference rate is 0.
     */
    RATIO(true, 1),
    /** {@code max_g r(g) - min_g r(g)} (Fairlearn {@code difference(method="between_groups")}); range [0, 1], ideal 0. */
    MAX_MINUS_MIN(false, 0),
    /**
     * {@code min_g r(g) / max_g r(g)} (Fairlearn {@code ratio(method="between_groups")}); range [0, 1],
     * ideal 1; undefined ({@link Reason#ZERO_DIVISOR}) when every rate is 0.
     */
    MIN_OVER_MAX(false, 1),
    /** {@code max_g |r(g) - r(overall)|} (Fairlearn {@code difference(method="to_overall")}); range [0, 1], ideal 0. */
    MAX_ABS_TO_OVERALL(false, 0),
    /**
     * {@code min_g min(r(g) / r(overall), r(overall) / r(g))} (Fairlearn {@code ratio(method="to_overall")});
     * range [0, 1], ideal 1; a group rate of 0 gives 0; undefined ({@link Reason#ZERO_DIVISOR}) when
     * the overall rate is 0.
     */
    MIN_RATIO_TO_OVERALL(false, 1);

    private final boolean needsReference;
    private final double ideal;

    Aggregation(boolean needsReference, double ideal) {
        this.needsReference = needsReference;
        this.ideal = ideal;
    }

    /** Whether this is a signed comparison with a reference group ({@link #versus}) rather than across groups. */
    public boolean needsReference() {
        return needsReference;
    }

    /** The value that means no disparity: 0 for differences, 1 for ratios. */
    public double ideal() {
        return ideal;
    }

    /**
     * This aggregation of a rate as a formula, such as {@code TPR_g - TPR_r} or
     * {@code max_g FPR_g - min_g FPR_g}.
     *
     * @param rate the rate's symbol ({@link Rate#symbol()})
     */
    public String formula(String rate) {
        return switch (this) {
            case DIFFERENCE -> rate + "_g - " + rate + "_r";
            case RATIO -> rate + "_g / " + rate + "_r";
            case MAX_MINUS_MIN -> "max_g " + rate + "_g - min_g " + rate + "_g";
            case MIN_OVER_MAX -> "min_g " + rate + "_g / max_g " + rate + "_g";
            case MAX_ABS_TO_OVERALL -> "max_g |" + rate + "_g - " + rate + "_all|";
            case MIN_RATIO_TO_OVERALL -> "min_g min(" + rate + "_g / " + rate + "_all, " + rate + "_all / " + rate + "_g)";
        };
    }

    /** How to read a value of this aggregation: its sign or direction. */
    public String reading() {
        return switch (this) {
            case DIFFERENCE -> "signed: positive means group g's rate is higher than the reference's";
            case RATIO -> "ratio: below 1 means group g's rate is lower than the reference's";
            case MAX_MINUS_MIN, MAX_ABS_TO_OVERALL -> "unsigned: larger means a bigger disparity";
            case MIN_OVER_MAX, MIN_RATIO_TO_OVERALL -> "lower means a bigger disparity";
        };
    }

    /** The values this aggregation of a proportion can take. */
    public String range() {
        return switch (this) {
            case DIFFERENCE -> "[-1, 1]";
            case RATIO -> "[0, inf)";
            default -> "[0, 1]";
        };
    }

    /**
     * A signed comparison of one group's rate with the reference group's rate.
     *
     * @throws IllegalStateException if this aggregation is an across-groups one (use {@link #across})
     */
    public Value versus(Rate rate, GroupConfusion counts, int group, int reference) {
        if (!needsReference) {
            throw new IllegalStateException(this + " aggregates across groups; call across(rate, counts)");
        }
        Confusion ref = counts.group(reference);
        return compare(rate.of(counts.group(group)), rate.of(ref), ref.group());
    }

    /**
     * Applies a signed comparison to two rates already computed.
     *
     * @param referenceName names the reference in the reason when its rate is 0 in a ratio
     */
    public Value compare(Value group, Value reference, String referenceName) {
        if (!needsReference) {
            throw new IllegalStateException(this + " aggregates across groups; it does not compare two values");
        }
        if (!group.isDefined()) {
            return group;
        }
        if (!reference.isDefined()) {
            return reference;
        }
        if (this == DIFFERENCE) {
            return Value.of(group.value() - reference.value());
        }
        if (reference.value() == 0) {
            return Value.undefined(Reason.ZERO_DIVISOR, referenceName);
        }
        return Value.of(group.value() / reference.value());
    }

    /**
     * Aggregates a rate across every group that has rows.
     *
     * @throws IllegalStateException if this aggregation needs a reference group (use {@link #versus})
     */
    public Value across(Rate rate, GroupConfusion counts) {
        if (needsReference) {
            throw new IllegalStateException(this + " compares with a reference group; call versus(rate, counts, group, reference)");
        }
        int present = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[] values = new double[counts.groups().size()];
        for (int g = 0; g < values.length; g++) {
            if (counts.count(g) == 0) {
                values[g] = Double.NaN;
                continue;
            }
            Value v = rate.of(counts.group(g));
            if (!v.isDefined()) {
                return v;
            }
            values[g] = v.value();
            min = Math.min(min, v.value());
            max = Math.max(max, v.value());
            present++;
        }
        if (present < 2) {
            return Value.undefined(Reason.FEWER_THAN_TWO_GROUPS, null);
        }
        switch (this) {
            case MAX_MINUS_MIN:
                return Value.of(max - min);
            case MIN_OVER_MAX:
                return max == 0 ? Value.undefined(Reason.ZERO_DIVISOR, null) : Value.of(min / max);
            default:
                break;
        }
        Value overall = rate.of(counts.overall());
        if (!overall.isDefined()) {
            return overall;
        }
        double o = overall.value();
        if (this == MIN_RATIO_TO_OVERALL && o == 0) {
            return Value.undefined(Reason.ZERO_DIVISOR, "overall");
        }
        double result = this == MAX_ABS_TO_OVERALL ? 0 : 1;
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            if (this == MAX_ABS_TO_OVERALL) {
                result = Math.max(result, Math.abs(v - o));
            } else {
                result = Math.min(result, v == 0 ? 0 : Math.min(v / o, o / v));
            }
        }
        return Value.of(result);
    }
}
