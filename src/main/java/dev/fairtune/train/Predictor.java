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
 * Runs a classifier over a data set in evaluation mode (dropout off, no gradients), in batches,
 * on the calling thread (grad mode is per thread), one sub-manager per batch. Sentence pairs are
 * encoded as pairs.
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
        ParameterStore store = new ParameterStore(model.manager(), false);
        try (Autograd.Mode g = Autograd.noGrad()) {
            for (int start = 0; start < data.size(); start += batchSize) {
                int end = Math.min(data.size(), start + batchSize);
                EncodedBatch enc = encode(text, data.examples().subList(start, end), pairs);
                try (NDManager batch = model.manager().newSubManager()) {
                    NDArray logits = classifier.forward(store, enc.toNDList(batch), false).get(BatchSlots.LOGITS);
                    int classes = (int) logits.getShape().get(1);
                    float[] flat = logits.toFloatArray();
                    for (int i = 0; i < end - start; i++) {
                        out[start + i] = new float[classes];
                        System.arraycopy(flat, i * classes, out[start + i], 0, classes);
                    }
                }
            }
        }
        return out;
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
