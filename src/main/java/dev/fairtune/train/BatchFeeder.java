package dev.fairtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.fairtune.data.Example;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.mitigation.Reweighing;
import dev.fairtune.mitigation.StratifiedBatchSampler;
import dev.fairtune.penalty.BatchSlots;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Turns the training set into micro-batches: the order of each epoch (a seeded shuffle, or the
 * {@link StratifiedBatchSampler}), each row's sample weight (the data set's, times Kamiran-Calders
 * {@link Reweighing} weights when configured) and, when a penalty needs them, each row's
 * identity-swapped twin. A micro-batch of rows {@code idx} becomes the encoder inputs ({@link
 * #inputs}: the B rows, then the P twins) and the label list in {@link BatchSlots} order ({@link
 * #labels}: labels, group ids, weights, the positions of the rows that have a twin).
 *
 * <p>For DP-SGD the batches are Poisson samples instead ({@link #epoch}).
 *
 * <p>The order of epoch e is a function of the seed and e only, so a resumed run sees the batches
 * the uninterrupted one would.
 */
final class BatchFeeder {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFeeder.class);
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final TextDataset train;
    private final TrainerConfig.Batching batching;
    private final long seed;
    private final int[] labels;
    private final int[] groupIds;
    private final float[] weights;
    private final String[] twins;
    private final StratifiedBatchSampler sampler;
    private final int batchesPerEpoch;
    private final double poissonRate;

    /**
     * Prepares the feeding of {@code train}.
     *
     * @param groupIds each row's group id
     * @param numGroups the number of groups
     * @param positive the positive class (reweighing balances group x positive label)
     * @param twinsFrom the rewriter that makes twins; null when no penalty needs them
     * @param poissonRate DP-SGD's sampling rate q for Poisson batches, or 0 for the configured order
     * @throws IllegalArgumentException when twins are asked for sentence pairs
     */
    BatchFeeder(TextDataset train, int[] groupIds, int numGroups, int positive, TrainerConfig.Batching batching,
            long seed, CounterfactualRewriter twinsFrom, double poissonRate) {
        this.train = train;
        this.poissonRate = poissonRate;
        this.batching = batching;
        this.seed = seed;
        this.labels = train.labels();
        this.groupIds = groupIds;
        this.weights = sampleWeights(numGroups, positive);
        this.twins = twinsFrom == null ? null : twinTexts(twinsFrom);
        if (batching.order() == TrainerConfig.BatchOrder.SHUFFLED) {
            sampler = null;
            batchesPerEpoch = (train.size() + batching.batchSize() - 1) / batching.batchSize();
        } else {
            sampler = StratifiedBatchSampler.builder()
                    .setGroups(groupIds)
                    .setLabels(labels)
                    .setBatchSize(batching.batchSize())
                    .optSeed(seed)
                    .optMode(batching.order() == TrainerConfig.BatchOrder.BALANCED
                            ? StratifiedBatchSampler.Mode.BALANCED : StratifiedBatchSampler.Mode.PROPORTIONAL)
                    .build();
            batchesPerEpoch = sampler.numBatches();
        }
    }

    /** Micro-batches per epoch. */
    int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Optimizer steps per epoch: the micro-batches in groups of the accumulation count. */
    long stepsPerEpoch() {
        return (batchesPerEpoch + batching.gradientAccumulation() - 1) / batching.gradientAccumulation();
    }

    /** Each training row's label. */
    int[] labels() {
        return labels;
    }

    /** Each training row's group id. */
    int[] groups() {
        return groupIds;
    }

    /**
     * The micro-batches of epoch {@code e}, as row indices: a function of the seed and e only. With
     * a Poisson rate q each of the epoch's {@code ceil(N / batchSize)} batches holds every row
     * independently with probability q (sizes vary; a batch may be empty), as DP-SGD's accountant
     * assumes.
     */
    List<int[]> epoch(int e) {
        if (sampler != null) {
            return sampler.epoch(e);
        }
        int n = train.size();
        if (poissonRate > 0) {
            Random rnd = new Random(seed ^ (GOLDEN * (e + 1L)) ^ 0x5DEECE66DL);
            List<int[]> out = new ArrayList<>(batchesPerEpoch);
            for (int b = 0; b < batchesPerEpoch; b++) {
                out.add(IntStream.range(0, n).filter(i -> rnd.nextDouble() < poissonRate).toArray());
            }
            return out;
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random rnd = new Random(seed ^ (GOLDEN * (e + 1L)));
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        List<int[]> out = new ArrayList<>(batchesPerEpoch);
        for (int s = 0; s < n; s += batching.batchSize()) {
            out.add(Arrays.copyOfRange(perm, s, Math.min(n, s + batching.batchSize())));
        }
        return out;
    }

    /** The encoder inputs of rows {@code idx}: their texts, then the twins of those that have one. */
    NDList inputs(TextEncoder text, int[] idx, NDManager m) {
        List<Example> rows = new ArrayList<>(idx.length);
        for (int i : idx) {
            rows.add(train.get(i));
        }
        if (twins == null) {
            return Predictor.encode(text, rows, train.hasPairs()).toNDList(m);
        }
        List<String> texts = new ArrayList<>(idx.length * 2);
        for (Example e : rows) {
            texts.add(e.text());
        }
        for (int i : idx) {
            if (twins[i] != null) {
                texts.add(twins[i]);
            }
        }
        EncodedBatch enc = text.encode(texts);
        return enc.toNDList(m);
    }

    /** The label list of rows {@code idx}, in {@link BatchSlots} order. */
    NDList labels(int[] idx, NDManager m) {
        long[] y = new long[idx.length];
        long[] g = new long[idx.length];
        float[] w = weights == null ? null : new float[idx.length];
        long[] pairRows = new long[idx.length];
        int pairs = 0;
        for (int j = 0; j < idx.length; j++) {
            y[j] = labels[idx[j]];
            g[j] = groupIds[idx[j]];
            if (w != null) {
                w[j] = weights[idx[j]];
            }
            if (twins != null && twins[idx[j]] != null) {
                pairRows[pairs++] = j;
            }
        }
        NDArray cf = null;
        if (twins != null) {
            cf = pairs == 0 ? BatchSlots.noPairs(m) : m.create(Arrays.copyOf(pairRows, pairs));
        }
        return BatchSlots.labels(m.create(y), m.create(g), w == null ? null : m.create(w), cf);
    }

    /** The sample weights, or null when every row weighs 1 and there is no reweighing. */
    private float[] sampleWeights(int numGroups, int positive) {
        float[] w = train.weights();
        if (batching.reweighing()) {
            int[] binary = new int[labels.length];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = labels[i] == positive ? 1 : 0;
            }
            double[] rw = Reweighing.fit(groupIds, binary, numGroups, 2).weights(groupIds, binary);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (w[i] * rw[i]);
            }
            return w;
        }
        for (float x : w) {
            if (x != 1f) {
                return w;
            }
        }
        return null;
    }

    /** Per training row, the twin's text where the row names a swappable identity term; else null. */
    private String[] twinTexts(CounterfactualRewriter rewriter) {
        if (train.hasPairs()) {
            throw new IllegalArgumentException("counterfactual twins of sentence pairs are not supported;"
                    + " train on single texts or drop the penalty that needs twins");
        }
        CounterfactualDataset cf = rewriter.rewrite(train);
        boolean[] changed = cf.changed();
        String[] out = new String[train.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = changed[i] ? cf.counterfactual().get(i).text() : null;
        }
        LOG.info("counterfactual twins: {} of {} training rows mention a swappable identity term", cf.changedCount(),
                train.size());
        return out;
    }
}
