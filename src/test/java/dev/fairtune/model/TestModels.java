package dev.fairtune.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small BERT checkpoints for tests: 2 layers, H 32, 4 heads, the real uncased vocabulary. */
public final class TestModels {

    /** 2 layers, hidden 32, 4 heads, intermediate 64, vocabulary 30522 (MiniLM's tokenizer), 64 positions. */
    public static final BertConfig SMALL = BertConfig.builder()
            .optVocabSize(30522)
            .optHiddenSize(32)
            .optNumLayers(2)
            .optNumHeads(4)
            .optIntermediateSize(64)
            .optMaxPositions(64)
            .build();

    private TestModels() {}

    /** MiniLM's tokenizer.json bytes (uncased BERT WordPiece). */
    public static byte[] tokenizerJson() throws IOException {
        try (InputStream in = TestModels.class.getResourceAsStream(ModelSource.MINILM_TOKENIZER)) {
            return in.readAllBytes();
        }
    }

    /**
     * Random weights (BertModel naming, pooler included) whose values are exactly representable in
     * F32, F16 and BF16: N(0, 0.05²) rounded to 8 significant bits, magnitudes below 2^-14 (F16's
     * smallest normal) set to 0, LayerNorm weights near 1.
     */
    public static Map<String, TensorData> weights(BertConfig config, long seed) {
        Map<String, TensorData> out = new LinkedHashMap<>(BertEncoder.initialWeights(config, seed));
        int h = config.hiddenSize();
        Random rng = new Random(seed + 1);
        out.put("pooler.dense.weight", TensorData.of("pooler.dense.weight", new long[] {h, h}, new float[h * h], "test"));
        out.put("pooler.dense.bias", TensorData.of("pooler.dense.bias", new long[] {h}, new float[h], "test"));
        Map<String, TensorData> q = new LinkedHashMap<>();
        for (TensorData t : out.values()) {
            float[] v = t.toFloatArray();
            boolean norm = t.name().endsWith("LayerNorm.weight");
            for (int i = 0; i < v.length; i++) {
                v[i] = representable((float) ((norm ? 1 : 0) + rng.nextGaussian() * 0.05));
            }
            q.put(t.name(), TensorData.of(t.name(), t.shape(), v, "test"));
        }
        return q;
    }

    /** Rounds to BF16 precision and flushes F16 subnormals to 0. */
    static float representable(float x) {
        float r = StorageType.bf16ToFloat(StorageType.floatToBf16(x));
        return Math.abs(r) < 0x1p-14f ? 0f : r;
    }

    /** Prefixes every name with {@code prefix} (e.g. "bert."). */
    public static Map<String, TensorData> prefixed(Map<String, TensorData> tensors, String prefix) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        tensors.forEach((n, t) -> out.put(prefix + n, TensorData.of(prefix + n, t.shape(), t.toFloatArray(), t.file())));
        return out;
    }

    /** Writes config.json, tokenizer.json and model.safetensors of {@code tensors} in {@code dtype}. */
    public static Path writeDirectory(Path dir, BertConfig config, Map<String, TensorData> tensors, StorageType dtype)
            throws IOException {
        Files.createDirectories(dir);
        writeConfig(dir, config.toJson());
        Files.write(dir.resolve("tokenizer.json"), tokenizerJson());
        SafetensorsWriter.write(dir.resolve("model.safetensors"), new ArrayList<>(tensors.values()), dtype, Map.of("format", "pt"));
        return dir;
    }

    static void writeConfig(Path dir, ObjectNode config) throws IOException {
        Files.write(dir.resolve("config.json"), new ObjectMapper().writeValueAsBytes(config));
    }

}
