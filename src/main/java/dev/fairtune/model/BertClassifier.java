package dev.fairtune.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * HuggingFace's {@code BertForSequenceClassification} on a {@link BertEncoder}: with h the last
 * hidden state of the [CLS] token (position 0),
 *
 * <pre>
 *   v      = tanh(Wp h + bp)     with {@link Pooling#POOLER}, or v = h with {@link Pooling#CLS}
 *   logits = Wc Dropout(v) + bc  Wc: (labels, H), dropout p = classifier_dropout, only in training
 * </pre>
 *
 * <p>Input: as {@link BertEncoder}. Output: slot {@link #LOGITS} the logits (B, labels).
 * Parameters carry the names of {@code BertForSequenceClassification}'s state dict ({@code
 * bert.embeddings...}, {@code bert.pooler.dense.weight}, {@code classifier.weight}), see {@link
 * #namedParameters()}.
 *
 * <p>A classifier shares its {@link PretrainedModel}'s encoder (its arrays live in the model's
 * manager), so fine-tuning it changes that model's encoder. Build one with {@link #builder}.
 */
public final class BertClassifier extends AbstractBlock {

    /** Output slot of the logits. */
    public static final int LOGITS = 0;

    private final BertEncoder encoder;
    private final Pooling pooling;
    private final List<String> labels;
    private final Parameter poolerW;
    private final Parameter poolerB;
    private final Parameter classifierW;
    private final Parameter classifierB;
    private final Map<String, Parameter> named = new LinkedHashMap<>();

    private BertClassifier(BertEncoder encoder, Pooling pooling, List<String> labels) {
        this.encoder = addChildBlock("bert", encoder);
        this.pooling = pooling;
        this.labels = List.copyOf(labels);
        encoder.namedParameters().forEach((n, p) -> named.put(StateDict.BERT_PREFIX + n, p));
        if (pooling == Pooling.POOLER) {
            poolerW = param(StateDict.BERT_PREFIX + StateDict.POOLER_WEIGHT);
            poolerB = param(StateDict.BERT_PREFIX + StateDict.POOLER_BIAS);
        } else {
            poolerW = null;
            poolerB = null;
        }
        classifierW = param(StateDict.CLASSIFIER_WEIGHT);
        classifierB = param(StateDict.CLASSIFIER_BIAS);
    }

