package dev.fairtune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loading local HuggingFace directories: storage types, layouts, shards, and broken checkpoints. */
class HfDirectoryTest {

    static final List<String> TEXTS = List.of("a short text", "a somewhat longer text about fairness in models", "x");

    static Map<String, TensorData> weights;
    static EncodedBatch batch;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        weights = TestModels.weights(TestModels.SMALL, 7);
        try (TextEncoder text = TextEncoder.builder(TestModels.tokenizerJson()).optMaxLength(32).build()) {
            batch = text.encode(TEXTS);
        }
    }

    @Test
    void f32F16AndBf16DirectoriesGiveIdenticalOutputs() throws IOException {
        float[] reference = null;
        for (StorageType dtype : List.of(StorageType.F32, StorageType.F16, StorageType.BF16)) {
            Path d = TestModels.writeDirectory(dir.resolve(dtype.name()), TestModels.SMALL, weights, dtype);
            try (PretrainedModel model = PretrainedModel.load(ModelSource.directory(d))) {
                assertEquals(TestModels.SMALL, model.config());
                assertTrue(model.hasPooler());
                assertEquals(Pooling.POOLER, model.defaultPooling());
                float[] out = hidden(model);
                // every stored value is exactly representable in each type, so the weights and
                // therefore the outputs are identical bit for bit
                if (reference == null) {
                    reference = out;
                } else {
                    assertArrayEquals(reference, out, dtype + " output differs from F32");
                }
            }
        }
    }

    @Test
    void bertPrefixedLayoutWithPreTrainingHeadsLoadsTheSameEncoder() throws IOException {
        Path plain = TestModels.writeDirectory(dir.resolve("plain"), TestModels.SMALL, weights, StorageType.F32);
        Map<String, TensorData> prefixed = TestModels.prefixed(weights, "bert.");
        prefixed.put("cls.predictions.bias", TensorData.of("cls.predictions.bias", new long[] {3}, new float[3], "t"));
        Path task = TestModels.writeDirectory(dir.resolve("task"), TestModels.SMALL, prefixed, StorageType.F32);
        try (PretrainedModel a = PretrainedModel.load(ModelSource.directory(plain));
                PretrainedModel b = PretrainedModel.load(ModelSource.directory(task))) {
            assertArrayEquals(hidden(a), hidden(b));
        }
    }

    @Test
    void shardedCheckpointLoadsLikeOneFile() throws IOException {
        Path d = shard(dir.resolve("sharded"), weights);
        Path single = TestModels.writeDirectory(dir.resolve("single"), TestModels.SMALL, weights, StorageType.F32);
        try (PretrainedModel a = PretrainedModel.load(ModelSource.directory(d));
                PretrainedModel b = PretrainedModel.load(ModelSource.directory(single))) {
            assertTrue(a.origin().endsWith("model.safetensors.index.json"));
            assertArrayEquals(hidden(b), hidden(a));
        }
    }

    @Test
    void indexPointingToAMissingShardNamesShardAndTensor() throws IOException {
        Path d = shard(dir.resolve("sharded"), weights);
        Path second = d.resolve("model-00002-of-00002.safetensors");
        Files.delete(second);
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelSource.directory(d).read());
        assertEquals(second.toAbsolutePath().normalize().toString(), e.file());
        assertTrue(e.tensor().isPresent());
        assertTrue(e.getMessage().contains("shard file not found"), e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Map<String, TensorData> w = new LinkedHashMap<>(weights);
        w.remove("encoder.layer.1.output.dense.bias");
        Path d = TestModels.writeDirectory(dir.resolve("missing"), TestModels.SMALL, w, StorageType.F32);
        CheckpointException e = assertThrows(CheckpointException.class, () -> PretrainedModel.load(ModelSource.directory(d)));
        assertEquals("encoder.layer.1.output.dense.bias", e.tensor().orElseThrow());
        assertEquals(d.resolve("model.safetensors").toString(), e.file());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void shapeMismatchIsNamed() throws IOException {
        Map<String, TensorData> w = new LinkedHashMap<>(weights);
        String name = "encoder.layer.0.attention.self.query.weight";
        w.put(name, TensorData.of(name, new long[] {32, 16}, new float[32 * 16], "t"));
        Path d = TestModels.writeDirectory(dir.resolve("shape"), TestModels.SMALL, w, StorageType.F32);
        CheckpointException e = assertThrows(CheckpointException.class, () -> PretrainedModel.load(ModelSource.directory(d)));
        assertEquals(name, e.tensor().orElseThrow());
        assertEquals(d.resolve("model.safetensors").toString(), e.file());
        assertTrue(e.getMessage().contains("shape [32, 16], expected (32, 32)"), e.getMessage());
    }

    @Test
    void unexpectedExtraTensorIsNamed() throws IOException {
        Map<String, TensorData> w = new LinkedHashMap<>(weights);
        String extra = "encoder.layer.2.output.dense.bias"; // a third layer the config does not have
        w.put(extra, TensorData.of(extra, new long[] {32}, new float[32], "t"));
        Path d = TestModels.writeDirectory(dir.resolve("extra"), TestModels.SMALL, w, StorageType.F32);
        CheckpointException e = assertThrows(CheckpointException.class, () -> PretrainedModel.load(ModelSource.directory(d)));
        assertEquals(extra, e.tensor().orElseThrow());
        assertEquals(d.resolve("model.safetensors").toString(), e.file());
        assertTrue(e.getMessage().contains("unexpected tensor"), e.getMessage());
    }

    @Test
    void nonBertConfigAndMissingFilesAreExplained() throws IOException {
        Path d = TestModels.writeDirectory(dir.resolve("roberta"), TestModels.SMALL, weights, StorageType.F32);
        ObjectNode config = TestModels.SMALL.toJson();
        config.put("model_type", "roberta");
        TestModels.writeConfig(d, config);
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelSource.directory(d).read());
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("roberta"), e.getMessage());

        Path noWeights = dir.resolve("empty");
        Files.createDirectories(noWeights);
        TestModels.writeConfig(noWeights, TestModels.SMALL.toJson());
        Files.write(noWeights.resolve("tokenizer.json"), TestModels.tokenizerJson());
        e = assertThrows(CheckpointException.class, () -> ModelSource.directory(noWeights).read());
        assertTrue(e.getMessage().contains("no model.safetensors"), e.getMessage());

        Files.delete(noWeights.resolve("tokenizer.json"));
        e = assertThrows(CheckpointException.class, () -> ModelSource.directory(noWeights).read());
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void nonFiniteWeightIsNamedWithFileAndTensor() throws IOException {
        Map<String, TensorData> w = new LinkedHashMap<>(weights);
        String name = "encoder.layer.1.attention.output.dense.weight";
        float[] v = w.get(name).toFloatArray();
        v[5] = Float.NaN;
        v[7] = Float.POSITIVE_INFINITY;
        w.put(name, TensorData.of(name, w.get(name).shape(), v, "t"));
        for (StorageType dtype : new StorageType[] {StorageType.F32, StorageType.F16}) {
            Path d = TestModels.writeDirectory(dir.resolve("nan-" + dtype), TestModels.SMALL, w, dtype);
            CheckpointException e = assertThrows(CheckpointException.class, () -> ModelSource.directory(d).read());
            assertEquals(name, e.tensor().orElseThrow());
            assertEquals(d.resolve("model.safetensors").toString(), e.file());
            assertTrue(e.getMessage().contains("2 of " + v.length + " values are not finite (the first, NaN, at flat "
                    + "index 5"), e.getMessage());
        }
    }

    @Test
    void invalidTokenizerJsonIsAModelFileError() throws IOException {
        Path d = TestModels.writeDirectory(dir.resolve("bad-tokenizer"), TestModels.SMALL, weights, StorageType.F32);
        for (String content : new String[] {"{\"version\": \"1.0\", \"model\": 3", "{}", "not json at all"}) {
            Files.writeString(d.resolve("tokenizer.json"), content);
            CheckpointException e = assertThrows(CheckpointException.class, () -> ModelSource.directory(d).read());
            assertEquals(d.resolve("tokenizer.json").toString(), e.file());
            assertTrue(e.getMessage().contains("not a valid HuggingFace fast-tokenizer file"), e.getMessage());
        }
    }

    /** Splits the tensors over two shards with an index, as transformers' save_pretrained does. */
    static Path shard(Path d, Map<String, TensorData> tensors) throws IOException {
        TestModels.writeDirectory(d, TestModels.SMALL, tensors, StorageType.F32);
        Files.delete(d.resolve("model.safetensors"));
        List<TensorData> all = new ArrayList<>(tensors.values());
        int half = all.size() / 2;
        String[] names = {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"};
        SafetensorsWriter.write(d.resolve(names[0]), all.subList(0, half), StorageType.F32, Map.of("format", "pt"));
        SafetensorsWriter.write(d.resolve(names[1]), all.subList(half, all.size()), StorageType.F32, Map.of("format", "pt"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode index = json.createObjectNode();
        index.putObject("metadata").put("total_size", 0);
        ObjectNode map = index.putObject("weight_map");
        for (int i = 0; i < all.size(); i++) {
            map.put(all.get(i).name(), names[i < half ? 0 : 1]);
        }
        Files.write(d.resolve("model.safetensors.index.json"), json.writeValueAsBytes(index));
        return d;
    }

    @SuppressWarnings("try") // the guard works by existing
    static float[] hidden(PretrainedModel model) {
        try (NDManager m = NDManager.newBaseManager(); Autograd.Mode g = Autograd.noGrad()) {
            NDList out = model.encoder().forward(new ParameterStore(m, false), batch.toNDList(m), false);
            return out.head().toFloatArray();
        }
    }
}
