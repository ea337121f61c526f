package dev.fairtune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.train.AdamW;
import dev.fairtune.train.LearningRateSchedule;
import dev.fairtune.train.TrainingStep;

import dev.fairtune.penalty.FairnessAwareLoss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A fine-tuned classifier saved in HuggingFace layout loads back bit for bit. */
class HfSaverTest {

    static final List<String> LABELS = List.of("negative", "neutral", "positive");

    @TempDir
    Path dir;

    @Test
    void fineTunedClassifierRoundTripsBitExactly() throws IOException {
        for (Pooling pooling : Pooling.values()) {
            Path base = TestModels.writeDirectory(dir.resolve("base-" + pooling), TestModels.SMALL,
                    TestModels.weights(TestModels.SMALL, 3), StorageType.BF16);
            Path saved = dir.resolve("saved-" + pooling);
            Map<String, float[]> before = new java.util.LinkedHashMap<>();
            float[] logitsBefore;
            EncodedBatch batch;
            try (PretrainedModel model = PretrainedModel.load(ModelSource.directory(base));
                    TextEncoder text = TextEncoder.builder(model).optMaxLength(16).build()) {
                BertClassifier c = BertClassifier.builder(model).optLabels(LABELS).optPooling(pooling).build();
                batch = text.encode(List.of("good", "bad and long enough to be truncated somewhere around here", "fine"));
                train(model, c, batch, 3);
                c.namedParameters().forEach((n, p) -> before.put(n, p.getArray().toFloatArray()));
                logitsBefore = logits(model, c, batch);
                HfSaver.save(c, model.tokenizerJson(), saved);
            }
            JsonNode config = new ObjectMapper().readTree(saved.resolve("config.json").toFile());
            assertEquals("BertForSequenceClassification", config.get("architectures").get(0).asText());
            assertEquals("positive", config.get("id2label").get("2").asText());
            assertEquals(1, config.get("label2id").get("neutral").asInt());
            assertEquals("bert", config.get("model_type").asText());
            assertEquals(pooling == Pooling.CLS, config.has("fairtune_pooling"));
            assertArrayEquals(TestModels.tokenizerJson(), Files.readAllBytes(saved.resolve("tokenizer.json")));
            try (SafetensorsReader r = SafetensorsReader.open(saved.resolve("model.safetensors"))) {
                assertTrue(r.entries().keySet().stream().allMatch(n -> n.startsWith("bert.") || n.startsWith("classifier.")));
                assertEquals(pooling == Pooling.POOLER, r.entries().containsKey("bert.pooler.dense.weight"));
                assertEquals("pt", r.metadata().get("format"));
            }
            try (PretrainedModel model = PretrainedModel.load(ModelSource.directory(saved))) {
                assertEquals(LABELS, model.labels());
                assertEquals(pooling, model.defaultPooling());
                BertClassifier c = BertClassifier.builder(model).build();
                assertEquals(LABELS, c.labels());
                assertEquals(before.keySet(), c.namedParameters().keySet());
                for (Map.Entry<String, Parameter> e : c.namedParameters().entrySet()) {
                    assertArrayEquals(before.get(e.getKey()), e.getValue().getArray().toFloatArray(), e.getKey());
                }
                assertArrayEquals(logitsBefore, logits(model, c, batch), "logits after reload");
            }
        }
    }

    @Test
    void headFromTheCheckpointMustMatchTheLabels() throws IOException {
        Path base = TestModels.writeDirectory(dir.resolve("base"), TestModels.SMALL, TestModels.weights(TestModels.SMALL, 3), StorageType.F32);
        Path saved = dir.resolve("saved");
        try (PretrainedModel model = PretrainedModel.load(ModelSource.directory(base))) {
            assertThrows(IllegalArgumentException.class, () -> BertClassifier.builder(model).build(), "no labels anywhere");
            HfSaver.save(BertClassifier.builder(model).optLabels(LABELS).build(), model.tokenizerJson(), saved);
        }
        try (PretrainedModel model = PretrainedModel.load(ModelSource.directory(saved))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BertClassifier.builder(model).optLabels(List.of("a", "b")).build());
            assertTrue(e.getMessage().contains("optNewHead"), e.getMessage());
            BertClassifier fresh = BertClassifier.builder(model).optLabels(List.of("a", "b")).optNewHead(true).build();
            assertEquals(2, fresh.getOutputShapes(new ai.djl.ndarray.types.Shape[] {new ai.djl.ndarray.types.Shape(1, 4)})[0].get(1));
            BertClassifier sameHead = BertClassifier.builder(model).build();
            BertClassifier other = BertClassifier.builder(model).optSeed(1).build();
            // the checkpoint's head is used (seed plays no part) and each classifier owns a copy
            assertArrayEquals(sameHead.namedParameters().get("classifier.weight").getArray().toFloatArray(),
                    other.namedParameters().get("classifier.weight").getArray().toFloatArray());
            float[] otherBefore = other.namedParameters().get("classifier.weight").getArray().toFloatArray();
            sameHead.namedParameters().get("classifier.weight").getArray().muli(2);
            assertArrayEquals(otherBefore, other.namedParameters().get("classifier.weight").getArray().toFloatArray());
        }
    }

    private static void train(PretrainedModel model, BertClassifier c, EncodedBatch batch, int steps) {
        try (AdamW adamW = AdamW.builder().build()) {
            TrainingStep step = TrainingStep.builder()
                    .setModel(c)
                    .setOptimizer(adamW)
                    .setSchedule(LearningRateSchedule.constant(1e-3))
                    .setLoss(FairnessAwareLoss.builder().setNumGroups(1).build())
                    .build();
            for (int i = 0; i < steps; i++) {
                try (NDManager m = model.manager().newSubManager()) {
                    step.run(batch.toNDList(m), new NDList(m.create(new long[] {2, 0, 1}), m.create(new long[3])));
                }
            }
        }
    }

    @SuppressWarnings("try") // the guard works by existing
    static float[] logits(PretrainedModel model, BertClassifier c, EncodedBatch batch) {
        try (NDManager m = NDManager.newBaseManager(); Autograd.Mode g = Autograd.noGrad()) {
            return c.forward(new ParameterStore(m, false), batch.toNDList(m), false).get(BertClassifier.LOGITS).toFloatArray();
        }
    }
}
