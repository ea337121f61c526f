package dev.fairtune.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import dev.fairtune.model.BertEncoder;

/**
 * A tokenized batch padded to its longest sequence: B rows of T tokens, row-major.
 *
 * @param size B, the number of texts
 * @param length T, the longest encoded text (with special tokens) after truncation
 * @param inputIds token ids, B x T, padding id where the mask is 0
 * @param attentionMask 1 for real tokens, 0 for padding, B x T
 * @param typeIds token type ids (0 for the first text of a pair, 1 for the second), B x T
 */
public record EncodedBatch(int size, int length, long[] inputIds, long[] attentionMask, long[] typeIds) {

    /** Checks that each array holds B x T values. */
    public EncodedBatch {
        long n = (long) size * length;
        if (inputIds.length != n || attentionMask.length != n || typeIds.length != n) {
            throw new IllegalArgumentException("arrays must hold " + size + " x " + length + " values");
        }
    }

    /** Number of real (unpadded) tokens of row {@code i}. */
    public int tokens(int i) {
        int n = 0;
        for (int j = 0; j < length; j++) {
            n += (int) attentionMask[i * length + j];
        }
        return n;
    }

    /**
     * The model input in {@code manager}: ids, mask and type ids, each (B, T) int64, in the slots
     * {@link BertEncoder#INPUT_IDS}, {@link BertEncoder#ATTENTION_MASK}, {@link
     * BertEncoder#TOKEN_TYPE_IDS}.
     */
    public NDList toNDList(NDManager manager) {
        Shape shape = new Shape(size, length);
        NDArray[] slots = new NDArray[3];
        slots[BertEncoder.INPUT_IDS] = manager.create(inputIds, shape);
        slots[BertEncoder.ATTENTION_MASK] = manager.create(attentionMask, shape);
        slots[BertEncoder.TOKEN_TYPE_IDS] = manager.create(typeIds, shape);
        return new NDList(slots);
    }
}
