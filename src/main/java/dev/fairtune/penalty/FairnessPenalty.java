package dev.fairtune.penalty;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;

import dev.fairtune.fairness.Criterion;

import java.util.Map;

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
     * Returns what this penalty is a surrogate for, as a {@code fairness} definition: a {@link
     * dev.fairtune.fairness.FairnessMetric}, a counterfactual statistic or one of {@link
     * Criterion.Other}.
     *
     * @return the criterion
     */
    Criterion approximates();

    /**
     * Computes the penalty on one batch.
     *
     * @param input the batch
     * @return a scalar
     */
    NDArray compute(PenaltyInput input);

    /**
     * Whether every training batch must carry the identity-swapped twins of its rows ({@link
     * PenaltyInput#counterfactualLogits()}); the trainer then makes them with its counterfactual
     * rewriter and forwards them with the batch. Default false.
     *
     * @return true when {@link #compute} reads twin logits
     */
    default boolean needsCounterfactualTwins() {
        return false;
    }

    /**
     * Creates (once; later calls return the same) and returns the parameters this penalty trains
     * besides the classifier's, such as an adversary's weights; the trainer's optimizer updates
     * them, checkpoints save them, and their initial values come from the engine's seed, set before
     * this call. Default none.
     *
     * @param manager the manager that owns them (the model's)
     * @param dataType the logits' data type
     * @return the parameters by name, in a stable order
     */
    default Map<String, Parameter> trainableParameters(NDManager manager, DataType dataType) {
        return Map.of();
    }
}
