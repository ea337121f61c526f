package dev.fairtune.penalty;

import java.util.List;

/**
 * The parts of one evaluation of a {@link FairnessAwareLoss}, read to the host.
 *
 * @param total {@code taskLoss + sum_i lambda_i * value_i}
 * @param taskLoss the (weighted) cross-entropy
 * @param penalties one term per penalty, in the loss's order
 */
public record LossComponents(double total, double taskLoss, List<Term> penalties) {

    /**
     * Copies the term list.
     *
     * @param total the total
     * @param taskLoss the cross-entropy
     * @param penalties the terms
     */
    public LossComponents {
        penalties = List.copyOf(penalties);
    }

    /**
     * One penalty's part.
     *
     * @param penalty the penalty
     * @param lambda its weight when the loss was evaluated
     * @param value its raw value
     */
    public record Term(FairnessPenalty penalty, double lambda, double value) {

        /**
         * Returns what this term added to the total.
         *
         * @return {@code lambda * value}
         */
        public double contribution() {
            return lambda * value;
        }
    }
}
