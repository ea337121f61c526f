package dev.fairtune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Checkpoint;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.Pooling;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.model.TestModels;
import dev.fairtune.penalty.BatchSlots;
import dev.fairtune.penalty.FairnessAwareLoss;
import dev.fairtune.text.TextEncoder;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DP-SGD's clipped gradient against the definition: examples one at a time (batch of 1, plain
 * autograd), each example's gradient over all trainable parameters clipped to C, averaged.
 */
class DpSgdTest {

    private static final FairnessAwareLoss CE = FairnessAwareLoss.builder().setNumGroups(2).build();

    @Test
    void clippedNoiselessGradientEqualsPerExampleClippingOnMiniLmWithLowerLayersFrozen() throws Exception {
        List<String> texts = List.of("a wonderful film", "boring and far too long", "i loved it", "awful acting");
        long[] labels = {1, 0, 1, 0};
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm());
                TextEncoder text = TextEncoder.builder(model).optMaxLength(16).build()) {
            BertClassifier c = BertClassifier.builder(model).optLabels(List.of("neg", "pos")).build();
            Freezing.embeddings().or(Freezing.firstLayers(4)).applyTo(c);
            compare(model, c, text, texts, labels);
        }
    }

    @Test
    void longSequencesTakeTheMaterialisedNormAndAPoolerIsTapped() throws Exception {
        // tiny model (H 32, intermediate 64): with T >= 22 tokens T (d + p) >= d p for every layer,
        // so the per-example weight gradients are formed instead of the ghost norm; the pooler trains too
        Checkpoint ckpt = new Checkpoint(TestModels.SMALL, TestModels.weights(TestModels.SMALL, 3),
                TestModels.tokenizerJson(), List.of(), Pooling.POOLER, "test");
        String longText = "the quick brown fox jumps over the lazy dog and then runs far away into the deep dark forest";
        List<String> texts = List.of(longText, "short one", longText + " again and again", "tiny");
        try (PretrainedModel model = PretrainedModel.load(ckpt);
                TextEncoder text = TextEncoder.builder(model).optMaxLength(40).build()) {
            BertClassifier c = BertClassifier.builder(model).optLabels(List.of("no", "yes")).build();
            Freezing.embeddings().applyTo(c);
            compare(model, c, text, texts, new long[] {1, 0, 0, 1});
        }
    }

    @Test
    void trainableEmbeddingsAreRefused() throws Exception {
        Checkpoint ckpt = new Checkpoint(TestModels.SMALL, TestModels.weights(TestModels.SMALL, 3),
                TestModels.tokenizerJson(), List.of(), Pooling.CLS, "test");
        try (PretrainedModel model = PretrainedModel.load(ckpt);
                TextEncoder text = TextEncoder.builder(model).optMaxLength(16).build();
                AdamW adamW = AdamW.builder().build();
                DpSgd dp = new DpSgd(1, 1, 0.5, 4, 1e-5, false)) {
            BertClassifier c = BertClassifier.builder(model).optLabels(List.of("no", "yes")).build();
            TrainingStep step = step(c, adamW, dp);
            try (NDManager m = model.manager().newSubManager()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> step.forwardBackward(
                        text.encode(List.of("a b")).toNDList(m), labels(m, new long[] {1}), 1));
                assertTrue(e.getMessage().contains("Freezing.embeddings()"), e.getMessage());
            }
        }
    }

    private static TrainingStep step(BertClassifier c, AdamW adamW, DpSgd dp) {
        return TrainingStep.builder().setModel(c).setOptimizer(adamW).setSchedule(LearningRateSchedule.constant(1e-3))
                .setLoss(CE).optPrivacy(dp).build();
    }

    private static NDList labels(NDManager m, long[] y) {
        return BatchSlots.labels(m.create(y), m.create(new long[y.length]), null, null);
    }

    /**
     * The reference first (per-example norms, and C set between the smallest and largest so some
     * examples are clipped and some not), then one DP micro-batch of all rows with sigma 0 and
     * expected batch size = rows: its gradient must equal the reference mean within 1e-5.
     */
    private static void compare(PretrainedModel model, BertClassifier c, TextEncoder text, List<String> texts,
            long[] y) {
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        c.namedParameters().forEach((n, p) -> {
            if (p.requiresGradient()) {
                trainable.put(n, p);
            }
        });
        int n = texts.size();
        List<Map<String, float[]>> perExample = new java.util.ArrayList<>();
        double[] norms = new double[n];
        ParameterStore store = new ParameterStore(model.manager(), false);
        for (int i = 0; i < n; i++) {
            try (NDManager m = model.manager().newSubManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = c.forward(store, text.encode(List.of(texts.get(i))).toNDList(m), false).head();
                    gc.backward(CE.evaluate(labels(m, new long[] {y[i]}), new NDList(logits)));
                }
                Map<String, float[]> g = new LinkedHashMap<>();
                double sq = 0;
                for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
                    float[] v = e.getValue().getArray().getGradient().toFloatArray();
                    for (float x : v) {
                        sq += (double) x * x;
                    }
                    g.put(e.getKey(), v);
                    Autograd.zeroGradient(e.getValue().getArray());
                }
                perExample.add(g);
                norms[i] = Math.sqrt(sq);
            }
        }
        double lo = java.util.Arrays.stream(norms).min().orElseThrow();
        double hi = java.util.Arrays.stream(norms).max().orElseThrow();
        double clip = Math.sqrt(lo * hi);
        assertTrue(lo < clip && clip < hi, "C lies between the per-example norms " + java.util.Arrays.toString(norms));
        Map<String, double[]> expected = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double f = Math.min(1, clip / (norms[i] + 1e-6));
            for (Map.Entry<String, float[]> e : perExample.get(i).entrySet()) {
                double[] acc = expected.computeIfAbsent(e.getKey(), k -> new double[e.getValue().length]);
                for (int j = 0; j < acc.length; j++) {
                    acc[j] += f * e.getValue()[j] / n;
                }
            }
        }
        try (AdamW adamW = AdamW.builder().build();
                DpSgd dp = new DpSgd(clip, 0, 1.0, n, 1e-5, false)) {
            TrainingStep step = step(c, adamW, dp);
            try (NDManager m = model.manager().newSubManager()) {
                step.forwardBackward(text.encode(texts).toNDList(m), labels(m, y), 1);
            }
            DpSgd.Noisy noisy = dp.noisyMean(step.parameters());
            assertEquals(trainable.keySet(), noisy.gradients().keySet());
            double maxDiff = 0;
            double maxAbs = 0;
            for (Map.Entry<String, NDArray> e : noisy.gradients().entrySet()) {
                float[] got = e.getValue().toFloatArray();
                double[] want = expected.get(e.getKey());
                for (int j = 0; j < got.length; j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(got[j] - want[j]));
                    maxAbs = Math.max(maxAbs, Math.abs(want[j]));
                }
            }
            assertTrue(maxDiff <= 1e-5, "max |DP - reference| " + maxDiff + " (largest element " + maxAbs + ")");
            assertTrue(maxAbs > 1e-3, "the gradient is not trivially small: " + maxAbs);
            assertEquals(java.util.Arrays.stream(norms).average().orElseThrow(), noisy.meanExampleNorm(),
                    1e-4 * noisy.meanExampleNorm());
        }
    }
}
