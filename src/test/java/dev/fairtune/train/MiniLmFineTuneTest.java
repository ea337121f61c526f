package dev.fairtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;

import dev.fairtune.model.BertClassifier;
import dev.fairtune.data.Example;
import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.text.TextEncoder;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tunes the built-in MiniLM for a few steps with the embeddings and the first 4 of its 6
 * layers frozen: frozen tensors stay bit-identical, all others change, the training loss falls.
 */
class MiniLmFineTuneTest {

    static final List<String> TEXTS = List.of(
            "a wonderful, moving film", "great acting and a clever plot", "i loved every minute",
            "an excellent and joyful story", "boring and far too long", "a terrible, lazy script",
            "i hated the ending", "awful acting, dull plot");
    static final int[] LABELS = {1, 1, 1, 1, 0, 0, 0, 0};
    static final TextDataset DATA = data();

    private static TextDataset data() {
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            rows.add(Example.of(TEXTS.get(i), LABELS[i], i % 2));
        }
        return new TextDataset("reviews", List.of("neg", "pos"), List.of(GroupAttribute.of("g", "a", "b")), rows);
    }

    @Test
    void frozenStayBitIdenticalOthersChangeLossFalls() throws Exception {
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm());
                TextEncoder text = TextEncoder.builder(model).optMaxLength(16).build()) {
            BertClassifier c = BertClassifier.builder(model).optLabels(List.of("neg", "pos")).build();
            int frozen = Freezing.embeddings().or(Freezing.firstLayers(4)).applyTo(c);
            // embeddings: 3 tables + LayerNorm weight and bias = 5 tensors; 16 tensors per layer
            assertEquals(5 + 4 * 16, frozen);
            // trainable: layers 4 and 5 (per layer 4·(384·384 + 384) + 384·1536 + 1536 + 1536·384 + 384
            // + 2·2·384 LayerNorm = 1,774,464) and the head (2·384 + 2 = 770); no pooler (CLS pooling)
            assertEquals(2 * 1_774_464L + 770, c.trainableParameterCount());
            // all: embeddings 30522·384 + 512·384 + 2·384 + 2·384 = 11,918,592, 6 layers 10,646,784, head 770
            assertEquals(11_918_592L + 6 * 1_774_464L + 770, c.parameterCount());

            Map<String, float[]> before = snapshot(c);
            double lossBefore = loss(model, c, text);
            TrainerConfig config = TrainerConfig.builder()
                    .optLearningRate(3e-4)
                    .optBatchSize(4)
                    .optEpochs(4)
                    .optMaxLength(16)
                    .optSeed(1)
                    .optRestoreBest(false)
                    .build();
            // a plain fine-tune is a fairness-aware one without penalties
            TrainingResult result = FairTrainer.builder().setModel(model).setClassifier(c).setConfig(config).build()
                    .fit(DATA, DATA);
            List<BatchRecord> steps = result.history().batches();
            assertEquals(8, steps.size(), "4 epochs of 2 batches");
            assertEquals(3e-4, steps.get(0).learningRate(), 1e-12, "no warm-up: the first step uses the peak rate");
            assertEquals(3e-4 * 1 / 8, steps.get(7).learningRate(), 1e-12, "linear decay");
            double lossAfter = loss(model, c, text);
            assertTrue(lossAfter < lossBefore - 0.05, "evaluation loss " + lossBefore + " -> " + lossAfter);

            for (Map.Entry<String, Parameter> e : c.namedParameters().entrySet()) {
                String name = e.getKey();
                float[] now = e.getValue().getArray().toFloatArray();
                boolean isFrozen = name.startsWith("bert.embeddings.")
                        || name.matches("bert\\.encoder\\.layer\\.[0-3]\\..*");
                if (isFrozen) {
                    assertArrayEquals(before.get(name), now, name + " is frozen and must stay bit-identical");
                } else {
                    assertFalse(Arrays.equals(before.get(name), now), name + " is trainable and must change");
                }
            }
        }
    }

    private static Map<String, float[]> snapshot(BertClassifier c) {
        Map<String, float[]> out = new LinkedHashMap<>();
        c.namedParameters().forEach((n, p) -> out.put(n, p.getArray().toFloatArray()));
        return out;
    }

    /** Mean cross-entropy on the training texts in evaluation mode. */
    private static double loss(PretrainedModel model, BertClassifier c, TextEncoder text) {
        return Predictions.of(Predictor.logits(model, c, text, DATA, 8), 1).meanCrossEntropy(LABELS, model.manager());
    }
}
