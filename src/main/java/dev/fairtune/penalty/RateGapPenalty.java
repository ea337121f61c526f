package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;
import dev.fairtune.fairness.Criterion;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.penalty.GroupStatistics.Rates;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Gaps between soft group rates: demographic parity, TPR, FPR, average odds, average absolute odds
 * and equalized odds. One definition serves all six: a soft rate per group, then an aggregation.
 *
 * <p>With {@code s_i = p_i[k]} the softmax probability of the positive class {@code k} (default 1),
 * {@code w_i} the sample weight and {@code y_i} the label, the soft rate of group {@code g} over the
 * rows selected by a condition {@code c} is
 *
 * <pre>  r_g(c) = sum_{i in g} w_i c_i s_i / sum_{i in g} w_i c_i</pre>
 *
 * with {@code c = 1} for the selection rate (SR), {@code c = [y = k]} for the TPR and {@code c = [y
 * != k]} for the FPR. {@code gap(r)} is the largest difference over the groups present in the batch
 * ({@code max_g r_g - min_g r_g}; for two groups {@code |r_g - r_r|}) and {@code delta(r) = r_g -
 * r_r} the signed two-group difference, group g minus the reference group r ({@link
 * PenaltyInput#reference()}), as the signed metrics of {@code fairness}:
 *
 * <ul>
 *   <li>{@link FairnessMetric#DEMOGRAPHIC_PARITY_DIFFERENCE}: {@code gap(SR)};
 *   <li>{@link FairnessMetric#TPR_GAP}: {@code gap(TPR)};
 *   <li>{@link FairnessMetric#FPR_GAP}: {@code gap(FPR)};
 *   <li>{@link FairnessMetric#AVERAGE_ODDS_DIFFERENCE}: {@code |(delta(FPR) + delta(TPR)) / 2|}, two
 *       groups only (the TPR and FPR differences may cancel, as in AIF360's metric);
 *   <li>{@link FairnessMetric#AVERAGE_ABS_ODDS_DIFFERENCE}: {@code (gap(FPR) + gap(TPR)) / 2};
 *   <li>{@link FairnessMetric#EQUALIZED_ODDS_DIFFERENCE}: {@code max(gap(TPR), gap(FPR))}, as
 *       Fairlearn.
 * </ul>
 *
 * <p>{@link Builder#optSigned(boolean)} returns the signed two-group value instead ({@code delta} of
 * the rate, or {@code (delta(FPR) + delta(TPR)) / 2}) for demographic parity, TPR, FPR and average
 * odds: use it only as a one-sided constraint (a Lagrangian trainer), never as a plain penalty, as
 * minimising it rewards bias against the reference group.
 *
 * <p>Missing groups and labels: a group with no selected row (or only zero weights) is absent from
 * that rate; a gap is taken over present groups only and is 0 when fewer than two are present. So a
 * batch without positives in group 1 has a TPR term of exactly 0 (zero gradient), and the average
 * and maximum then use that 0.
 */
public final class RateGapPenalty implements FairnessPenalty {

    private static final Set<FairnessMetric> SUPPORTED =
            EnumSet.of(
                    FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE,
                    FairnessMetric.TPR_GAP,
                    FairnessMetric.FPR_GAP,
                    FairnessMetric.AVERAGE_ODDS_DIFFERENCE,
                    FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE,
                    FairnessMetric.EQUALIZED_ODDS_DIFFERENCE);
    private static final Set<FairnessMetric> SIGNABLE =
            EnumSet.of(
                    FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE,
                    FairnessMetric.TPR_GAP,
                    FairnessMetric.FPR_GAP,
                    FairnessMetric.AVERAGE_ODDS_DIFFERENCE);

    private final FairnessMetric metric;
    private final int positiveClass;
    private final boolean signed;

    private RateGapPenalty(Builder builder) {
        this.metric = builder.metric;
        this.positiveClass = builder.positiveClass;
        this.signed = builder.signed;
    }

    /**
     * Returns the unsigned penalty for {@code metric} with positive class 1.
     *
     * @param metric one of the six rate metrics listed on this class
     * @return the penalty
     */
    public static RateGapPenalty of(FairnessMetric metric) {
        return builder().setMetric(metric).build();
    }

    /**
     * The unsigned rate-gap penalty whose value at hard 0/1 probabilities is {@code metric}'s
     * magnitude: the six metrics above, and on two groups also {@code EQUAL_OPPORTUNITY_DIFFERENCE}
     * (the TPR gap), {@code STATISTICAL_PARITY_DIFFERENCE} (the demographic parity gap) and {@code
     * EQUALIZED_ODDS_DIFFERENCE_MEAN} (the average absolute odds difference).
     *
     * @return the penalty; empty for a metric no rate gap approximates
     */
    public static Optional<RateGapPenalty> approximating(FairnessMetric metric) {
        FairnessMetric rate = switch (metric) {
            case EQUAL_OPPORTUNITY_DIFFERENCE -> FairnessMetric.TPR_GAP;
            case STATISTICAL_PARITY_DIFFERENCE -> FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE;
            case EQUALIZED_ODDS_DIFFERENCE_MEAN -> FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE;
            default -> metric;
        };
        return SUPPORTED.contains(rate) ? Optional.of(of(rate)) : Optional.empty();
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns {@code "<metric>"}, prefixed by {@code "signed_"} when signed and suffixed by
     * {@code "@<class>"} when the positive class is not 1, e.g. {@code "tpr_gap"}.
     */
    @Override
    public String name() {
        String base = metric.name().toLowerCase(Locale.ROOT);
        return (signed ? "signed_" : "") + base + (positiveClass == 1 ? "" : "@" + positiveClass);
    }

    /** {@inheritDoc} */
    @Override
    public Criterion approximates() {
        return metric;
    }

    /**
     * Returns whether this penalty is the signed two-group difference.
     *
     * @return true when signed
     */
    public boolean isSigned() {
        return signed;
    }

    /**
     * Returns the class whose probability is the score.
     *
     * @return the positive class
     */
    public int positiveClass() {
        return positiveClass;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray compute(PenaltyInput input) {
        if ((signed || metric == FairnessMetric.AVERAGE_ODDS_DIFFERENCE) && input.numGroups() != 2) {
            throw new IllegalArgumentException(
                    name() + " is a two-group difference (group minus reference group), but the"
                            + " batch declares " + input.numGroups() + " groups; use an unsigned"
                            + " gap (largest difference over groups) such as"
                            + " AVERAGE_ABS_ODDS_DIFFERENCE or EQUALIZED_ODDS_DIFFERENCE");
        }
        NDArray score = input.score(positiveClass);
        NDArray positive = input.labelMask(positiveClass);
        switch (metric) {
            case DEMOGRAPHIC_PARITY_DIFFERENCE:
                return aggregate(GroupStatistics.rates(input, score, null), input.reference());
            case TPR_GAP:
                return aggregate(GroupStatistics.rates(input, score, positive), input.reference());
            case FPR_GAP:
                return aggregate(GroupStatistics.rates(input, score, positive.neg().add(1)), input.reference());
            default:
                break;
        }
        Rates tpr = GroupStatistics.rates(input, score, positive);
        Rates fpr = GroupStatistics.rates(input, score, positive.neg().add(1));
        switch (metric) {
            case AVERAGE_ODDS_DIFFERENCE:
                NDArray average =
                        Scalars.times(
                                GroupStatistics.signedGap(fpr, input.reference()).add(GroupStatistics.signedGap(tpr, input.reference())), 0.5);
                return signed ? average : average.abs();
            case AVERAGE_ABS_ODDS_DIFFERENCE:
                return Scalars.times(gap(fpr).add(gap(tpr)), 0.5);
            case EQUALIZED_ODDS_DIFFERENCE:
                return gap(tpr).maximum(gap(fpr));
            default:
                throw new IllegalStateException("unsupported metric " + metric);
        }
    }

    private NDArray aggregate(Rates rates, int reference) {
        return signed ? GroupStatistics.signedGap(rates, reference) : gap(rates);
    }

    private static NDArray gap(Rates rates) {
        return GroupStatistics.largestGap(rates.rate(), rates.present());
    }

    /** Builder for {@link RateGapPenalty}. */
    public static final class Builder {

        private FairnessMetric metric;
        private int positiveClass = 1;
        private boolean signed;

        private Builder() {}

        /**
         * Sets the metric to approximate.
         *
         * @param metric one of the six rate metrics listed on {@link RateGapPenalty}
         * @return this builder
         */
        public Builder setMetric(FairnessMetric metric) {
            this.metric = metric;
            return this;
        }

        /**
         * Sets the positive class whose probability is the score (default 1).
         *
         * @param positiveClass a class id
         * @return this builder
         */
        public Builder optPositiveClass(int positiveClass) {
            this.positiveClass = positiveClass;
            return this;
        }

        /**
         * Returns the signed two-group difference instead of its magnitude (default false).
         *
         * @param signed true for the other group minus the reference group
         * @return this builder
         */
        public Builder optSigned(boolean signed) {
            this.signed = signed;
            return this;
        }

        /**
         * Builds the penalty.
         *
         * @return the penalty
         * @throws IllegalArgumentException when the metric is not a rate metric, or signed is asked
         *     of an inherently unsigned one
         */
        public RateGapPenalty build() {
            if (metric == null || !SUPPORTED.contains(metric)) {
                throw new IllegalArgumentException(
                        "RateGapPenalty approximates one of " + SUPPORTED + ", got " + metric
                                + "; see MmdPenalty, CounterfactualLogitPairingPenalty and"
                                + " AdversarialPenalty for the others");
            }
            if (signed && !SIGNABLE.contains(metric)) {
                throw new IllegalArgumentException(
                        metric + " is unsigned by definition; signed is available for " + SIGNABLE);
            }
            if (positiveClass < 0) {
                throw new IllegalArgumentException(
                        "positiveClass must be a class id >= 0, got " + positiveClass);
            }
            return new RateGapPenalty(this);
        }
    }
}
