package dev.fairtune.cli;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.penalty.CounterfactualLogitPairingPenalty;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.penalty.MmdPenalty;
import dev.fairtune.penalty.RateGapPenalty;

/**
 * The values of {@code --penalty}: the six rate gaps, named after the {@link FairnessMetric} that
 * their {@link RateGapPenalty} approximates, and two penalties on scores.
 */
enum PenaltyChoice {
    DEMOGRAPHIC_PARITY_DIFFERENCE, TPR_GAP, FPR_GAP, AVERAGE_ODDS_DIFFERENCE, AVERAGE_ABS_ODDS_DIFFERENCE,
    EQUALIZED_ODDS_DIFFERENCE,
    /** MMD between the groups' score distributions. */
    SCORE_DISTRIBUTION,
    /** Counterfactual logit pairing (L1) between a text and its identity-swapped twin. */
    COUNTERFACTUAL_LOGIT_GAP;

    /** The penalty this value names. */
    FairnessPenalty penalty() {
        return switch (this) {
            case SCORE_DISTRIBUTION -> MmdPenalty.builder().build();
            case COUNTERFACTUAL_LOGIT_GAP -> new CounterfactualLogitPairingPenalty(CounterfactualLogitPairingPenalty.Distance.L1);
            default -> RateGapPenalty.of(FairnessMetric.valueOf(name()));
        };
    }
}
