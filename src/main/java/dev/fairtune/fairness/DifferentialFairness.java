package dev.fairtune.fairness;

/**
 * Differential fairness (Foulds, Islam, Keya and Pan 2019, "An Intersectional Definition of
 * Fairness"), over the groups of a {@link GroupConfusion}; with several group columns
 * ({@link Groups#intersect}) these are the intersectional cells.
 *
 * <p>A mechanism is epsilon-differentially fair when, for every outcome y and every pair of cells
 * (i, j), {@code e^-epsilon <= P(y | s_i) / P(y | s_j) <= e^epsilon}. The smoothed empirical
 * estimate (their Eq. 7, as in AIF360's {@code smoothed_empirical_differential_fairness}) is
 *
 * <pre>
 * P(y | s)  = (N_{y,s} + alpha) / (N_s + |Y| alpha),  |Y| = 2, alpha = concentration / 2
 * epsilon   = max over cells i, j and y in {0, 1} of |ln P(y | s_i) - ln P(y | s_j)|
 *           = max over y of ln(max_s P(y | s) / min_s P(y | s))
 * </pre>
 *
 * <p>N counts the predictions ({@link Outcome#PREDICTIONS}: the classifier as the mechanism) or the
 * labels ({@link Outcome#LABELS}: the data's own bias). The Dirichlet smoothing constant is given as
 * the concentration {@code |Y| alpha}; {@link #DEFAULT_CONCENTRATION} = 1 (alpha = 1/2 per outcome),
 * the default of Foulds et al.'s code and of AIF360. Concentration 0 is the unsmoothed empirical
 * estimate. With sample weights N are weight sums (as AIF360 does), so the smoothing constant is on
 * the scale of the weights. Only cells with rows take part (as in AIF360, which uses the combinations
 * present in the data); a cell whose rows all weigh 0 then has the prior estimate 1/2.
 *
 * <p>Range [0, inf); ideal 0; unsigned (it says how far apart the most and least favoured cells
 * are, not which is which). The bias amplification {@code epsilon(predictions) - epsilon(labels)}
 * (AIF360 {@code differential_fairness_bias_amplification}) is signed: positive means the
 * classifier's decisions are less differentially fair than the labels it learned from; ideal 0 (or
 * below). Undefined: {@link Reason#FEWER_THAN_TWO_GROUPS} with fewer than two cells with rows
 * (as every across-groups metric); without smoothing also {@link Reason#ZERO_WEIGHT} for a cell of weight 0
 * and {@link Reason#ZERO_PROBABILITY} when an outcome has probability 0 in one cell but not in
 * another (epsilon would be infinite). An outcome with the same probability in every cell, 0
 * included, adds 0. Everything follows from the confusion counts in one pass over the groups.
 */
public final class DifferentialFairness {
    /** The default Dirichlet concentration {@code |Y| alpha}: 1, so alpha = 1/2 per outcome. */
    public static final double DEFAULT_CONCENTRATION = 1.0;

    /** Which column's outcomes the estimate counts. */
    public enum Outcome {
        /** The predictions: the differential fairness of the classifier. */
        PREDICTIONS,
        /** The labels: the differential fairness of the data. */
        LABELS
    }

    private DifferentialFairness() {
    }

    /** The smoothed empirical differential fairness epsilon with {@link #DEFAULT_CONCENTRATION}. */
    public static Value epsilon(GroupConfusion counts, Outcome outcome) {
        return epsilon(counts, outcome, DEFAULT_CONCENTRATION);
    }

    /**
     * The smoothed empirical differential fairness epsilon.
     *
     * @param concentration the Dirichlet concentration {@code |Y| alpha}, finite and not negative; 0
     *     for the unsmoothed estimate
     * @throws IllegalArgumentException for a negative, NaN or infinite concentration
     */
    public static Value epsilon(GroupConfusion counts, Outcome outcome, double concentration) {
        if (!(concentration >= 0 && concentration < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("concentration must be finite and not negative, got " + concentration);
        }
        double alpha = concentration / 2;
        int cells = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int g = 0; g < counts.groups().size(); g++) {
            if (counts.count(g) == 0) {
                continue;
            }
            double positive = counts.weight(g, GroupConfusion.TP)
                    + counts.weight(g, outcome == Outcome.PREDICTIONS ? GroupConfusion.FP : GroupConfusion.FN);
            double total = counts.weight(g, GroupConfusion.TP) + counts.weight(g, GroupConfusion.FP)
                    + counts.weight(g, GroupConfusion.TN) + counts.weight(g, GroupConfusion.FN);
            if (total + concentration == 0) {
                return Value.undefined(Reason.ZERO_WEIGHT, counts.groups().name(g));
            }
            double p = (positive + alpha) / (total + concentration);
            max = Math.max(max, p);
            min = Math.min(min, p);
            cells++;
        }
        if (cells < 2) {
            return Value.undefined(Reason.FEWER_THAN_TWO_GROUPS, null);
        }
        if (max == min) {
            return Value.of(0);
        }
        // P(1 | s) ranges over [min, max], so P(0 | s) = 1 - P(1 | s) ranges over [1 - max, 1 - min].
        if (min == 0 || max == 1) {
            return Value.undefined(Reason.ZERO_PROBABILITY, null);
        }
        return Value.of(Math.max(Math.log(max / min), Math.log((1 - min) / (1 - max))));
    }

    /**
     * The bias amplification {@code epsilon(predictions) - epsilon(labels)} with
     * {@link #DEFAULT_CONCENTRATION}.
     */
    public static Value biasAmplification(GroupConfusion counts) {
        return biasAmplification(counts, DEFAULT_CONCENTRATION);
    }

    /**
     * The bias amplification {@code epsilon(predictions) - epsilon(labels)}; undefined when either
     * epsilon is (with the predictions' reason first).
     *
     * @throws IllegalArgumentException for a negative, NaN or infinite concentration
     */
    public static Value biasAmplification(GroupConfusion counts, double concentration) {
        Value predictions = epsilon(counts, Outcome.PREDICTIONS, concentration);
        if (!predictions.isDefined()) {
            return predictions;
        }
        Value labels = epsilon(counts, Outcome.LABELS, concentration);
        if (!labels.isDefined()) {
            return labels;
        }
        return Value.of(predictions.value() - labels.value());
    }
}
