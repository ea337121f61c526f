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
import java.util.Arrays;
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
        return logits(model, classifier, text, data, batchSize, null);
    }

    /**
     * {@link #logits(PretrainedModel, BertClassifier, TextEncoder, TextDataset, int)} from the frozen
     * layers' states in {@code cache} (none when null), computed once per row of {@code data}: row
     * j is the cache's key {@link FrozenLayerCache#validationKey}(j). Exact, because inference runs
     * the frozen layers without dropout either way.
     */
    static float[][] logits(PretrainedModel model, BertClassifier classifier, TextEncoder text, TextDataset data,
            int batchSize, FrozenLayerCache cache) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        float[][] out = new float[data.size()][];
        boolean pairs = data.hasPairs();
        int[] order = longestFirst(data.examples());
        ParameterStore store = new ParameterStore(model.manager(), false);
        try (Autograd.Mode g = Autograd.noGrad()) {
            for (int start = 0; start < data.size(); start += batchSize) {
                int[] rows = Arrays.copyOfRange(order, start, Math.min(data.size(), start + batchSize));
                try (NDManager batch = model.manager().newSubManager()) {
                    NDArray logits = cache == null
                            ? classifier.forward(store, encode(text, examples(data, rows), pairs).toNDList(batch),
                                    false).get(BatchSlots.LOGITS)
                            : cache.logits(classifier, store, cache.inputs(classifier, validationKeys(rows),
                                    key -> BatchFeeder.textOf(data.get(FrozenLayerCache.validationRow(key))),
                                    keys -> encode(text, examples(data, validationRows(keys)), pairs), batch), false);
                    int classes = (int) logits.getShape().get(1);
                    float[] flat = logits.toFloatArray();
                    for (int i = 0; i < rows.length; i++) {
                        out[rows[i]] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
                    }
                }
            }
        }
        return out;
    }

    private static List<Example> examples(TextDataset data, int[] rows) {
        List<Example> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(data.get(r));
        }
        return out;
    }

    private static int[] validationKeys(int[] rows) {
        int[] keys = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            keys[i] = FrozenLayerCache.validationKey(rows[i]);
        }
        return keys;
    }

    private static int[] validationRows(int[] keys) {
        int[] rows = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            rows[i] = FrozenLayerCache.validationRow(keys[i]);
        }
        return rows;
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
        Arrays.sort(keys);
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
