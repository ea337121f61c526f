package dev.fairtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import dev.fairtune.data.Example;
import dev.fairtune.data.TextDataset;
import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.BatchSlots;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a classifier over a data set in inference mode (dropout off, no autograd recording), in
 * batches, on the calling thread (grad mode is per thread), one sub-manager per batch. Sentence
 * pairs are encoded as pairs.
 *
 * <p>Batches are length-sorted: rows are taken longest first by character count (of both texts of a
 * pair), a close proxy of the token count that needs no tokenizing, so that each batch, padded to
 * its longest text, computes few padding tokens; the logits are returned in row order. Padding is
 * masked out of attention, so a row's logits do not depend on its batch beyond float rounding.
 */
public final class Predictor {

    private Predictor() {}

    /**
     * The logits of every row of {@code data}, in row order.
     *
     * @param batchSize rows per forward pass
     */
    public static float[][] logits(PretrainedModel model, BertClassifier classifier, TextEncoder text, TextDataset data,
            int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        float[][] out = new float[data.size()][];
        boolean pairs = data.hasPairs();
        int[] order = longestFirst(data.examples());
        ParameterStore store = new ParameterStore(model.manager(), false);
        try (Autograd.Mode g = Autograd.noGrad()) {
            List<Example> rows = new ArrayList<>(batchSize);
            for (int start = 0; start < data.size(); start += batchSize) {
                int end = Math.min(data.size(), start + batchSize);
                rows.clear();
                for (int k = start; k < end; k++) {
                    rows.add(data.get(order[k]));
                }
                EncodedBatch enc = encode(text, rows, pairs);
                try (NDManager batch = model.manager().newSubManager()) {
                    NDArray logits = classifier.forward(store, enc.toNDList(batch), false).get(BatchSlots.LOGITS);
                    int classes = (int) logits.getShape().get(1);
                    float[] flat = logits.toFloatArray();
                    for (int i = 0; i < end - start; i++) {
                        float[] row = new float[classes];
                        System.arraycopy(flat, i * classes, row, 0, classes);
                        out[order[start + i]] = row;
                    }
                }
            }
        }
        return out;
    }

    /** Row indices by character count, longest first (ties in row order). */
    static int[] longestFirst(List<Example> examples) {
        int n = examples.size();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            long chars = e.text().length() + (e.pair().isPresent() ? e.pair().get().length() : 0);
            keys[i] = (Math.max(0, Integer.MAX_VALUE - chars) << 32) | i;
        }
        java.util.Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /** {@link #logits} turned into {@link Predictions} of {@code positiveClass}. */
    public static Predictions predict(PretrainedModel model, BertClassifier classifier, TextEncoder text,
            TextDataset data, int batchSize, int positiveClass) {
        return Predictions.of(logits(model, classifier, text, data, batchSize), positiveClass);
    }

    /** Encodes examples' texts, as pairs when {@code pairs}. */
    static EncodedBatch encode(TextEncoder text, List<Example> examples, boolean pairs) {
        List<String> first = new ArrayList<>(examples.size());
        List<String> second = pairs ? new ArrayList<>(examples.size()) : null;
        for (Example e : examples) {
            first.add(e.text());
            if (pairs) {
                second.add(e.pair().orElseThrow());
            }
        }
        return pairs ? text.encodePairs(first, second) : text.encode(first);
    }
}
