package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Named slots of the two {@link NDList}s that a training step hands to a loss: the labels list
 * and the predictions list. Use these constants, never bare indices.
 *
 * <p>Labels list ({@code labels.get(slot)}):
 *
 * <ul>
 *   <li>{@link #LABELS} (required): class ids, integer, shape {@code (B)} (or {@code (B, 1)}).
 *   <li>{@link #GROUPS} (required): group ids {@code 0..G-1}, integer, shape {@code (B)}. The
 *       reference group is a separate value ({@link PenaltyInput#reference()}, the data's
 *       reference in the trainer); signed penalties report the other group minus the reference.
 *   <li>{@link #WEIGHTS} (optional): non-negative sample weights, float, shape {@code (B)}; absent
 *       means every weight is 1.
 *   <li>{@link #COUNTERFACTUAL_INDEX} (optional): for counterfactual pairs, an integer array of
 *       shape {@code (P)} whose entry {@code p} is the batch row that twin {@code p} was made from
 *       (a row may have several twins, or none).
 * </ul>
 *
 * <p>Predictions list ({@code predictions.get(slot)}):
 *
 * <ul>
 *   <li>{@link #LOGITS} (required): the classifier's logits, float, shape {@code (B, C)}.
 *   <li>{@link #COUNTERFACTUAL_LOGITS} (optional): the logits of the {@code P} identity-swapped
 *       twins, shape {@code (P, C)}, in the order of {@link #COUNTERFACTUAL_INDEX}.
 * </ul>
 *
 * <p>An optional slot is <em>absent</em> when the list is too short to hold it or when the array
 * there has no elements ({@link #absent(NDManager)}): a list that carries counterfactual pairs but
 * no sample weights puts an empty placeholder in {@link #WEIGHTS}. An empty counterfactual index
 * means "this batch has no pairs" (the pairing penalty is then 0); a list too short to hold the
 * counterfactual slots means "the step produced no counterfactual data", which a penalty that needs
 * it reports as an error.
 */
public final class BatchSlots {

    /** Labels list: class ids, integer, {@code (B)}. */
    public static final int LABELS = 0;
    /** Labels list: group ids {@code 0..G-1}, integer, {@code (B)}; 0 is the reference group. */
    public static final int GROUPS = 1;
    /** Labels list (optional): non-negative sample weights, float, {@code (B)}. */
    public static final int WEIGHTS = 2;
    /** Labels list (optional): batch row of each counterfactual twin, integer, {@code (P)}. */
    public static final int COUNTERFACTUAL_INDEX = 3;

    /** Predictions list: logits, float, {@code (B, C)}. */
    public static final int LOGITS = 0;
    /** Predictions list (optional): logits of the counterfactual twins, float, {@code (P, C)}. */
    public static final int COUNTERFACTUAL_LOGITS = 1;

    private BatchSlots() {}

    /**
     * Returns whether {@code list} holds a non-empty array at {@code slot}.
     *
     * @param list a labels or predictions list
     * @param slot one of this class's constants
     * @return true when the slot exists and its array has at least one element
     */
    public static boolean isPresent(NDList list, int slot) {
        return slot < list.size() && list.get(slot).size() > 0;
    }

    /**
     * Returns an empty placeholder for an absent optional slot.
     *
     * @param manager the manager that owns the placeholder
     * @return a float array of shape {@code (0)}
     */
    public static NDArray absent(NDManager manager) {
        return manager.create(new float[0]);
    }

    /**
     * Builds a labels list in slot order, with placeholders for what is absent.
     *
     * @param labels class ids {@code (B)}
     * @param groups group ids {@code (B)}
     * @param weights sample weights {@code (B)}, or null for none
     * @param counterfactualIndex batch row of each twin {@code (P)}, or null when the step produces
     *     no counterfactual data (the list then stops before that slot)
     * @return the labels list
     */
    public static NDList labels(
            NDArray labels, NDArray groups, NDArray weights, NDArray counterfactualIndex) {
        NDManager manager = labels.getManager();
        NDList list = new NDList(labels, groups);
        if (weights != null || counterfactualIndex != null) {
            list.add(weights != null ? weights : absent(manager));
        }
        if (counterfactualIndex != null) {
            list.add(counterfactualIndex);
        }
        return list;
    }

    /**
     * Builds a predictions list in slot order.
     *
     * @param logits logits {@code (B, C)}
     * @param counterfactualLogits twin logits {@code (P, C)}, or null when there are none
     * @return the predictions list
     */
    public static NDList predictions(NDArray logits, NDArray counterfactualLogits) {
        NDList list = new NDList(logits);
        if (counterfactualLogits != null) {
            list.add(counterfactualLogits);
        }
        return list;
    }

    /**
     * Returns an empty integer index for a batch that has no counterfactual pairs.
     *
     * @param manager the manager that owns it
     * @return an int64 array of shape {@code (0)}
     */
    public static NDArray noPairs(NDManager manager) {
        return manager.create(new long[0]);
    }
}
