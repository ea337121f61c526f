package dev.fairtune.fairness;

import static dev.fairtune.fairness.Aggregation.DIFFERENCE;
import static dev.fairtune.fairness.Aggregation.MAX_MINUS_MIN;
import static dev.fairtune.fairness.Aggregation.MIN_OVER_MAX;
import static dev.fairtune.fairness.Aggregation.RATIO;
import static dev.fairtune.fairness.Combination.MEAN;
import static dev.fairtune.fairness.Combination.MEAN_ABSOLUTE;
import static dev.fairtune.fairness.Combination.WORST;

import java.util.ArrayList;
import java.util.List;

/**
 * The field's named fairness metrics, each a composition of {@link Rate}s, an {@link Aggregation}
 * and a {@link Combination} (the inequality indices of {@link EntropyIndex} and the differential
 * fairness of {@link DifferentialFairness} excepted), computed from {@link GroupConfusion}.
 *
 * <p>Three scopes ({@link #scope()}):
 * <ul>
 *   <li>{@link Scope#VERSUS_REFERENCE}: signed, AIF360's convention, <b>group minus reference</b>
 *       (AIF360: unprivileged minus privileged): pass the group and the reference (privileged)
 *       group to {@link #compute(GroupConfusion, int, int)}. Swapping the two flips the sign of
 *       a difference and inverts a ratio.
 *   <li>{@link Scope#ACROSS_GROUPS}: unsigned, Fairlearn's convention, over every group that has
 *       rows, any number of groups; no reference group; {@link #compute(GroupConfusion)}. The
 *       differential fairness metrics read the groups as intersectional cells; their bias
 *       amplification, a difference of two unsigned epsilons, is the one signed metric here.
 *   <li>{@link Scope#ALL_ROWS}: an inequality index of all rows; no reference group;
 *       {@link #compute(GroupConfusion)}.
 * </ul>
 *
 * <p>Undefined values are NaN with the reason of the first undefined rate (see {@link Rate} and
 * {@link Aggregation}); a metric never throws for data it cannot measure. In the formulas, g is the
 * group, r the reference, SR the selection rate and ERR the error rate.
 */
