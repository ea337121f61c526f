package dev.fairtune.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The BERT encoder of HuggingFace's {@code BertModel} (embeddings and the stack of post-LayerNorm
 * transformer layers, without the pooler), built from DJL's functional operations, with its
 * parameters registered under the HuggingFace state-dict names ({@code
 * embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight}, ...).
 *
 * <p>Input {@link NDList}: slot {@link #INPUT_IDS} token ids (B, T) int64, slot {@link
 * #ATTENTION_MASK} 1 for real tokens and 0 for padding (B, T), optional slot {@link
 * #TOKEN_TYPE_IDS} (B, T) int64 (zeros when absent). Output: slot 0 the last hidden state (B, T,
 * H). With x the hidden state, each layer computes
 *
 * <pre>
 *   scores = (x Wq + bq)(x Wk + bk)^T / sqrt(d) + (1 - mask) * min_float      per head, d = H / heads
 *   a      = LayerNorm(x + Dropout(softmax(scores)·(x Wv + bv) Wo + bo))
 *   x'     = LayerNorm(a + Dropout(gelu(a Wi + bi) Wo2 + bo2))                exact erf GELU
 * </pre>
 *
 * after embeddings {@code LayerNorm(word[ids] + type[types] + position[0..T))}, followed by
 * dropout. Dropout is active only when {@code training} is true; its masks come from {@link
 * #dropoutMasks()}. Linear weights are (out, in) as
 * in torch. The additive mask constant is the float32 minimum, as in HuggingFace and its ONNX
 * export.
 *
 * <p>The block holds no arrays until {@link #setWeights} fills every parameter once.
 */
public final class BertEncoder extends AbstractBlock {

    /** Input slot of the token ids. */
    public static final int INPUT_IDS = 0;
    /** Input slot of the attention mask. */
    public static final int ATTENTION_MASK = 1;
    /** Input slot of the token type ids (optional). */
    public static final int TOKEN_TYPE_IDS = 2;

    private static final float MASK_VALUE = -Float.MAX_VALUE;

    private final BertConfig config;
    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private final Parameter wordEmb;
    private final Parameter posEmb;
    private final Parameter typeEmb;
    private final Parameter embLnW;
    private final Parameter embLnB;
    private final List<Layer> layers = new ArrayList<>();
    private final DropoutMasks dropout = new DropoutMasks(42);

    private record Layer(
            Parameter qW, Parameter qB, Parameter kW, Parameter kB, Parameter vW, Parameter vB,
            Parameter aoW, Parameter aoB, Parameter aLnW, Parameter aLnB,
            Parameter iW, Parameter iB, Parameter oW, Parameter oB, Parameter oLnW, Parameter oLnB) {}

    /** Creates the block for {@code config}, without weights. */
    public BertEncoder(BertConfig config) {
        this.config = config;
        long h = config.hiddenSize();
        long inter = config.intermediateSize();
        wordEmb = param("embeddings.word_embeddings.weight", config.vocabSize(), h);
        posEmb = param("embeddings.position_embeddings.weight", config.maxPositions(), h);
        typeEmb = param("embeddings.token_type_embeddings.weight", config.typeVocabSize(), h);
        embLnW = param("embeddings.LayerNorm.weight", h);
        embLnB = param("embeddings.LayerNorm.bias", h);
        for (int i = 0; i < config.numLayers(); i++) {
            String p = "encoder.layer." + i + ".";
            layers.add(new Layer(
                    param(p + "attention.self.query.weight", h, h),
                    param(p + "attention.self.query.bias", h),
                    param(p + "attention.self.key.weight", h, h),
                    param(p + "attention.self.key.bias", h),
                    param(p + "attention.self.value.weight", h, h),
                    param(p + "attention.self.value.bias", h),
                    param(p + "attention.output.dense.weight", h, h),
                    param(p + "attention.output.dense.bias", h),
                    param(p + "attention.output.LayerNorm.weight", h),
                    param(p + "attention.output.LayerNorm.bias", h),
                    param(p + "intermediate.dense.weight", inter, h),
                    param(p + "intermediate.dense.bias", inter),
                    param(p + "output.dense.weight", h, inter),
                    param(p + "output.dense.bias", h),
                    param(p + "output.LayerNorm.weight", h),
                    param(p + "output.LayerNorm.bias", h)));
        }
    }

    private Parameter param(String name, long... shape) {
        Parameter p = addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build());
        named.put(name, p);
        shapes.put(name, new Shape(shape));
        return p;
    }

    /** The architecture. */
    public BertConfig config() {
        return config;
    }

    /** The generator of this encoder's dropout masks (seed 42 until {@link DropoutMasks#reseed}). */
    public DropoutMasks dropoutMasks() {
        return dropout;
    }

    /** The parameters by HuggingFace name, in state-dict order. */
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    /** The shape every parameter must have, by HuggingFace name, in state-dict order. */
    public Map<String, Shape> expectedShapes() {
        return Collections.unmodifiableMap(shapes);
    }

    /**
     * Gives every parameter its array, created in {@code manager} from {@code tensors} (which must
     * hold exactly the names of {@link #expectedShapes()} with those shapes; the caller checks, see
     * {@link PretrainedModel}). Parameters start trainable.
     *
     * @throws IllegalStateException when the weights were already set
     * @throws IllegalArgumentException when a tensor is missing or has the wrong shape
     */
    public void setWeights(Map<String, TensorData> tensors, NDManager manager) {
        setAll(named, shapes, tensors, manager);
    }

    /**
     * Freshly initialised weights for {@code config}, as HuggingFace initialises BERT: matrices and
     * embedding tables ~ N(0, initializer_range²) (the padding token's row 0), biases 0, LayerNorm
     * weights 1 and biases 0. Deterministic for a given seed.
     */
    public static Map<String, TensorData> initialWeights(BertConfig config, long seed) {
        Random rng = new Random(seed);
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : new BertEncoder(config).expectedShapes().entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue().getShape();
            float[] v = new float[Math.toIntExact(e.getValue().size())];
            if (name.endsWith("LayerNorm.weight")) {
                Arrays.fill(v, 1f);
            } else if (shape.length == 2) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.nextGaussian() * config.initializerRange());
                }
                if (name.equals("embeddings.word_embeddings.weight")) {
                    Arrays.fill(v, config.padTokenId() * config.hiddenSize(),
                            (config.padTokenId() + 1) * config.hiddenSize(), 0f);
                }
            }
            out.put(name, TensorData.of(name, shape, v, "initialised(seed=" + seed + ")"));
        }
        return out;
    }

    static void setAll(
            Map<String, Parameter> params, Map<String, Shape> shapes, Map<String, TensorData> tensors, NDManager manager) {
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            TensorData t = tensors.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("no tensor for parameter " + e.getKey());
            }
            if (!t.djlShape().equals(shapes.get(e.getKey()))) {
                throw new IllegalArgumentException(
                        e.getKey() + ": shape " + t.djlShape() + ", expected " + shapes.get(e.getKey()));
            }
            if (e.getValue().isInitialized()) {
                throw new IllegalStateException(e.getKey() + " already has weights");
            }
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray a = tensors.get(e.getKey()).toNDArray(manager);
            e.getValue().setArray(a);
            a.setRequiresGradient(e.getValue().requiresGradient());
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(INPUT_IDS);
        NDArray types = inputs.size() > TOKEN_TYPE_IDS ? inputs.get(TOKEN_TYPE_IDS) : null;
        return new NDList(forwardEmbeddings(ps, wordEmbeddings(ps, ids, training), inputs.get(ATTENTION_MASK), types,
                training));
    }

    /**
     * The word-embedding rows of {@code ids} (B, T) int64: {@code word[ids]}, shape (B, T, H), before
     * type and position embeddings are added. The input that {@link #forwardEmbeddings} takes.
     */
    public NDArray wordEmbeddings(ParameterStore ps, NDArray ids, boolean training) {
        return embed(ids, v(ps, wordEmb, ids.getDevice(), training));
    }

    /**
     * The encoder from word embeddings instead of ids: {@code forward(ids, mask, types)} equals
     * {@code forwardEmbeddings(wordEmbeddings(ids), mask, types)}. Type and position embeddings,
     * the embedding LayerNorm and every layer are applied as in {@link #forward}, so gradients with
     * respect to {@code words} are gradients with respect to the input tokens' embeddings (what
     * Integrated Gradients interpolates).
     *
     * @param words (B, T, H) float32
     * @param mask (B, T), 1 for real tokens and 0 for padding
     * @param types (B, T) int64, or null for zeros
     * @return the last hidden state (B, T, H)
     */
    public NDArray forwardEmbeddings(ParameterStore ps, NDArray words, NDArray mask, NDArray types, boolean training) {
        return applyLayers(ps, embeddingOutput(ps, words, types, training), mask, 0, layers.size(), training);
    }

    /**
     * The hidden state after the embeddings and the first {@code k} layers, (B, T, H): the input of
     * layer k. {@code forward} equals {@link #forwardFrom} of it from layer k, when dropout is off
     * (training false) or applied alike.
     *
     * @param ids (B, T) int64
     * @param mask (B, T), 1 for real tokens and 0 for padding
     * @param types (B, T) int64, or null for zeros
     * @param k layers to apply, in [0, numLayers]
     */
    public NDArray hiddenAfter(ParameterStore ps, NDArray ids, NDArray mask, NDArray types, int k, boolean training) {
        checkLayer(k);
        return applyLayers(ps, embeddingOutput(ps, wordEmbeddings(ps, ids, training), types, training), mask, 0, k, training);
    }

    /**
     * Layers k .. numLayers - 1 applied to the input of layer k (as {@link #hiddenAfter} gives it):
     * the last hidden state (B, T, H). Rows may be padded with anything where {@code mask} is 0:
     * padded positions get no attention weight (their additive mask is the float32 minimum, whose
     * exponential is 0), so the real tokens' states do not depend on them.
     *
     * @param hidden (B, T, H) float32
     * @param mask (B, T), 1 for real tokens and 0 for padding
     */
    public NDArray forwardFrom(ParameterStore ps, NDArray hidden, NDArray mask, int k, boolean training) {
        checkLayer(k);
        return applyLayers(ps, hidden, mask, k, layers.size(), training);
    }

    private void checkLayer(int k) {
        if (k < 0 || k > layers.size()) {
            throw new IllegalArgumentException("layer index must lie in [0, " + layers.size() + "], got " + k);
        }
    }

    /** Type and position embeddings added to {@code words}, the embedding LayerNorm and dropout. */
    private NDArray embeddingOutput(ParameterStore ps, NDArray words, NDArray types, boolean training) {
        Device device = words.getDevice();
        NDManager m = words.getManager();
        long b = words.getShape().get(0);
        long t = words.getShape().get(1);
        if (t > config.maxPositions()) {
            throw new IllegalArgumentException(
                    "sequence length " + t + " exceeds max_position_embeddings " + config.maxPositions());
        }
        NDArray typeIds = types != null ? types : m.zeros(new Shape(b, t), DataType.INT64);
        NDArray positions = m.arange(0, t, 1, DataType.INT64);

        NDArray x = words.add(embed(typeIds, v(ps, typeEmb, device, training)));
        x = x.add(embed(positions, v(ps, posEmb, device, training)));
        x = layerNorm(ps, x, embLnW, embLnB, device, training);
        return dropout(x, config.hiddenDropout(), training);
    }

    /** Layers [from, to) applied to x. */
    private NDArray applyLayers(ParameterStore ps, NDArray x, NDArray mask, int from, int to, boolean training) {
        Device device = x.getDevice();
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        // (B, T) {0,1} -> (B, 1, 1, T) additive: 0 for tokens, float32 min for padding
        NDArray addMask = mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(MASK_VALUE).reshape(b, 1, 1, t);
        // not q.mul(float): see Autograd.scalar
        NDArray scale = Autograd.scalar(x, 1.0 / Math.sqrt(config.headSize()));
        // With no gradient recorded, the scale, the mask and the residuals are added into the
        // arrays just computed (the same operations, in place: fewer buffers, the same values).
        boolean inPlace = !JniUtils.isGradMode();
        for (int i = from; i < to; i++) {
            x = layer(ps, layers.get(i), x, addMask, scale, training, inPlace, device);
        }
        return x;
    }

    private NDArray layer(ParameterStore ps, Layer l, NDArray x, NDArray addMask, NDArray scale, boolean training,
            boolean inPlace, Device d) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.numHeads();
        int hd = config.headSize();
        NDArray qx = linear(ps, x, l.qW, l.qB, d, training);
        NDArray q = (inPlace ? qx.muli(scale) : qx.mul(scale)).reshape(b, t, heads, hd).transpose(0, 2, 1, 3);
        NDArray k = linear(ps, x, l.kW, l.kB, d, training)
                .reshape(b, t, heads, hd).transpose(0, 2, 3, 1);
        NDArray val = linear(ps, x, l.vW, l.vB, d, training)
                .reshape(b, t, heads, hd).transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(k);
        NDArray probs = (inPlace ? scores.addi(addMask) : scores.add(addMask)).softmax(-1);
        probs = dropout(probs, config.attentionDropout(), training);
        NDArray ctx = probs.matMul(val).transpose(0, 2, 1, 3).reshape(b, t, config.hiddenSize());
        NDArray attn = dropout(linear(ps, ctx, l.aoW, l.aoB, d, training),
                config.hiddenDropout(), training);
        NDArray a = layerNorm(ps, inPlace ? attn.addi(x) : attn.add(x), l.aLnW, l.aLnB, d, training);
        NDArray inter = Activation.gelu(linear(ps, a, l.iW, l.iB, d, training));
        NDArray out = dropout(linear(ps, inter, l.oW, l.oB, d, training),
                config.hiddenDropout(), training);
        return layerNorm(ps, inPlace ? out.addi(a) : out.add(a), l.oLnW, l.oLnB, d, training);
    }

    static NDArray v(ParameterStore ps, Parameter p, Device device, boolean training) {
        return ps.getValue(p, device, training);
    }

    static NDArray linear(NDArray x, NDArray w, NDArray bias) {
        return Linear.linear(x, w, bias).singletonOrThrow();
    }

    /** A linear layer whose parameters come from {@code ps}; a {@link GradientTap} taps it when they train. */
    static NDArray linear(ParameterStore ps, NDArray x, Parameter w, Parameter b, Device d, boolean training) {
        if (ps instanceof GradientTap tap && (w.requiresGradient() || b.requiresGradient())) {
            return tap.linear(x, w, b);
        }
        return linear(x, v(ps, w, d, training), v(ps, b, d, training));
    }

    private NDArray layerNorm(ParameterStore ps, NDArray x, Parameter gamma, Parameter beta, Device d, boolean training) {
        if (ps instanceof GradientTap tap && (gamma.requiresGradient() || beta.requiresGradient())) {
            return tap.layerNorm(x, gamma, beta, config.hiddenSize(), (float) config.layerNormEps());
        }
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), v(ps, gamma, d, training), v(ps, beta, d, training),
                (float) config.layerNormEps()).singletonOrThrow();
    }

    NDArray dropout(NDArray x, double p, boolean training) {
        return training ? dropout.apply(x, p) : x;
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
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
                "BertEncoder weights come from a checkpoint (PretrainedModel.load / BertClassifier.builder), not from initializers");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[INPUT_IDS];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize())};
    }

    @Override
    public String toString() {
        return "BertEncoder" + config;
    }
}
