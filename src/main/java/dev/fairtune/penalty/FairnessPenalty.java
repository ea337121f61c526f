package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;

/**
 * A differentiable fairness penalty computed on one batch. New penalties plug in by implementing
 * this interface and adding themselves to a {@link FairnessAwareLoss}.
 *
 * <p>Contract of {@link #compute(PenaltyInput)}:
 *
 * <ul>
 *   <li>returns a scalar (shape {@code ()}) in the data type of the logits, differentiable with
 *       respect to the logits (and whatever else it reads: twin logits, its own parameters);
 *   <li>works from soft scores ({@link PenaltyInput#probabilities()} or the logits), never from
 *       thresholded predictions, which have no gradient;
 *   <li>is finite for every valid batch: a term whose group or label is missing from the batch is
 *       masked out and contributes exactly 0 with a zero gradient (use {@link
 *       PenaltyInput#groupMask()}, masked sums and denominators that are replaced, not divided, when
 *       empty; avoid reading tensors to the host per element);
 *   <li>is non-negative and 0 at the ideal, unless the penalty documents itself as signed;
 *   <li>respects {@link PenaltyInput#weights()} where weighting is meaningful.
 * </ul>
 */
public interface FairnessPenalty {

    /**
     * Returns a short, stable name for logs and reports, e.g. {@code "tpr_gap"}.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the metric this penalty is a surrogate for.
     *
     * @return the metric
     */
    TargetMetric approximates();

    /**
     * Computes the penalty on one batch.
     *
     * @param input the batch
     * @return a scalar
     */
    NDArray compute(PenaltyInput input);
}
