package dev.fairtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

import dev.fairtune.model.Autograd;
import dev.fairtune.penalty.BatchSlots;

/**
 * Softmax cross-entropy over the logits in {@link BatchSlots#LOGITS}, with the class index from
 * {@link BatchSlots#LABELS}:
 *
 * <pre>
 *   ce_i = -log softmax(z_i)[y_i]
 *   loss = mean_i ce_i                              without sample weights
 *   loss = sum_i w_i ce_i / sum_i w_i               with weights w in {@link BatchSlots#WEIGHTS}
 * </pre>
 *
 * A batch whose weights sum to 0 gives loss 0 (and no gradient). The weights slot counts as absent
 * when the list is too short or holds an empty placeholder ({@link BatchSlots#isPresent}); group
 * ids and counterfactual slots are ignored. Matches {@code torch.nn.functional.cross_entropy} in
 * the unweighted case. (A {@link dev.fairtune.penalty.FairnessAwareLoss} computes the same
 * cross-entropy and adds penalties.)
 */
public final class CrossEntropyLoss extends Loss {

    /** Creates the loss, named "cross_entropy". */
    public CrossEntropyLoss() {
        super("cross_entropy");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray perExample = perExample(labels.get(BatchSlots.LABELS), predictions.get(BatchSlots.LOGITS));
        if (BatchSlots.isPresent(labels, BatchSlots.WEIGHTS)) {
            NDArray w = labels.get(BatchSlots.WEIGHTS).toType(DataType.FLOAT32, false);
            return perExample.mul(w).sum().div(w.sum().maximum(Autograd.scalar(w, Float.MIN_NORMAL)));
        }
        return perExample.mean();
    }

    /** {@code ce_i} for every example: (B). */
    public static NDArray perExample(NDArray labels, NDArray logits) {
        long classes = logits.getShape().get(1);
        NDArray oneHot = labels.toType(DataType.INT64, false).reshape(-1).oneHot((int) classes);
        return logits.logSoftmax(-1).mul(oneHot).sum(new int[] {-1}).neg();
    }
}
