package dev.fairtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;

import dev.fairtune.penalty.FairnessAwareLoss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** AdamW, the schedule, clipping and the loss against values worked out by hand. */
class OptimizationTest {

    @TempDir
    Path dir;

    /** Parameters "w.weight" = [1, -2] (decays), "b.bias" = [1] (no decay), "f.weight" = [5] (frozen). */
    private static Map<String, Parameter> params(NDManager m) {
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("w.weight", param("w.weight", m.create(new float[] {1f, -2f})));
        p.put("b.bias", param("b.bias", m.create(new float[] {1f})));
        p.put("f.weight", param("f.weight", m.create(new float[] {5f})));
        p.get("f.weight").freeze(true);
        return p;
    }

    private static Parameter param(String name, NDArray a) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(a);
        a.setRequiresGradient(true);
        return p;
    }

    /** Gradients g_w = [0.5, -1], g_b = [2], g_f = [1], from loss = sum(w·g) (+ frozen term). */
    private static void backward(Map<String, Parameter> p, NDManager m) {
        try (NDManager scope = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = scope.create(new float[] {0.5f, -1f}).mul(p.get("w.weight").getArray()).sum()
                    .add(scope.create(new float[] {2f}).mul(p.get("b.bias").getArray()).sum())
                    .add(scope.create(new float[] {1f}).mul(p.get("f.weight").getArray()).sum());
            gc.backward(loss);
        }
    }

    @Test
    void adamWMatchesTheClosedFormUpdate() {
        // lr 0.1, λ 0.01, β 0.9/0.999, ε 1e-8. With a constant gradient m̂/sqrt(v̂) = sign(g), so
        // each step moves by 0.1 against the gradient, after the decay factor 1 - 0.1·0.01 = 0.999:
        //   w: [1, -2] → [0.999 - 0.1, -1.998 + 0.1] = [0.899, -1.898]
        //            → [0.899·0.999 - 0.1, -1.898·0.999 + 0.1] = [0.798101, -1.796102]
        //   b (no decay): 1 → 0.9 → 0.8;   f (frozen): 5 → 5
        try (NDManager m = NDManager.newBaseManager(); AdamW adamW = AdamW.builder().build()) {
            Map<String, Parameter> p = params(m);
            assertTrue(adamW.decays("w.weight"));
            assertFalse(adamW.decays("b.bias"));
            assertFalse(adamW.decays("encoder.layer.0.output.LayerNorm.weight"));
            backward(p, m);
            adamW.step(p, 0.1);
            assertArrayEquals(new float[] {0.899f, -1.898f}, p.get("w.weight").getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0, 0}, p.get("w.weight").getArray().getGradient().toFloatArray(), "gradient zeroed");
            backward(p, m);
            adamW.step(p, 0.1);
            assertArrayEquals(new float[] {0.798101f, -1.796102f}, p.get("w.weight").getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.8f}, p.get("b.bias").getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {5f}, p.get("f.weight").getArray().toFloatArray());
            assertEquals(2, adamW.stepCount("w.weight"));
            assertEquals(0, adamW.stepCount("f.weight"));
        }
    }

    @Test
    void gradientScaleActsAsScaledGradients() {
        // first step with g·0.5: m = 0.05·g... m̂/sqrt(v̂) is still sign(g): the same first move,
        // but the moments differ; compare the second step against an explicit halving
        try (NDManager m = NDManager.newBaseManager(); AdamW a = AdamW.builder().build(); AdamW b = AdamW.builder().build()) {
            Map<String, Parameter> pa = params(m);
            Map<String, Parameter> pb = params(m);
            for (int i = 0; i < 2; i++) {
                backward(pa, m);
                a.step(pa, 0.1, 0.5);
                backward(pb, m);
                pb.values().stream().filter(Parameter::requiresGradient)
                        .forEach(q -> q.getArray().getGradient().muli(0.5f));
                b.step(pb, 0.1);
            }
            assertArrayEquals(pb.get("w.weight").getArray().toFloatArray(), pa.get("w.weight").getArray().toFloatArray());
        }
    }

    @Test
    void savedStateResumesBitIdentically() throws IOException {
        Path state = dir.resolve("adamw.safetensors");
        float[] uninterrupted;
        float[] saved;
        try (NDManager m = NDManager.newBaseManager(); AdamW a = AdamW.builder().build()) {
            Map<String, Parameter> p = params(m);
            for (int i = 0; i < 2; i++) {
                backward(p, m);
                a.step(p, 0.1);
            }
            a.saveState(state);
            saved = p.get("w.weight").getArray().toFloatArray();
            backward(p, m);
            a.step(p, 0.05);
            uninterrupted = p.get("w.weight").getArray().toFloatArray();
        }
        try (NDManager m = NDManager.newBaseManager(); AdamW b = AdamW.builder().build()) {
            Map<String, Parameter> p = params(m);
            p.get("w.weight").getArray().set(saved);
            b.loadState(state);
            assertEquals(2, b.stepCount("w.weight"));
            backward(p, m);
            b.step(p, 0.05);
            assertArrayEquals(uninterrupted, p.get("w.weight").getArray().toFloatArray());
        }
        assertThrows(dev.fairtune.model.CheckpointException.class, () -> {
            try (AdamW c = AdamW.builder().build()) {
                dev.fairtune.model.SafetensorsWriter.write(dir.resolve("other.safetensors"), List.of(),
                        dev.fairtune.model.StorageType.F32, Map.of("format", "pt"));
                c.loadState(dir.resolve("other.safetensors"));
            }
        });
    }

    @Test
    void linearWarmupThenDecayAsHuggingFace() {
        LearningRateSchedule s = LearningRateSchedule.linearWarmupDecay(1.0, 2, 6);
        double[] expected = {0, 0.5, 1, 0.75, 0.5, 0.25, 0, 0};
        for (int step = 0; step < expected.length; step++) {
            assertEquals(expected[step], s.rate(step), 1e-12, "step " + step);
        }
        LearningRateSchedule noWarmup = LearningRateSchedule.linearWarmupDecay(2.0, 0, 4);
        assertEquals(2.0, noWarmup.rate(0));
        assertEquals(1.0, noWarmup.rate(2));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.linearWarmupDecay(1, 5, 4));
    }

    @Test
    void globalNormClippingAsTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter a = param("a", m.create(new float[] {1f, 1f}));
            Parameter b = param("b", m.create(new float[] {1f}));
            try (NDManager s = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // gradients [3, 4] and [0]: global norm 5
                gc.backward(s.create(new float[] {3f, 4f}).mul(a.getArray()).sum().add(b.getArray().mul(0f).sum()));
            }
            GradientClipping clip = new GradientClipping(1.0);
            assertEquals(5.0, GradientClipping.norm(List.of(a, b)), 1e-6);
            assertEquals(1.0, new GradientClipping(10).scale(5.0));
            assertEquals(1 / (5 + 1e-6), clip.scale(5.0), 1e-12);
            assertEquals(5.0, clip.clip(List.of(a, b)), 1e-6);
            float k = (float) (1 / (5 + 1e-6));
            assertArrayEquals(new float[] {3 * k, 4 * k}, a.getArray().getGradient().toFloatArray(), 1e-7f);
            assertThrows(IllegalArgumentException.class, () -> new GradientClipping(0));
        }
    }

    @Test
    void crossEntropyWithAndWithoutSampleWeights() {
        // logits [0, 0] label 0: ln 2 = 0.693147; logits [ln 3, 0] label 1: -ln(1/4) = ln 4 = 1.386294
        try (NDManager m = NDManager.newBaseManager()) {
            NDList logits = new NDList(m.create(new float[][] {{0f, 0f}, {(float) Math.log(3), 0f}}));
            NDArray labels = m.create(new long[] {0, 1});
            FairnessAwareLoss ce = FairnessAwareLoss.builder().setNumGroups(2).build();
            NDList withGroups = new NDList(labels, m.create(new long[] {0, 1}));
            assertEquals((Math.log(2) + Math.log(4)) / 2, ce.evaluate(withGroups, logits).getFloat(), 1e-6);
            NDList withGroupsAndWeights = new NDList(labels, m.create(new long[] {0, 1}), m.create(new float[] {1f, 3f}));
            // (1·ln 2 + 3·ln 4) / 4 = 1.2125075
            assertEquals((Math.log(2) + 3 * Math.log(4)) / 4, ce.evaluate(withGroupsAndWeights, logits).getFloat(), 1e-6);
            NDList zeroWeights = new NDList(labels, m.create(new long[] {0, 1}), m.create(new float[] {0f, 0f}));
            assertEquals(0.0, ce.evaluate(zeroWeights, logits).getFloat());
        }
    }
    @Test
    void perParameterRateFactorsScaleBothDecayAndStep() {
        // factor 0.5 on w (rate 0.05): decay 1 - 0.05·0.01 = 0.9995, step 0.05 against the gradient:
        //   w: [1, -2] -> [0.9995 - 0.05, -1.999 + 0.05] = [0.9495, -1.949]
        // factor 0 on b: unchanged (its moments still update, as a torch group with rate 0)
        try (NDManager m = NDManager.newBaseManager(); AdamW adamW = AdamW.builder().build()) {
            Map<String, Parameter> p = params(m);
            backward(p, m);
            adamW.step(p, 0.1, 1.0, name -> name.equals("w.weight") ? 0.5 : 0.0);
            assertArrayEquals(new float[] {0.9495f, -1.949f}, p.get("w.weight").getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1f}, p.get("b.bias").getArray().toFloatArray());
            assertEquals(1, adamW.stepCount("b.bias"));
            backward(p, m);
            assertThrows(IllegalArgumentException.class, () -> adamW.step(p, 0.1, 1.0, name -> -1.0));
        }
    }
}
