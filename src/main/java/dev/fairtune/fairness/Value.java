package dev.fairtune.fairness;

/**
 * A metric value: a double, or NaN together with the reason it is undefined and the group where
 * that happened. Metrics never return a silent 0 and never throw for undefined data.
 *
 * @param value the value; NaN exactly when {@code reason != Reason.NONE}
 * @param reason {@link Reason#NONE} for a defined value, otherwise why it is undefined
 * @param group the group (or other place, such as "overall") where the value became undefined;
 *     null for a defined value
 */
public record Value(double value, Reason reason, String group) {

    /** Checks that NaN and the reason agree. */
    public Value {
        if (reason == null) {
            throw new IllegalArgumentException("reason must not be null; use Reason.NONE for a defined value");
        }
        if (reason == Reason.NONE && Double.isNaN(value)) {
            throw new IllegalArgumentException("a defined value must not be NaN; give the reason it is undefined");
        }
        if (reason != Reason.NONE && !Double.isNaN(value)) {
            throw new IllegalArgumentException("an undefined value must be NaN, got " + value);
        }
        if (reason == Reason.NONE) {
            group = null;
        }
    }

    /** A defined value. */
    public static Value of(double value) {
        return new Value(value, Reason.NONE, null);
    }

    /** An undefined value (NaN) with its reason and where it happened. */
    public static Value undefined(Reason reason, String group) {
        if (reason == Reason.NONE) {
            throw new IllegalArgumentException("an undefined value needs a reason other than NONE");
        }
        return new Value(Double.NaN, reason, group);
    }

    /** Whether the value is defined (not NaN). */
    public boolean isDefined() {
        return reason == Reason.NONE;
    }

    /** The reason as a phrase for reports, such as "no positive labels (Asian)"; "defined" if defined. */
    public String describe() {
        if (isDefined()) {
            return Reason.NONE.text();
        }
        return group == null ? reason.text() : reason.text() + " (" + group + ")";
    }

    @Override
    public String toString() {
        return isDefined() ? Double.toString(value) : "NaN (" + describe() + ")";
    }
}
