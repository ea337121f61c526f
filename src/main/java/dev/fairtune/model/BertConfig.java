package dev.fairtune.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The architecture of a BERT encoder, read from and written to a HuggingFace {@code config.json}
 * (field names in brackets).
 *
 * <p>Only the BERT architecture is supported: {@code model_type} "bert" (or absent), {@code
 * hidden_act} "gelu" (the exact erf GELU), {@code position_embedding_type} "absolute" (or
 * absent). Anything else is rejected when the config is read, because loading such weights into
 * this encoder would give wrong outputs without an error.
 *
 * @param vocabSize number of token ids ({@code vocab_size})
 * @param hiddenSize width H of every hidden state ({@code hidden_size})
 * @param numLayers number of encoder layers ({@code num_hidden_layers})
 * @param numHeads attention heads per layer; must divide H ({@code num_attention_heads})
 * @param intermediateSize width of the feed-forward layer ({@code intermediate_size})
 * @param maxPositions longest sequence the position table covers ({@code max_position_embeddings})
 * @param typeVocabSize number of token types, 2 for sentence pairs ({@code type_vocab_size})
 * @param layerNormEps epsilon of every LayerNorm ({@code layer_norm_eps}, 1e-12 in BERT)
 * @param hiddenDropout dropout after embeddings and after each sub-layer ({@code
 *     hidden_dropout_prob})
 * @param attentionDropout dropout on attention probabilities ({@code
 *     attention_probs_dropout_prob})
 * @param classifierDropout dropout before the classification head ({@code classifier_dropout};
 *     HuggingFace falls back to {@code hidden_dropout_prob} when it is null, and so does this)
 * @param padTokenId id of the padding token ({@code pad_token_id})
 * @param initializerRange standard deviation for freshly initialised weights ({@code
 *     initializer_range})
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int maxPositions,
        int typeVocabSize,
        double layerNormEps,
        double hiddenDropout,
        double attentionDropout,
        double classifierDropout,
        int padTokenId,
        double initializerRange) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the invariants; see the class comment. */
    public BertConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numLayers);
        positive("num_attention_heads", numHeads);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositions);
        positive("type_vocab_size", typeVocabSize);
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException(
                    "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layer_norm_eps must be > 0, got " + layerNormEps);
        }
        probability("hidden_dropout_prob", hiddenDropout);
        probability("attention_probs_dropout_prob", attentionDropout);
        probability("classifier_dropout", classifierDropout);
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw new IllegalArgumentException(
                    "pad_token_id " + padTokenId + " is outside the vocabulary [0, " + vocabSize + ")");
        }
        if (!(initializerRange > 0)) {
            throw new IllegalArgumentException("initializer_range must be > 0, got " + initializerRange);
        }
    }

    /** Width of one attention head, {@code hiddenSize / numHeads}. */
    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** A builder with BERT-base defaults (HuggingFace's {@code BertConfig()} defaults). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this config's values. */
    public Builder toBuilder() {
        return new Builder()
                .optVocabSize(vocabSize)
                .optHiddenSize(hiddenSize)
                .optNumLayers(numLayers)
                .optNumHeads(numHeads)
                .optIntermediateSize(intermediateSize)
                .optMaxPositions(maxPositions)
                .optTypeVocabSize(typeVocabSize)
                .optLayerNormEps(layerNormEps)
                .optHiddenDropout(hiddenDropout)
                .optAttentionDropout(attentionDropout)
                .optClassifierDropout(classifierDropout)
                .optPadTokenId(padTokenId)
                .optInitializerRange(initializerRange);
    }

    /**
     * Reads a HuggingFace {@code config.json}. Missing fields take HuggingFace's {@code BertConfig}
     * defaults.
     *
     * @throws IOException when the file cannot be read, is not JSON, or describes a model this
     *     encoder does not implement (the message names the file and the field)
     */
    public static BertConfig read(Path configJson) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(configJson.toFile());
        } catch (IOException e) {
            throw new IOException(configJson + ": not a readable JSON config (" + e.getMessage() + ")", e);
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(configJson + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the fields of a parsed {@code config.json}.
     *
     * @throws IllegalArgumentException when a field has the wrong type or an unsupported value
     */
    public static BertConfig fromJson(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config.json must hold a JSON object");
        }
        requireValue(root, "model_type", "bert");
        requireValue(root, "hidden_act", "gelu");
        requireValue(root, "position_embedding_type", "absolute");
        Builder b = builder();
        b.optVocabSize(intField(root, "vocab_size", b.vocabSize));
        b.optHiddenSize(intField(root, "hidden_size", b.hiddenSize));
        b.optNumLayers(intField(root, "num_hidden_layers", b.numLayers));
        b.optNumHeads(intField(root, "num_attention_heads", b.numHeads));
        b.optIntermediateSize(intField(root, "intermediate_size", b.intermediateSize));
        b.optMaxPositions(intField(root, "max_position_embeddings", b.maxPositions));
        b.optTypeVocabSize(intField(root, "type_vocab_size", b.typeVocabSize));
        b.optLayerNormEps(doubleField(root, "layer_norm_eps", b.layerNormEps));
        b.optHiddenDropout(doubleField(root, "hidden_dropout_prob", b.hiddenDropout));
        b.optAttentionDropout(doubleField(root, "attention_probs_dropout_prob", b.attentionDropout));
        JsonNode classifier = root.get("classifier_dropout");
        if (classifier != null && !classifier.isNull()) {
            b.optClassifierDropout(doubleField(root, "classifier_dropout", 0));
        }
        b.optPadTokenId(intField(root, "pad_token_id", b.padTokenId));
        b.optInitializerRange(doubleField(root, "initializer_range", b.initializerRange));
        return b.build();
    }

    /**
     * The HuggingFace {@code config.json} fields of this architecture ({@code model_type} "bert",
     * {@code hidden_act} "gelu"); callers add {@code architectures} and label fields.
     */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("model_type", "bert");
        n.put("vocab_size", vocabSize);
        n.put("hidden_size", hiddenSize);
        n.put("num_hidden_layers", numLayers);
        n.put("num_attention_heads", numHeads);
        n.put("intermediate_size", intermediateSize);
        n.put("hidden_act", "gelu");
        n.put("max_position_embeddings", maxPositions);
        n.put("type_vocab_size", typeVocabSize);
        n.put("layer_norm_eps", layerNormEps);
        n.put("hidden_dropout_prob", hiddenDropout);
        n.put("attention_probs_dropout_prob", attentionDropout);
        n.put("classifier_dropout", classifierDropout);
        n.put("pad_token_id", padTokenId);
        n.put("initializer_range", initializerRange);
        n.put("position_embedding_type", "absolute");
        return n;
    }

    private static void requireValue(JsonNode root, String field, String expected) {
        JsonNode v = root.get(field);
        if (v != null && !v.isNull() && !expected.equals(v.asText())) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "%s is \"%s\" but FairTune implements only the BERT architecture (%s \"%s\")",
                            field,
                            v.asText(),
                            field,
                            expected));
        }
    }

    private static int intField(JsonNode root, String field, int fallback) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static double doubleField(JsonNode root, String field, double fallback) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
    }

    private static void probability(String field, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1), got " + p);
        }
    }

    /**
     * Builds a {@link BertConfig}; every field is optional and starts at HuggingFace's BERT-base
     * default (vocabulary 30522, H 768, 12 layers, 12 heads, intermediate 3072, 512 positions, 2
     * types, eps 1e-12, dropouts 0.1, pad id 0, initializer range 0.02). {@link #build()} checks
     * the invariants.
     */
    public static final class Builder {
        private int vocabSize = 30522;
        private int hiddenSize = 768;
        private int numLayers = 12;
        private int numHeads = 12;
        private int intermediateSize = 3072;
        private int maxPositions = 512;
        private int typeVocabSize = 2;
        private double layerNormEps = 1e-12;
        private double hiddenDropout = 0.1;
        private double attentionDropout = 0.1;
        private Double classifierDropout;
        private int padTokenId;
        private double initializerRange = 0.02;

        private Builder() {}

        /** Sets {@code vocab_size}. */
        public Builder optVocabSize(int v) {
            vocabSize = v;
            return this;
        }

        /** Sets {@code hidden_size}. */
        public Builder optHiddenSize(int v) {
            hiddenSize = v;
            return this;
        }

        /** Sets {@code num_hidden_layers}. */
        public Builder optNumLayers(int v) {
            numLayers = v;
            return this;
        }

        /** Sets {@code num_attention_heads}. */
        public Builder optNumHeads(int v) {
            numHeads = v;
            return this;
        }

        /** Sets {@code intermediate_size}. */
        public Builder optIntermediateSize(int v) {
            intermediateSize = v;
            return this;
        }

        /** Sets {@code max_position_embeddings}. */
        public Builder optMaxPositions(int v) {
            maxPositions = v;
            return this;
        }

        /** Sets {@code type_vocab_size}. */
        public Builder optTypeVocabSize(int v) {
            typeVocabSize = v;
            return this;
        }

        /** Sets {@code layer_norm_eps}. */
        public Builder optLayerNormEps(double v) {
            layerNormEps = v;
            return this;
        }

        /** Sets {@code hidden_dropout_prob}. */
        public Builder optHiddenDropout(double v) {
            hiddenDropout = v;
            return this;
        }

        /** Sets {@code attention_probs_dropout_prob}. */
        public Builder optAttentionDropout(double v) {
            attentionDropout = v;
            return this;
        }

        /** Sets {@code classifier_dropout}; unset means "same as hidden dropout". */
        public Builder optClassifierDropout(double v) {
            classifierDropout = v;
            return this;
        }

        /** Sets every dropout probability (hidden, attention, classifier) to {@code p}. */
        public Builder optDropout(double p) {
            hiddenDropout = p;
            attentionDropout = p;
            classifierDropout = p;
            return this;
        }

        /** Sets {@code pad_token_id}. */
        public Builder optPadTokenId(int v) {
            padTokenId = v;
            return this;
        }

        /** Sets {@code initializer_range}. */
        public Builder optInitializerRange(double v) {
            initializerRange = v;
            return this;
        }

        /** Checks and builds the config. */
        public BertConfig build() {
            return new BertConfig(
                    vocabSize,
                    hiddenSize,
                    numLayers,
                    numHeads,
                    intermediateSize,
                    maxPositions,
                    typeVocabSize,
                    layerNormEps,
                    hiddenDropout,
                    attentionDropout,
                    classifierDropout == null ? hiddenDropout : classifierDropout,
                    padTokenId,
                    initializerRange);
        }
    }
}
