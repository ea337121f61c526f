package dev.fairtune.cli;

import dev.fairtune.penalty.CounterfactualLogitPairingPenalty;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.penalty.MmdPenalty;
import dev.fairtune.penalty.RateGapPenalty;
import dev.fairtune.penalty.TargetMetric;

/** The penalty the command line builds for a {@code --penalty} value. */
final class PenaltyChoice {
    private PenaltyChoice() {
    }

    /**
     * The rate-gap penalty of a gap metric, MMD for {@code SCORE_DISTRIBUTION}, counterfactual logit
     * pairing (L1) for {@code COUNTERFACTUAL_LOGIT_GAP}.
     *
     * @throws IllegalArgumentException for a metric the command line has no penalty for
     */
    static FairnessPenalty of(TargetMetric metric) {
        return switch (metric) {
            case DEMOGRAPHIC_PARITY_DIFFERENCE, TPR_GAP, FPR_GAP, AVERAGE_ODDS_DIFFERENCE,
                    AVERAGE_ABSOLUTE_ODDS_DIFFERENCE, EQUALIZED_ODDS_DIFFERENCE -> RateGapPenalty.of(metric);
            case SCORE_DISTRIBUTION -> MmdPenalty.builder().build();
            case COUNTERFACTUAL_LOGIT_GAP -> new CounterfactualLogitPairingPenalty(CounterfactualLogitPairingPenalty.Distance.L1);
            case GROUP_PREDICTABILITY, OTHER -> throw new IllegalArgumentException("--penalty " + metric
                    + " has no command-line penalty; from Java, see docs/penalties.md (adversarial and custom penalties)");
        };
    }
}