public enum FairnessMetric implements Criterion, Definition.Defined {
    /**
     * AIF360 {@code average_odds_difference}: {@code ((FPR_g - FPR_r) + (TPR_g - TPR_r)) / 2}. Signed
     * (positive: the group gets more positive predictions, right or wrong, than the reference);
     * range [-1, 1]; ideal 0. Undefined when either group lacks positive or negative labels.
     */
    AVERAGE_ODDS_DIFFERENCE(MEAN, DIFFERENCE, Rate.FPR, Rate.TPR),
    /**
     * AIF360 {@code average_abs_odds_difference}: {@code (|FPR_g - FPR_r| + |TPR_g - TPR_r|) / 2}.
     * Unsigned but relative to the reference; range [0, 1]; ideal 0. Undefined as
     * {@link #AVERAGE_ODDS_DIFFERENCE}.
     */
    AVERAGE_ABS_ODDS_DIFFERENCE(MEAN_ABSOLUTE, DIFFERENCE, Rate.FPR, Rate.TPR),
    /**
     * AIF360 {@code equal_opportunity_difference}: {@code TPR_g - TPR_r}. Signed; range [-1, 1];
     * ideal 0. Undefined when either group has no positive labels.
     */
    EQUAL_OPPORTUNITY_DIFFERENCE(WORST, DIFFERENCE, Rate.TPR),
    /**
     * AIF360 {@code statistical_parity_difference}: {@code SR_g - SR_r}. Signed; range [-1, 1];
     * ideal 0. Undefined when either group has no rows. The unsigned across-groups version is
     * {@link #DEMOGRAPHIC_PARITY_DIFFERENCE}.
     */
    STATISTICAL_PARITY_DIFFERENCE(WORST, DIFFERENCE, Rate.SELECTION_RATE),
    /**
     * AIF360 {@code disparate_impact}: {@code SR_g / SR_r}. Range [0, inf); ideal 1; below 0.8 fails
     * the "four-fifths rule". Undefined when either group has no rows or the reference selects
     * no one ({@link Reason#ZERO_DIVISOR}). The across-groups version is {@link #DEMOGRAPHIC_PARITY_RATIO}.
     */
    DISPARATE_IMPACT("below 0.8 fails the four-fifths rule", WORST, RATIO, Rate.SELECTION_RATE),
    /**
     * Predictive parity difference {@code PPV_g - PPV_r} (AIF360 gives PPV per group but no named
     * difference). Signed; range [-1, 1]; ideal 0. Undefined when either group has no predicted positives.
     */
    PREDICTIVE_PARITY_DIFFERENCE(WORST, DIFFERENCE, Rate.PPV),
    /**
     * AIF360 {@code false_discovery_rate_difference}: {@code FDR_g - FDR_r}. Signed; range [-1, 1];
     * ideal 0. Undefined when either group has no predicted positives.
     */
    FALSE_DISCOVERY_RATE_DIFFERENCE(WORST, DIFFERENCE, Rate.FDR),
    /**
     * AIF360 {@code false_omission_rate_difference}: {@code FOR_g - FOR_r}. Signed; range [-1, 1];
     * ideal 0. Undefined when either group has no predicted negatives.
     */
    FALSE_OMISSION_RATE_DIFFERENCE(WORST, DIFFERENCE, Rate.FOR),
    /**
     * AIF360 {@code error_rate_difference}: {@code ERR_g - ERR_r}. Signed; range [-1, 1]; ideal 0.
     * Undefined when either group has no rows.
     */
    ERROR_RATE_DIFFERENCE(WORST, DIFFERENCE, Rate.ERROR_RATE),
    /**
     * AIF360 {@code error_rate_ratio}: {@code ERR_g / ERR_r}. Range [0, inf); ideal 1. Undefined when
     * either group has no rows or the reference makes no error ({@link Reason#ZERO_DIVISOR}).
     */
    ERROR_RATE_RATIO(WORST, RATIO, Rate.ERROR_RATE),
    /**
     * Fairlearn {@code true_positive_rate_difference}: {@code max_g TPR_g - min_g TPR_g}. Unsigned;
     * range [0, 1]; ideal 0. Undefined when a group with rows has no positive labels, or fewer than
     * two groups have rows.
     */
    TPR_GAP(WORST, MAX_MINUS_MIN, Rate.TPR),
    /**
     * Fairlearn {@code false_positive_rate_difference}: {@code max_g FPR_g - min_g FPR_g}. Unsigned;
     * range [0, 1]; ideal 0. Undefined when a group with rows has no negative labels, or fewer than
     * two groups have rows.
     */
    FPR_GAP(WORST, MAX_MINUS_MIN, Rate.FPR),
    /**
     * Fairlearn {@code equalized_odds_difference} (default {@code agg="worst_case"}):
     * {@code max(TPR gap, FPR gap)}. Unsigned; range [0, 1]; ideal 0. Undefined as the gaps.
     */
    EQUALIZED_ODDS_DIFFERENCE(WORST, MAX_MINUS_MIN, Rate.TPR, Rate.FPR),
    /**
     * Fairlearn {@code equalized_odds_difference(agg="mean")}: {@code (TPR gap + FPR gap) / 2}.
     * Unsigned; range [0, 1]; ideal 0. Not the same as AIF360's average odds difference, which is
     * signed and relative to a reference group.
     */
    EQUALIZED_ODDS_DIFFERENCE_MEAN(MEAN, MAX_MINUS_MIN, Rate.TPR, Rate.FPR),
    /**
     * Fairlearn {@code equalized_odds_ratio} (worst case): {@code min(min TPR / max TPR, min FPR / max FPR)}.
     * Range [0, 1]; ideal 1. Also undefined when every group's TPR (or FPR) is 0 ({@link Reason#ZERO_DIVISOR}).
     */
    EQUALIZED_ODDS_RATIO(WORST, MIN_OVER_MAX, Rate.TPR, Rate.FPR),
    /**
     * Fairlearn {@code equalized_odds_ratio(agg="mean")}: the mean of the TPR and FPR min-over-max
     * ratios. Range [0, 1]; ideal 1; undefined as {@link #EQUALIZED_ODDS_RATIO}.
     */
    EQUALIZED_ODDS_RATIO_MEAN(MEAN, MIN_OVER_MAX, Rate.TPR, Rate.FPR),
    /**
     * Fairlearn {@code demographic_parity_difference}: {@code max_g SR_g - min_g SR_g}. Unsigned;
     * range [0, 1]; ideal 0. Undefined when fewer than two groups have rows.
     */
    DEMOGRAPHIC_PARITY_DIFFERENCE(WORST, MAX_MINUS_MIN, Rate.SELECTION_RATE),
    /**
     * Fairlearn {@code demographic_parity_ratio}: {@code min_g SR_g / max_g SR_g}. Range [0, 1];
     * ideal 1. Undefined when fewer than two groups have rows or no group has a positive prediction.
     */
    DEMOGRAPHIC_PARITY_RATIO(WORST, MIN_OVER_MAX, Rate.SELECTION_RATE),
    /**
     * AIF360 {@code generalized_entropy_index(alpha=2)} of the benefit {@code prediction - label + 1}
     * over all rows (see {@link EntropyIndex}). Unsigned; range [0, inf); ideal 0. Undefined with no
     * rows, zero weight or a mean benefit of 0.
     */
    GENERALIZED_ENTROPY_INDEX(Scope.ALL_ROWS, c -> EntropyIndex.generalized(c, 2),
            "GE(2) of the benefit " + Phrase.BENEFIT + " over all rows", Phrase.SPREAD),
    /**
     * AIF360 {@code theil_index}: the generalized entropy index with alpha = 1. Unsigned; range
     * [0, inf); ideal 0; a false negative's benefit of 0 adds {@code 0 ln 0 = 0}.
     */
    THEIL_INDEX(Scope.ALL_ROWS, c -> EntropyIndex.generalized(c, 1), "GE(1) (Theil) of the benefit " + Phrase.BENEFIT, Phrase.SPREAD),
    /**
     * AIF360 {@code between_group_generalized_entropy_index(alpha=2)}, over every group (not only a
     * privileged/unprivileged split): the part of GE(2) due to differences between group means.
     * Range [0, inf); ideal 0.
     */
    BETWEEN_GROUP_GENERALIZED_ENTROPY_INDEX(Scope.ALL_ROWS, c -> EntropyIndex.betweenGroups(c, 2),
            "GE(2) with each row's benefit replaced by its group's mean", Phrase.BETWEEN),
    /** AIF360 {@code between_group_theil_index}, over every group. Range [0, inf); ideal 0. */
    BETWEEN_GROUP_THEIL_INDEX(Scope.ALL_ROWS, c -> EntropyIndex.betweenGroups(c, 1),
            "GE(1) with each row's benefit replaced by its group's mean", Phrase.BETWEEN),
    /**
     * The mean log deviation: AIF360 {@code generalized_entropy_index(alpha=0)},
     * {@code -(1/W) sum_i w_i ln(b_i / mu)}. Unsigned; range [0, inf); ideal 0. Any false negative
     * (benefit 0) makes it infinite: undefined with {@link Reason#ZERO_BENEFIT}.
     */
    MEAN_LOG_DEVIATION(Scope.ALL_ROWS, c -> EntropyIndex.generalized(c, 0),
            "GE(0) = -(1/n) sum_i ln(b_i / mu), " + Phrase.BENEFIT, Phrase.SPREAD + "; undefined (infinite) with any false negative"),
    /**
     * The between-group mean log deviation, GE(0) of the group mean benefits, over every group.
     * Range [0, inf); ideal 0. Undefined with {@link Reason#ZERO_MEAN_BENEFIT} naming a group whose
     * every row is a false negative.
     */
    BETWEEN_GROUP_MEAN_LOG_DEVIATION(Scope.ALL_ROWS, c -> EntropyIndex.betweenGroups(c, 0),
            "GE(0) with each row's benefit replaced by its group's mean", Phrase.BETWEEN),
    /**
     * AIF360 {@code coefficient_of_variation}: {@code sqrt(2 GE(2))}, the standard deviation of the
     * benefit over its mean. Unsigned; range [0, inf); ideal 0; undefined as
     * {@link #GENERALIZED_ENTROPY_INDEX}.
     */
    COEFFICIENT_OF_VARIATION(Scope.ALL_ROWS, EntropyIndex::coefficientOfVariation,
            "sqrt(2 GE(2)) = standard deviation / mean of the benefit " + Phrase.BENEFIT, Phrase.SPREAD),
    /**
     * AIF360 {@code between_group_coefficient_of_variation}, over every group:
     * {@code sqrt(2 GE_between(2))}. Unsigned; range [0, inf); ideal 0.
     */
    BETWEEN_GROUP_COEFFICIENT_OF_VARIATION(Scope.ALL_ROWS, EntropyIndex::betweenGroupsCoefficientOfVariation,
            "sqrt(2 GE_between(2)): spread of the group mean benefits over the mean", Phrase.BETWEEN),
    /**
     * Smoothed empirical differential fairness of the predictions (Foulds et al. 2019; see
     * {@link DifferentialFairness}): {@code max_{y, i, j} |ln P(yhat = y | s_i) - ln P(yhat = y | s_j)|}
     * over the groups (intersectional cells) with rows, {@code P = (N_{y,s} + 1/2) / (N_s + 1)}.
     * Unsigned; range [0, inf); ideal 0. Undefined with fewer than two groups with rows.
     */
    DIFFERENTIAL_FAIRNESS(Scope.ACROSS_GROUPS,
            c -> DifferentialFairness.epsilon(c, DifferentialFairness.Outcome.PREDICTIONS),
            "max over y, cells i, j of |ln P(pred = y | s_i) - ln P(pred = y | s_j)|, P = (N_{y,s} + "
                    + DifferentialFairness.DEFAULT_CONCENTRATION / 2 + ") / (N_s + " + DifferentialFairness.DEFAULT_CONCENTRATION
                    + ") (Foulds et al. 2019)",
            "unsigned: larger means the most and least favoured cells are further apart"),
    /**
     * AIF360 {@code smoothed_empirical_differential_fairness} of the data: as
     * {@link #DIFFERENTIAL_FAIRNESS} with the labels in place of the predictions. Unsigned; range
     * [0, inf); ideal 0.
     */
    LABEL_DIFFERENTIAL_FAIRNESS(Scope.ACROSS_GROUPS,
            c -> DifferentialFairness.epsilon(c, DifferentialFairness.Outcome.LABELS),
            "as DIFFERENTIAL_FAIRNESS with the labels in place of the predictions",
            "unsigned: larger means the data's outcomes differ more between cells"),
    /**
     * AIF360 {@code differential_fairness_bias_amplification}:
     * {@code DIFFERENTIAL_FAIRNESS - LABEL_DIFFERENTIAL_FAIRNESS}. Signed: positive means the
     * predictions are further from differential fairness than the labels; range (-inf, inf); ideal 0
     * (or below). Undefined when either epsilon is.
     */
    DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION(Scope.ACROSS_GROUPS, DifferentialFairness::biasAmplification,
            "DIFFERENTIAL_FAIRNESS - LABEL_DIFFERENTIAL_FAIRNESS",
            "signed: positive means the model amplifies the disparity in its labels", "(-inf, inf)");

