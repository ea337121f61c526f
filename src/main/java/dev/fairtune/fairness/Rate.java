package dev.fairtune.fairness;

import static dev.fairtune.fairness.GroupConfusion.FN;
import static dev.fairtune.fairness.GroupConfusion.FP;
import static dev.fairtune.fairness.GroupConfusion.TN;
import static dev.fairtune.fairness.GroupConfusion.TP;

/**
 * A per-group rate over confusion counts. Each proportion is a weight sum over a weight sum (equal
 * to counts for unweighted rows); it is NaN when its denominator is empty:
 *
 * <ul>
 *   <li>{@link Reason#NO_ROWS} when the group has no rows at all (any rate but COUNT and WEIGHT);
 *   <li>the reason named below when the denominator's cells hold no rows;
 *   <li>{@link Reason#ZERO_WEIGHT} when they hold rows whose weights sum to 0.
 * </ul>
 *
 * <p>All proportions range over [0, 1].
 */
public enum Rate implements Definition.Defined {
    /** True positive rate (recall, sensitivity) TP / (TP + FN); undefined with no positive labels. */
    TPR(mask(TP), mask(TP, FN), Reason.NO_POSITIVE_LABELS),
    /** False positive rate FP / (FP + TN); undefined with no negative labels. */
    FPR(mask(FP), mask(FP, TN), Reason.NO_NEGATIVE_LABELS),
    /** True negative rate (specificity) TN / (TN + FP); undefined with no negative labels. */
    TNR(mask(TN), mask(TN, FP), Reason.NO_NEGATIVE_LABELS),
    /** False negative rate FN / (FN + TP); undefined with no positive labels. */
    FNR(mask(FN), mask(FN, TP), Reason.NO_POSITIVE_LABELS),
    /** Positive predictive value (precision) TP / (TP + FP); undefined with no predicted positives. */
    PPV(mask(TP), mask(TP, FP), Reason.NO_PREDICTED_POSITIVES),
    /** Negative predictive value TN / (TN + FN); undefined with no predicted negatives. */
    NPV(mask(TN), mask(TN, FN), Reason.NO_PREDICTED_NEGATIVES),
    /** False discovery rate FP / (TP + FP) = 1 - PPV; undefined with no predicted positives. */
    FDR(mask(FP), mask(TP, FP), Reason.NO_PREDICTED_POSITIVES),
    /** False omission rate FN / (TN + FN) = 1 - NPV; undefined with no predicted negatives. */
    FOR(mask(FN), mask(TN, FN), Reason.NO_PREDICTED_NEGATIVES),
    /** Selection rate (TP + FP) / n: the share predicted positive; undefined with no rows. */
    SELECTION_RATE(mask(TP, FP), mask(TP, FP, TN, FN), Reason.NO_ROWS),
    /** Base rate (TP + FN) / n: the share labelled positive; undefined with no rows. */
    BASE_RATE(mask(TP, FN), mask(TP, FP, TN, FN), Reason.NO_ROWS),
    /** Accuracy (TP + TN) / n; undefined with no rows. */
    ACCURACY(mask(TP, TN), mask(TP, FP, TN, FN), Reason.NO_ROWS),
    /** Error rate (FP + FN) / n = 1 - accuracy; undefined with no rows. */
    ERROR_RATE(mask(FP, FN), mask(TP, FP, TN, FN), Reason.NO_ROWS),
    /** Balanced accuracy (TPR + TNR) / 2; undefined when TPR or TNR is (TPR's reason first). */
    BALANCED_ACCURACY(0, 0, Reason.NONE),
    /** Number of rows (not weighted); 0 for an empty group, never undefined; not a proportion. */
    COUNT(0, 0, Reason.NONE),
    /** Sum of sample weights; 0 for an empty group, never undefined; not a proportion. */
    WEIGHT(0, 0, Reason.NONE);

    private final int numerator;
    private final int denominator;
    private final Reason emptyDenominator;

    Rate(int numerator, int denominator, Reason emptyDenominator) {
        this.numerator = numerator;
        this.denominator = denominator;
        this.emptyDenominator = emptyDenominator;
    }

