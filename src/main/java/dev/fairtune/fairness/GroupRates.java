package dev.fairtune.fairness;

import java.util.List;

/**
 * Every {@link Rate} of one group (or of all rows), with its confusion counts.
 *
 * @param confusion the group's counts and weight sums
 * @param belowMinSize whether the group has fewer rows than the frame's minimum group size, so that
 *     its rates rest on too few rows to trust (always false for the overall row)
 * @param rates one value per {@link Rate}, indexed by {@link Rate#ordinal()}; read with {@link #get(Rate)}
 */
public record GroupRates(Confusion confusion, boolean belowMinSize, List<Value> rates) {

    /** Every rate of these counts. */
    public static GroupRates of(Confusion confusion, boolean belowMinSize) {
        Rate[] all = Rate.values();
        Value[] values = new Value[all.length];
        for (Rate r : all) {
            values[r.ordinal()] = r.of(confusion);
        }
        return new GroupRates(confusion, belowMinSize, List.of(values));
    }

    /** The group's name ("overall" for all rows). */
    public String group() {
        return confusion.group();
    }

    /** One rate. */
    public Value get(Rate rate) {
        return rates.get(rate.ordinal());
    }
}