    /** Which groups a metric reads and whether it needs a reference group. */
    public enum Scope {
        /** Signed: a group compared with the reference group (group minus reference). */
        VERSUS_REFERENCE,
        /** All groups with rows, no reference; unsigned except the differential fairness bias amplification. */
        ACROSS_GROUPS,
        /** An index over all rows (and their group means); no reference. */
        ALL_ROWS
    }

    /** Phrases the inequality indices' definitions share (a holder class, as enum constants cannot read the enum's own fields). */
    private static final class Phrase {
        static final String BENEFIT = "b_i = prediction_i - label_i + 1";
        static final String SPREAD = "larger means benefits are spread less evenly";
        static final String BETWEEN = "larger means more inequality between groups";
    }

    private final Combination combination;
    private final Aggregation aggregation;
    private final Rate[] rates;
    private final Scope scope;
    private final CountMetric index;
    private final String note;
    private final String formula;
    private final String sign;
    private final String range;

    FairnessMetric(Combination combination, Aggregation aggregation, Rate... rates) {
        this(null, combination, aggregation, rates);
    }

    /** A composition of rates whose reading carries a note, such as the four-fifths rule. */
    FairnessMetric(String note, Combination combination, Aggregation aggregation, Rate... rates) {
        this.combination = combination;
        this.aggregation = aggregation;
        this.rates = rates;
        this.scope = aggregation.needsReference() ? Scope.VERSUS_REFERENCE : Scope.ACROSS_GROUPS;
        this.index = null;
        this.note = note;
        this.formula = null;
        this.sign = null;
        this.range = null;
    }