    /** The symbol of the rate in a metric's formula, such as {@code TPR} or {@code SR}. */
    public String symbol() {
        return switch (this) {
            case SELECTION_RATE -> "SR";
            case BASE_RATE -> "BR";
            case ACCURACY -> "ACC";
            case ERROR_RATE -> "ERR";
            case BALANCED_ACCURACY -> "BA";
            case COUNT -> "n";
            case WEIGHT -> "W";
            default -> name();
        };
    }

    /** The rate's definition; a proportion's formula is written from its numerator and denominator cells. */
    @Override
    public Definition definition() {
        String formula = switch (this) {
            case BALANCED_ACCURACY -> "(TPR + TNR) / 2";
            case COUNT -> "n";
            case WEIGHT -> "sum of sample weights";
            default -> cells(numerator) + " / " + (denominator == ALL_CELLS ? "n" : cells(denominator));
        };
        return new Definition(name(), formula, "a rate of one group (or of all rows); compare it across groups", null,
                isProportion() || this == BALANCED_ACCURACY ? "[0, 1]" : "[0, inf)");
    }

    private static final int ALL_CELLS = mask(TP, FP, TN, FN);

    /** The cells of a mask as a sum, in the order TP, FP, TN, FN; parenthesised when there are several. */
    private static String cells(int mask) {
        StringBuilder sum = new StringBuilder();
        int terms = 0;
        for (int cell : new int[] {TP, FP, TN, FN}) {
            if ((mask & (1 << cell)) != 0) {
                sum.append(terms++ == 0 ? "" : " + ").append(cellName(cell));
            }
        }
        return terms > 1 ? "(" + sum + ")" : sum.toString();
    }

    private static String cellName(int cell) {
        return switch (cell) {
            case TP -> "TP";
            case FP -> "FP";
            case TN -> "TN";
            default -> "FN";
        };
    }

    private static int mask(int... cells) {
        int m = 0;
        for (int c : cells) {
            m |= 1 << c;
        }
        return m;
    }

    /**
     * Whether the rate is a proportion of rows (numerator cells within denominator cells), so that
     * {@link #successes} and {@link #trials} apply; false for BALANCED_ACCURACY, COUNT and WEIGHT.
     */
    public boolean isProportion() {
        return denominator != 0;
    }

    /** The rate of one group's (or the overall) confusion counts; never throws, NaN with a reason when undefined. */
    public Value of(Confusion c) {
        switch (this) {
            case COUNT:
                return Value.of(c.count());
            case WEIGHT:
                return Value.of(c.weight());
            case BALANCED_ACCURACY: {
                Value tpr = TPR.of(c);
                if (!tpr.isDefined()) {
                    return tpr;
                }
                Value tnr = TNR.of(c);
                if (!tnr.isDefined()) {
                    return tnr;
                }
                return Value.of((tpr.value() + tnr.value()) / 2);
            }
            default:
                if (c.count() == 0) {
                    return Value.undefined(Reason.NO_ROWS, c.group());
                }
                if (countOf(c, denominator) == 0) {
                    return Value.undefined(emptyDenominator, c.group());
                }
                double den = weightOf(c, denominator);
                if (den == 0) {
                    return Value.undefined(Reason.ZERO_WEIGHT, c.group());
                }
                return Value.of(weightOf(c, numerator) / den);
        }
    }

    /**
     * The rows in the numerator of a proportion (for example TP for TPR).
     *
     * @throws IllegalStateException if this rate is not a proportion
     */
    public long successes(Confusion c) {
        requireProportion();
        return countOf(c, numerator);
    }

    /**
     * The rows in the denominator of a proportion (for example TP + FN for TPR).
     *
     * @throws IllegalStateException if this rate is not a proportion
     */
    public long trials(Confusion c) {
        requireProportion();
        return countOf(c, denominator);
    }

    private void requireProportion() {
        if (!isProportion()) {
            throw new IllegalStateException(this + " is not a proportion of rows; pick one of TPR .. ERROR_RATE");
        }
    }

    private static long countOf(Confusion c, int mask) {
        long s = 0;
        for (int cell = 0; cell < 4; cell++) {
            if ((mask & (1 << cell)) != 0) {
                s += c.count(cell);
            }
        }
        return s;
    }

    private static double weightOf(Confusion c, int mask) {
        double s = 0;
        for (int cell = 0; cell < 4; cell++) {
            if ((mask & (1 << cell)) != 0) {
                s += c.weight(cell);
            }
        }
        return s;
    }
}
