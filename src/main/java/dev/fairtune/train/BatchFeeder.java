package dev.fairtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.fairtune.data.Example;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.mitigation.Reweighing;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.mitigation.StratifiedBatchSampler;
import dev.fairtune.penalty.BatchSlots;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * <p>With {@link TrainerConfig.Batching#lengthBuckets()} the epoch's batches are then re-formed by
 * length ({@link #bucketed}): within windows of consecutive batches, each stratum's rows are sorted
 * by token count and dealt back into that stratum's places, so a batch, padded to its longest text,
 * holds texts of similar length, and keeps its strata counts.
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
    private FrozenLayerCache cache;
    private BertClassifier classifier;
    /** Each training row's token count when batches are length-bucketed, else null. */
    private final int[] lengths;
    private final double poissonRate;

    /**
     * Prepares the feeding of {@code train}.
     *
     * @param groupIds each row's group id
     * @param numGroups the number of groups
     * @param positive the positive class (reweighing balances group x positive label)
     * @param twinsFrom the rewriter that makes twins; null when no penalty needs them
     * @param text the encoder, which counts each row's tokens when batches are length-bucketed
     * @param poissonRate DP-SGD's sampling rate q for Poisson batches, or 0 for the configured order
     * @throws IllegalArgumentException when twins are asked for sentence pairs
     */
    BatchFeeder(TextDataset train, int[] groupIds, int numGroups, int positive, TrainerConfig.Batching batching,
            long seed, CounterfactualRewriter twinsFrom, TextEncoder text, double poissonRate) {
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
        // Poisson batches are never re-dealt by length: that would break the sampling DP-SGD's accountant assumes.
        this.lengths = batching.lengthBuckets() && poissonRate == 0 ? tokenCounts(text) : null;
    }

    /** Each training row's token count (special tokens included, truncated at the maximum length). */
    private int[] tokenCounts(TextEncoder text) {
        int n = train.size();
        int[] out = new int[n];
        int chunk = 256;
        for (int s = 0; s < n; s += chunk) {
            List<Example> rows = new ArrayList<>(chunk);
            for (int i = s; i < Math.min(n, s + chunk); i++) {
                rows.add(train.get(i));
            }
            EncodedBatch enc = Predictor.encode(text, rows, train.hasPairs());
            for (int r = 0; r < rows.size(); r++) {
                out[s + r] = enc.tokens(r);
            }
        }
        return out;
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
        List<int[]> batches = order(e);
        return lengths == null ? batches : bucketed(batches, e);
    }

    /** The batches of the epoch's order before length bucketing. */
    private List<int[]> order(int e) {
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

    /**
     * Length buckets over an epoch's batches: for each window of {@link
     * TrainerConfig.Batching#BUCKET_BATCHES} consecutive optimizer steps (each {@code
     * gradientAccumulation} micro-batches), each stratum's rows (group x label
     * under the stratified sampler, all rows otherwise) are sorted by token count (ties keep the
     * window's order) and dealt back into that stratum's places in batch order, so the first batch
     * gets the shortest rows of every stratum; the window's optimizer steps are then shuffled with
     * a seed of the run and the epoch, each step's micro-batches kept together. So a step of B rows
     * in k micro-batches sees the rows one batch of B would (gradient accumulation stays equivalent
     * to a larger batch). A permutation of places within strata: every row keeps its count in the
     * epoch and every batch its strata counts and size.
     */
    List<int[]> bucketed(List<int[]> batches, int e) {
        Random rnd = new Random(seed ^ (GOLDEN * (e + 1L)) ^ 0x5851F42D4C957F2DL);
        int labelsCount = 0;
        for (int y : labels) {
            labelsCount = Math.max(labelsCount, y + 1);
        }
        int perStep = batching.gradientAccumulation();
        int windowBatches = TrainerConfig.Batching.BUCKET_BATCHES * perStep;
        List<int[]> out = new ArrayList<>(batches.size());
        for (int w = 0; w < batches.size(); w += windowBatches) {
            List<int[]> window = new ArrayList<>();
            int places = 0;
            for (int b = w; b < Math.min(batches.size(), w + windowBatches); b++) {
                window.add(batches.get(b).clone());
                places += batches.get(b).length;
            }
            // Place p (batch-major) holds row rows[p]; sort places by (stratum, length, p), then
            // deal each stratum's rows, shortest first, into its places in order.
            long[] keys = new long[places];
            int[] rows = new int[places];
            int p = 0;
            for (int[] batch : window) {
                for (int row : batch) {
                    rows[p] = row;
                    long stratum = sampler == null ? 0 : (long) groupIds[row] * labelsCount + labels[row];
                    keys[p] = (stratum << 42) | ((long) lengths[row] << 21) | p;
                    p++;
                }
            }
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            long[] placesByStratum = new long[places];
            for (int q = 0; q < places; q++) {
                placesByStratum[q] = (keys[q] >>> 42 << 21) | q;
            }
            Arrays.sort(placesByStratum);
            int[] dealt = new int[places];
            for (int q = 0; q < places; q++) {
                int place = (int) (placesByStratum[q] & ((1 << 21) - 1));
                int from = (int) (sorted[q] & ((1 << 21) - 1));
                dealt[place] = rows[from];
            }
            p = 0;
            for (int[] batch : window) {
                for (int j = 0; j < batch.length; j++) {
                    batch[j] = dealt[p++];
                }
            }
            List<List<int[]>> steps = new ArrayList<>();
            for (int b = 0; b < window.size(); b += perStep) {
                steps.add(window.subList(b, Math.min(window.size(), b + perStep)));
            }
            Collections.shuffle(steps, rnd);
            steps.forEach(out::addAll);
        }
        return out;
    }

    /**
     * The encoder inputs of rows {@code idx}: their texts, then the twins of those that have one;
     * with a {@link FrozenLayerCache} ({@link #useCache}), the cached states of the frozen layers
     * instead of token ids.
     */
    NDList inputs(TextEncoder text, int[] idx, NDManager m) {
        int n = train.size();
        int[] keys = new int[idx.length * (twins == null ? 1 : 2)];
        int k = 0;
        for (int i : idx) {
            keys[k++] = i;
        }
        for (int i = 0; twins != null && i < idx.length; i++) {
            if (twins[idx[i]] != null) {
                keys[k++] = n + idx[i];
            }
        }
        int[] slots = Arrays.copyOf(keys, k);
        if (cache != null) {
            return cache.inputs(classifier, slots, this::textOf, some -> encode(text, some), m);
        }
        return encode(text, slots).toNDList(m);
    }

    /**
     * Uses {@code cache} (none when null) for the inputs of {@code classifier} from now on, after
     * {@link FrozenLayerCache#begin} checked the run's freezing.
     */
    void useCache(FrozenLayerCache cache, BertClassifier classifier, Freezing freezing, long unfreezeEverySteps) {
        if (cache != null) {
            cache.begin(classifier, freezing, unfreezeEverySteps);
        }
        this.cache = cache;
        this.classifier = classifier;
    }

    /** Encodes texts by key: row i is key i, the twin of row i is key n + i. */
    private EncodedBatch encode(TextEncoder text, int[] keys) {
        int n = train.size();
        boolean anyTwin = false;
        List<Example> rows = new ArrayList<>(keys.length);
        List<String> texts = new ArrayList<>(keys.length);
        for (int key : keys) {
            anyTwin |= key >= n;
            texts.add(key >= n ? twins[key - n] : train.get(key).text());
            if (key < n) {
                rows.add(train.get(key));
            }
        }
        return anyTwin || twins != null ? text.encode(texts) : Predictor.encode(text, rows, train.hasPairs());
    }

    /** The text of a key (with its pair), for the cache's check. */
    private String textOf(int key) {
        int n = train.size();
        return key >= n ? twins[key - n] : textOf(train.get(key));
    }

    /** An example's text, with its pair after a NUL when it has one: what the cache checks. */
    static String textOf(Example e) {
        return e.pair().map(p -> e.text() + '\u0000' + p).orElse(e.text());
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