    private Parameter param(String name) {
        Parameter p = addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build());
        named.put(name, p);
        return p;
    }

    /** Starts a classifier on {@code model}'s encoder. */
    public static Builder builder(PretrainedModel model) {
        return new Builder(model);
    }

    /** The encoder. */
    public BertEncoder encoder() {
        return encoder;
    }

    /** The architecture. */
    public BertConfig config() {
        return encoder.config();
    }

    /** How the [CLS] state is pooled. */
    public Pooling pooling() {
        return pooling;
    }

    /** Class names; logit i belongs to label i. */
    public List<String> labels() {
        return labels;
    }

    /**
     * All parameters under their {@code BertForSequenceClassification} state-dict names, in
     * state-dict order (encoder, pooler, classifier).
     */
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    /** Number of scalar parameters. */
    public long parameterCount() {
        return named.values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** Number of scalar parameters that receive gradients (not frozen). */
    public long trainableParameterCount() {
        return named.values().stream().filter(Parameter::requiresGradient).mapToLong(p -> p.getArray().size()).sum();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(head(ps, encoder.forward(ps, inputs, training, params).head(), training));
    }

    /**
     * The logits (B, labels) from word embeddings instead of ids (see {@link
     * BertEncoder#forwardEmbeddings}): equal to {@code forward} on the ids whose {@link
     * BertEncoder#wordEmbeddings} these are.
     *
     * @param words (B, T, H) float32
     * @param mask (B, T), 1 for real tokens and 0 for padding
     * @param types (B, T) int64, or null for zeros
     */
    public NDArray logitsFromEmbeddings(ParameterStore ps, NDArray words, NDArray mask, NDArray types, boolean training) {
        return head(ps, encoder.forwardEmbeddings(ps, words, mask, types, training), training);
    }

    /**
     * The logits (B, labels) from the input of encoder layer k ({@link BertEncoder#hiddenAfter}):
     * layers k and above, then the head. Equal to {@code forward} on the ids when the layers below k
     * ran without dropout.
     *
     * @param hidden (B, T, H) float32, padded anyhow where {@code mask} is 0
     * @param mask (B, T), 1 for real tokens and 0 for padding
     */
    public NDArray logitsFromLayer(ParameterStore ps, NDArray hidden, NDArray mask, int k, boolean training) {
        return head(ps, encoder.forwardFrom(ps, hidden, mask, k, training), training);
    }

    private NDArray head(ParameterStore ps, NDArray hidden, boolean training) {
        Device d = hidden.getDevice();
        NDArray v = hidden.get(new NDIndex(":, 0"));
        if (pooling == Pooling.POOLER) {
            v = BertEncoder.linear(ps, v, poolerW, poolerB, d, training).tanh();
        }
        v = encoder.dropout(v, config().classifierDropout(), training);
        return BertEncoder.linear(ps, v, classifierW, classifierB, d, training);
    }

    /** True once every parameter has its array. */
    @Override
    public boolean isInitialized() {
        return named.values().stream().allMatch(Parameter::isInitialized);
    }

    /**
     * Not supported: weights come from a checkpoint ({@link PretrainedModel#load}), never from DJL
     * initializers.
     */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        throw new IllegalStateException(
                "BertClassifier weights come from a checkpoint (PretrainedModel.load / BertClassifier.builder), not from initializers");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[BertEncoder.INPUT_IDS].get(0), labels.size())};
    }

    @Override
    public String toString() {
        return "BertClassifier[" + pooling + ", labels=" + labels + ", " + config() + "]";
    }

    /**
     * Builds a {@link BertClassifier}. The head comes from the checkpoint when it has one for the
     * same number of labels (unless {@link #optNewHead}); otherwise it is initialised as
     * HuggingFace does: weights ~ N(0, initializer_range²), biases 0, from {@link #optSeed}.
     */
    public static final class Builder {
        private final PretrainedModel model;
        private List<String> labels;
        private Pooling pooling;
        private long seed = 42;
        private boolean newHead;

        private Builder(PretrainedModel model) {
            this.model = model;
        }

        /** The class names (at least 2); default: the checkpoint's {@code id2label}. */
        public Builder optLabels(List<String> labels) {
            this.labels = List.copyOf(labels);
            return this;
        }

        /** The pooling; default: the checkpoint's ({@link PretrainedModel#defaultPooling()}). */
        public Builder optPooling(Pooling pooling) {
            this.pooling = pooling;
            return this;
        }

        /** Seed of freshly initialised head weights; default 42. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Ignore the checkpoint's classification head (and pooler) and start fresh ones. */
        public Builder optNewHead(boolean newHead) {
            this.newHead = newHead;
            return this;
        }

        /**
         * Builds the classifier.
         *
         * @throws IllegalArgumentException when no labels are given and the checkpoint has none, or
         *     when the checkpoint's head has a different number of labels
         */
        public BertClassifier build() {
            List<String> l = labels != null ? labels : model.labels();
            if (l.size() < 2) {
                throw new IllegalArgumentException(
                        "a classifier needs at least 2 labels; the checkpoint names " + model.labels().size()
                                + ": call optLabels(...)");
            }
            if (l.stream().distinct().count() != l.size()) {
                throw new IllegalArgumentException("labels must be distinct: " + l);
            }
            boolean useHead = !newHead && model.headLabels() > 0;
            if (useHead && model.headLabels() != l.size()) {
                throw new IllegalArgumentException(
                        "the checkpoint's classification head has " + model.headLabels() + " labels but "
                                + l.size() + " were given: call optNewHead(true) to start a new head");
            }
            Pooling p = pooling != null ? pooling : model.defaultPooling();
            BertClassifier c = new BertClassifier(model.encoder(), p, l);
            BertConfig cfg = model.config();
            int h = cfg.hiddenSize();
            Random rng = new Random(seed);
            Map<String, Parameter> params = new LinkedHashMap<>();
            Map<String, Shape> shapes = new LinkedHashMap<>();
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            if (p == Pooling.POOLER) {
                boolean fromCheckpoint = !newHead && model.hasPooler();
                head(c.poolerW, StateDict.POOLER_WEIGHT, new long[] {h, h}, fromCheckpoint, cfg, rng, params, shapes, tensors);
                head(c.poolerB, StateDict.POOLER_BIAS, new long[] {h}, fromCheckpoint, cfg, rng, params, shapes, tensors);
            }
            head(c.classifierW, StateDict.CLASSIFIER_WEIGHT, new long[] {l.size(), h}, useHead, cfg, rng, params, shapes, tensors);
            head(c.classifierB, StateDict.CLASSIFIER_BIAS, new long[] {l.size()}, useHead, cfg, rng, params, shapes, tensors);
            BertEncoder.setAll(params, shapes, tensors, model.manager());
            return c;
        }

        private void head(
                Parameter param, String name, long[] shape, boolean fromCheckpoint, BertConfig cfg, Random rng,
                Map<String, Parameter> params, Map<String, Shape> shapes, Map<String, TensorData> tensors) {
            float[] values;
            if (fromCheckpoint) {
                values = model.headTensor(name).toFloatArray();
            } else {
                values = new float[Math.toIntExact(TensorData.elementCount(shape))];
                if (shape.length == 2) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) (rng.nextGaussian() * cfg.initializerRange());
                    }
                }
            }
            params.put(name, param);
            shapes.put(name, new Shape(shape));
            tensors.put(name, TensorData.of(name, shape, values, fromCheckpoint ? model.origin() : "initialised"));
        }
    }
}
