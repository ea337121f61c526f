package dev.fairtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.BertEncoder;
import dev.fairtune.model.Freezing;
import dev.fairtune.text.EncodedBatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The frozen lower layers' outputs, computed once per training and validation text and reused by
 * every epoch, every validation pass and every run that shares the cache (the runs of a {@link
 * dev.fairtune.sweep.Sweep}): when the embeddings and encoder layers 0 .. k-1 are frozen, each
 * step and each validation pass then computes only layers k and above and the head ({@link
 * BertClassifier#logitsFromLayer}).
 *
 * <p>What changes: the frozen layers run <em>without dropout</em> (their output must be a function
 * of the text alone to be reused), so a cached run is not bit-identical to an uncached one, whose
 * frozen layers still drop units; the run's provenance says so ({@link #describe}). The trainable
 * layers keep their dropout. The cached state of a text is that of its real tokens only, (tokens,
 * H) floats; a batch pads them with zeros, which is exact because padded positions get no
 * attention weight ({@link BertEncoder#forwardFrom}).
 *
 * <p>Memory: at most {@code maxBytes} of float data (4 x tokens x H bytes per text) are kept;
 * texts beyond the cap are computed again each time they are used (counted as {@link
 * #recomputed()}). A text's entry is keyed by its row (its twin by the row plus the training-set
 * size; validation row j by {@link #validationKey}(j), negative, so the validation passes reuse the
 * states too) and checked against the text's hash on every use; the whole cache is dropped when the
 * frozen weights change (checked by a hash at the start of each run). Requires that nothing below
 * layer k trains at any step (no gradual unfreezing). Not thread-safe.
 */
public final class FrozenLayerCache {

    private static final Logger LOG = LoggerFactory.getLogger(FrozenLayerCache.class);

    /** The default cap on cached float data, 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private final int layers;
    private final long maxBytes;
    private final Map<Integer, Entry> entries = new HashMap<>();
    private long storedBytes;
    private long computed;
    private long reused;
    private long recomputed;
    private long frozenHash;
    private int hidden;

    private record Entry(int textHash, int tokens, float[] states) {}

    private FrozenLayerCache(int layers, long maxBytes) {
        this.layers = layers;
        this.maxBytes = maxBytes;
    }

    /**
     * A cache of the input of layer {@code layers} (the outputs of the embeddings and layers 0 ..
     * layers-1).
     *
     * @param layers k, the frozen encoder layers above the embeddings, {@code >= 0}
     * @param maxBytes the cap on cached float data, {@code >= 0}
     */
    public static FrozenLayerCache of(int layers, long maxBytes) {
        if (layers < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("need layers >= 0 and maxBytes >= 0, got " + layers + ", " + maxBytes);
        }
        return new FrozenLayerCache(layers, maxBytes);
    }

    /** The key of validation row {@code row}: {@code -1 - row}, apart from the training keys. */
    static int validationKey(int row) {
        return -1 - row;
    }

    /** The validation row of a {@link #validationKey}. */
    static int validationRow(int key) {
        return -1 - key;
    }

    /** k: the cached part is the embeddings and layers 0 .. k-1. */
    public int layers() {
        return layers;
    }

    /** Bytes of float data held now. */
    public long storedBytes() {
        return storedBytes;
    }

    /** Texts whose states were computed and stored. */
    public long computed() {
        return computed;
    }

    /** Uses served from the cache. */
    public long reused() {
        return reused;
    }

    /** Uses computed again because the cap was reached. */
    public long recomputed() {
        return recomputed;
    }

    /** The cache in words, for the run's provenance. */
    public String describe() {
        return String.format(Locale.ROOT, "the embeddings%s computed once per training and validation text"
                + " without dropout and cached (cap %d MiB)", layers == 0 ? "" : " and layers 0-" + (layers - 1), maxBytes >> 20);
    }

    /**
     * Starts a run: checks that nothing below layer k trains, and drops every entry when the frozen
     * weights are not those the entries were computed with.
     *
     * @param freezing the run's freezing, or null for the classifier's own
     * @param unfreezeEverySteps the run's gradual-unfreezing interval
     * @throws IllegalArgumentException when a parameter below layer k may train, or k exceeds the layers
     */
    void begin(BertClassifier classifier, Freezing freezing, long unfreezeEverySteps) {
        int numLayers = classifier.config().numLayers();
        if (layers > numLayers) {
            throw new IllegalArgumentException("the frozen-layer cache covers " + layers + " layers but the model has "
                    + numLayers);
        }
        if (unfreezeEverySteps > 0) {
            throw new IllegalArgumentException("the frozen-layer cache needs the lower layers frozen at every step;"
                    + " gradual unfreezing opens them: turn one of the two off");
        }
        long hash = 17;
        for (Map.Entry<String, Parameter> e : classifier.namedParameters().entrySet()) {
            if (Layers.depth(e.getKey(), numLayers) > layers) {
                continue;
            }
            boolean frozen = freezing != null ? freezing.selects(e.getKey()) : !e.getValue().requiresGradient();
            if (!frozen) {
                throw new IllegalArgumentException("the frozen-layer cache covers the embeddings and " + layers
                        + " layers, but " + e.getKey() + " trains: freeze the embeddings and the first " + layers
                        + " layers, or cache fewer layers");
            }
            hash = 31 * hash + Arrays.hashCode(e.getValue().getArray().toFloatArray());
        }
        if (!entries.isEmpty() && hash != frozenHash) {
            LOG.info("frozen weights changed: dropping {} cached texts", entries.size());
            entries.clear();
            storedBytes = 0;
        }
        frozenHash = hash;
        hidden = classifier.config().hiddenSize();
    }

    /**
     * The step inputs of the texts {@code keys}: (states (B, T, H) float32, mask (B, T) int64).
     *
     * @param text each key's text (and pair), for the hash check
     * @param encode encodes the texts of some keys, in the order given
     */
    NDList inputs(BertClassifier classifier, int[] keys, IntFunction<String> text, Function<int[], EncodedBatch> encode,
            NDManager m) {
        Entry[] rows = new Entry[keys.length];
        int[] missing = new int[keys.length];
        int nMissing = 0;
        for (int j = 0; j < keys.length; j++) {
            Entry e = entries.get(keys[j]);
            if (e != null && e.textHash() == text.apply(keys[j]).hashCode()) {
                rows[j] = e;
                reused++;
            } else {
                missing[nMissing++] = j;
            }
        }
        if (nMissing > 0) {
            int[] which = new int[nMissing];
            for (int i = 0; i < nMissing; i++) {
                which[i] = keys[missing[i]];
            }
            Entry[] fresh = compute(classifier, encode.apply(which), which, text, m);
            for (int i = 0; i < nMissing; i++) {
                rows[missing[i]] = fresh[i];
            }
        }
        int t = 0;
        for (Entry e : rows) {
            t = Math.max(t, e.tokens());
        }
        float[] states = new float[keys.length * t * hidden];
        long[] mask = new long[keys.length * t];
        for (int j = 0; j < keys.length; j++) {
            System.arraycopy(rows[j].states(), 0, states, j * t * hidden, rows[j].states().length);
            Arrays.fill(mask, j * t, j * t + rows[j].tokens(), 1L);
        }
        return new NDList(m.create(states, new Shape(keys.length, t, hidden)), m.create(mask, new Shape(keys.length, t)));
    }

    private Entry[] compute(BertClassifier classifier, EncodedBatch batch, int[] keys, IntFunction<String> text,
            NDManager m) {
        Entry[] out = new Entry[keys.length];
        try (NDManager sub = m.newSubManager(); Autograd.Mode g = Autograd.noGrad()) {
            NDList in = batch.toNDList(sub);
            ParameterStore ps = new ParameterStore(sub, false);
            NDArray types = in.size() > BertEncoder.TOKEN_TYPE_IDS ? in.get(BertEncoder.TOKEN_TYPE_IDS) : null;
            float[] all = classifier.encoder().hiddenAfter(ps, in.get(BertEncoder.INPUT_IDS),
                    in.get(BertEncoder.ATTENTION_MASK), types, layers, false).toFloatArray();
            int len = batch.length();
            for (int j = 0; j < keys.length; j++) {
                int tokens = batch.tokens(j);
                float[] s = Arrays.copyOfRange(all, j * len * hidden, (j * len + tokens) * hidden);
                Entry e = new Entry(text.apply(keys[j]).hashCode(), tokens, s);
                out[j] = e;
                long bytes = 4L * s.length;
                Entry old = entries.get(keys[j]);
                long freed = old == null ? 0 : 4L * old.states().length;
                if (storedBytes - freed + bytes <= maxBytes) {
                    entries.put(keys[j], e);
                    storedBytes += bytes - freed;
                    computed++;
                } else {
                    recomputed++;
                }
            }
        }
        return out;
    }

    /** The logits of step inputs made by {@link #inputs}: layers k and above, then the head. */
    NDArray logits(BertClassifier classifier, ParameterStore ps, NDList inputs, boolean training) {
        return classifier.logitsFromLayer(ps, inputs.get(0), inputs.get(1), layers, training);
    }
}
