package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.fairtune.fairness.Criterion;
import dev.fairtune.fairness.CounterfactualFairness;
import java.util.Locale;

/**
 * Counterfactual logit pairing (Garg et al. 2019): the distance between the logits of a text and
 * those of its identity-swapped twin ("he" to "she", "gay" to "straight"...), averaged over the
 * pairs of the batch.
 *
 * <p>Softmax ignores a shift shared by all logits, so both logit vectors are first centred
 * ({@code z - mean_c z}); for two classes the L1 distance is then {@code |m - m'|} with {@code m =
 * z_1 - z_0} the margin, which is Garg et al.'s single-logit CLP term. With twin {@code p} of batch
 * row {@code r_p} and weight {@code w_{r_p}}:
 *
 * <pre>  penalty = sum_p w_{r_p} d(centre(z_{r_p}), centre(z'_p)) / sum_p w_{r_p}</pre>
 *
 * with {@code d} the L1 distance, the Euclidean (L2) distance or its square. Gradients reach both the
 * text's and the twin's logits; detach the twin's logits before building the input to move only the
 * original.
 *
 * <p>No pairs in the batch (an empty index) gives exactly 0. The step must still declare that it
 * produces counterfactual data (the {@link BatchSlots#COUNTERFACTUAL_INDEX} slot): without it this
 * penalty throws rather than silently contributing nothing.
 */
public final class CounterfactualLogitPairingPenalty implements FairnessPenalty {

    /** The distance between centred logit vectors. */
    public enum Distance {
        /** {@code sum_c |u_c - v_c|}. */
        L1,
        /** {@code sqrt(sum_c (u_c - v_c)^2)}; its gradient at 0 is taken as 0. */
        L2,
        /** {@code sum_c (u_c - v_c)^2}. */
        SQUARED_L2
    }

    private final Distance distance;

    /**
     * Creates the penalty.
     *
     * @param distance the distance between centred logit vectors
     */
    public CounterfactualLogitPairingPenalty(Distance distance) {
        if (distance == null) {
            throw new IllegalArgumentException("distance must not be null: use L1, L2 or SQUARED_L2");
        }
        this.distance = distance;
    }

    /** Returns e.g. {@code "clp_l1"}. */
    @Override
    public String name() {
        return "clp_" + distance.name().toLowerCase(Locale.ROOT);
    }

    /** {@inheritDoc} */
    @Override
    public Criterion approximates() {
        return CounterfactualFairness.Statistic.MEAN_ABSOLUTE_DIFFERENCE;
    }

    /**
     * Returns the distance.
     *
     * @return the distance
     */
    public Distance distance() {
        return distance;
    }

    /** {@inheritDoc} */
    /** True: the penalty compares each row's logits with its twin's. */
    @Override
    public boolean needsCounterfactualTwins() {
        return true;
    }

    @Override
    public NDArray compute(PenaltyInput input) {
        NDArray index =
                input.counterfactualIndex()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                name() + " needs counterfactual twins: put their"
                                                        + " logits (P, C) at predictions slot"
                                                        + " BatchSlots.COUNTERFACTUAL_LOGITS and"
                                                        + " their batch rows (P) at labels slot"
                                                        + " BatchSlots.COUNTERFACTUAL_INDEX (an"
                                                        + " empty index when a batch has none)"));
        if (index.size() == 0) {
            return input.logits().getManager().zeros(new Shape(), input.logits().getDataType());
        }
        NDArray twins = input.counterfactualLogits().orElseThrow();
        NDArray originals = input.logits().get(new NDIndex("{}", index));
        NDArray difference = centre(originals).sub(centre(twins));
        NDArray perPair;
        switch (distance) {
            case L1:
                perPair = difference.abs().sum(new int[] {1});
                break;
            case SQUARED_L2:
                perPair = difference.square().sum(new int[] {1});
                break;
            case L2:
                NDArray squared = difference.square().sum(new int[] {1});
                NDArray positive = squared.gt(0);
                NDArray safe = NDArrays.where(positive, squared, squared.onesLike());
                perPair = NDArrays.where(positive, safe.sqrt(), squared.zerosLike());
                break;
            default:
                throw new IllegalStateException("unsupported distance " + distance);
        }
        NDArray weight = input.weights().get(new NDIndex("{}", index));
        NDArray total = weight.sum();
        NDArray safeTotal = NDArrays.where(total.gt(0), total, total.onesLike());
        return weight.mul(perPair).sum().div(safeTotal);
    }

    private static NDArray centre(NDArray logits) {
        return logits.sub(logits.mean(new int[] {1}, true));
    }
}