    /** A metric that is not a composition of rates (an inequality index or differential fairness), range [0, inf). */
    FairnessMetric(Scope scope, CountMetric index, String formula, String sign) {
        this(scope, index, formula, sign, "[0, inf)");
    }

    FairnessMetric(Scope scope, CountMetric index, String formula, String sign, String range) {
        this.combination = null;
        this.aggregation = null;
        this.rates = new Rate[0];
        this.scope = scope;
        this.index = index;
        this.note = null;
        this.formula = formula;
        this.sign = sign;
        this.range = range;
    }

    /**
     * The metric's definition. A composition's formula, reading and range are written from its
     * {@link Combination}, {@link Aggregation} and {@link Rate}s, so they cannot disagree with what
     * {@link #compute} does.
     */
    @Override
    public Definition definition() {
        if (index != null) {
            return new Definition(name(), formula, sign, ideal(), range);
        }
        List<String> parts = new ArrayList<>(rates.length);
        for (Rate r : rates) {
            parts.add(aggregation.formula(r.symbol()));
        }
        String reading = combination == Combination.MEAN_ABSOLUTE
                ? "unsigned: larger means a bigger disparity from the reference" : aggregation.reading();
        String values = combination == Combination.MEAN_ABSOLUTE ? "[0, 1]" : aggregation.range();
        return new Definition(name(), combination.formula(aggregation, parts),
                note == null ? reading : reading + " (" + note + ")", ideal(), values);
    }

