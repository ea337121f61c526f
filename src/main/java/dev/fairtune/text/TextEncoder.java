package dev.fairtune.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.util.PairList;

import dev.fairtune.model.PretrainedModel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns texts (or text pairs) into {@link EncodedBatch}es with a HuggingFace fast tokenizer
 * ({@code tokenizer.json}): special tokens added ([CLS] ... [SEP], pairs [CLS] a [SEP] b [SEP] with
 * type ids 0 then 1), sequences truncated to {@link #maxLength()} tokens (longest-first for pairs),
 * and each batch padded to its own longest sequence, not to the maximum, so short batches cost
 * little. Not thread-safe; close it to free the native tokenizer.
 */
public final class TextEncoder implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private TextEncoder(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /** A builder for the tokenizer of {@code model}, max length capped by its position table. */
    public static Builder builder(PretrainedModel model) {
        return new Builder(model.tokenizerJson()).optModelMaxLength(model.config().maxPositions());
    }

    /** A builder for a {@code tokenizer.json}'s bytes. */
    public static Builder builder(byte[] tokenizerJson) {
        return new Builder(tokenizerJson.clone());
    }

    /** The longest sequence (with special tokens) a batch may hold. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Encodes texts, padded to the longest.
     *
     * @throws IllegalArgumentException when truncation is off and a text is longer than {@link
     *     #maxLength()}, or when {@code texts} is empty
     */
    public EncodedBatch encode(List<String> texts) {
        requireNonEmpty(texts.size());
        return pack(tokenizer.batchEncode(texts));
    }

    /**
     * One text as tokens with their words and character offsets (truncated like {@link #encode}).
     *
     * @throws IllegalArgumentException when truncation is off and the text is longer than {@link
     *     #maxLength()}
     */
    public TokenizedText tokenize(String text) {
        Encoding e = tokenizer.encode(text);
        pack(new Encoding[] {e}); // the length check of encode
        int n = e.getIds().length;
        long[] special = e.getSpecialTokenMask();
        long[] wordIds = e.getWordIds();
        CharSpan[] spans = e.getCharTokenSpans();
        int[] words = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            boolean isSpecial = special[i] != 0 || spans[i] == null;
            words[i] = isSpecial ? -1 : (int) wordIds[i];
            starts[i] = isSpecial ? -1 : spans[i].getStart();
            ends[i] = isSpecial ? -1 : spans[i].getEnd();
        }
        return new TokenizedText(text, e.getIds(), e.getTypeIds(), Arrays.asList(e.getTokens()), words, starts, ends);
    }

    /**
     * The id of one vocabulary token, such as "[PAD]" or "[MASK]".
     *
     * @throws IllegalArgumentException when it is not one token of the vocabulary
     */
    public long tokenId(String token) {
        Encoding e = tokenizer.encode(token, false, false);
        if (e.getIds().length != 1 || !e.getTokens()[0].equals(token)) {
            throw new IllegalArgumentException("'" + token + "' is not a token of this tokenizer's vocabulary (it gives "
                    + Arrays.toString(e.getTokens()) + ")");
        }
        return e.getIds()[0];
    }

    /** Encodes text pairs (first.get(i), second.get(i)), padded to the longest. */
    public EncodedBatch encodePairs(List<String> first, List<String> second) {
        if (first.size() != second.size()) {
            throw new IllegalArgumentException(
                    "pair lists differ in length: " + first.size() + " vs " + second.size());
        }
        requireNonEmpty(first.size());
        return pack(tokenizer.batchEncode(new PairList<>(first, second)));
    }

    private static void requireNonEmpty(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("cannot encode an empty batch");
        }
    }

    private EncodedBatch pack(Encoding[] enc) {
        int b = enc.length;
        int t = 0;
        for (Encoding e : enc) {
            t = Math.max(t, e.getIds().length);
        }
        if (t > maxLength) {
            for (int i = 0; i < b; i++) {
                long real = Arrays.stream(enc[i].getAttentionMask()).sum();
                if (real > maxLength) {
                    throw new IllegalArgumentException(
                            "text " + i + " has " + real + " tokens, more than the maximum " + maxLength
                                    + "; enable truncation or raise the maximum");
                }
            }
        }
        long[] ids = new long[b * t];
        long[] mask = new long[b * t];
        long[] types = new long[b * t];
        for (int i = 0; i < b; i++) {
            long[] ei = enc[i].getIds();
            if (ei.length != t) {
                throw new IllegalStateException("tokenizer did not pad the batch to its longest sequence");
            }
            System.arraycopy(ei, 0, ids, i * t, t);
            System.arraycopy(enc[i].getAttentionMask(), 0, mask, i * t, t);
            System.arraycopy(enc[i].getTypeIds(), 0, types, i * t, t);
        }
        return new EncodedBatch(b, t, ids, mask, types);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /**
     * Builds a {@link TextEncoder}: max length (default 128, or the model's position table when that
     * is shorter), truncation (default on).
     */
    public static final class Builder {
        private final byte[] tokenizerJson;
        private Integer maxLength;
        private int modelMaxLength = Integer.MAX_VALUE;
        private boolean truncation = true;

        private Builder(byte[] tokenizerJson) {
            this.tokenizerJson = tokenizerJson;
        }

        /** Longest sequence in tokens, special tokens included; default 128 (capped by the model). */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Cut longer texts to the maximum (default); when off, they are an error. */
        public Builder optTruncation(boolean truncation) {
            this.truncation = truncation;
            return this;
        }

        /** The model's limit (its position table); the max length may not exceed it. */
        public Builder optModelMaxLength(int modelMaxLength) {
            this.modelMaxLength = modelMaxLength;
            return this;
        }

        /**
         * Builds the encoder.
         *
         * @throws IllegalArgumentException for a max length below 2 or above the model's limit
         * @throws UncheckedIOException when the tokenizer JSON cannot be loaded
         */
        public TextEncoder build() {
            int maxLength = this.maxLength != null ? this.maxLength : Math.min(128, modelMaxLength);
            if (maxLength < 2) {
                throw new IllegalArgumentException("max length must be >= 2 (room for [CLS] and [SEP]), got " + maxLength);
            }
            if (maxLength > modelMaxLength) {
                throw new IllegalArgumentException(
                        "max length " + maxLength + " exceeds the model's " + modelMaxLength + " positions");
            }
            // DJL's tokenizer takes its options as strings; they stay inside this builder.
            Map<String, String> options = new HashMap<>();
            options.put("addSpecialTokens", "true");
            options.put("padding", "true");
            options.put("truncation", Boolean.toString(truncation));
            options.put("maxLength", Integer.toString(maxLength));
            options.put("modelMaxLength", Integer.toString(truncation ? maxLength : Integer.MAX_VALUE));
            try {
                return new TextEncoder(
                        HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options),
                        maxLength);
            } catch (IOException | RuntimeException e) {
                throw new UncheckedIOException(
                        new IOException("cannot load the tokenizer JSON (" + e.getMessage() + ")", e));
            }
        }
    }
}