    /** The rates a composition reads (their per-group values decide where it is defined); none for an index. */
    public List<Rate> rates() {
        return List.of(rates);
    }

    /** Which groups the metric reads. */
    public Scope scope() {
        return scope;
    }

    /** Whether the metric compares a group with a reference group. */
    public boolean needsReference() {
        return scope() == Scope.VERSUS_REFERENCE;
    }

    /** The value that means no disparity: 1 for ratios, 0 otherwise. */
    public double ideal() {
        return aggregation == null ? 0 : aggregation.ideal();
    }

    /**
     * The metric of a group against the reference group: {@code group} minus (or over) {@code reference}.
     *
     * @throws IllegalStateException if the metric does not use a reference group (use {@link #compute(GroupConfusion)})
     */
    public Value compute(GroupConfusion counts, int group, int reference) {
        if (!needsReference()) {
            throw new IllegalStateException(this + " needs no reference group; call compute(counts)");
        }
        return combination.versus(aggregation, counts, group, reference, rates);
    }

    /**
     * The metric over all groups.
     *
     * @throws IllegalStateException if the metric compares with a reference group (use
     *     {@link #compute(GroupConfusion, int, int)})
     */
    public Value compute(GroupConfusion counts) {
        if (needsReference()) {
            throw new IllegalStateException(this + " compares a group with a reference group; call compute(counts, group, reference)");
        }
        if (index != null) {
            return index.compute(counts);
        }
        return combination.across(aggregation, counts, rates);
    }

    /** This metric as a function of counts, for the bootstrap and permutation tests. */
    public CountMetric asCountMetric() {
        if (needsReference()) {
            throw new IllegalStateException(this + " compares a group with a reference group; use versus(group, reference)");
        }
        return this::compute;
    }

    /** This signed metric of a fixed group against a fixed reference, as a function of counts. */
    public CountMetric versus(int group, int reference) {
        if (!needsReference()) {
            throw new IllegalStateException(this + " needs no reference group; use asCountMetric()");
        }
        return counts -> compute(counts, group, reference);
    }
}
