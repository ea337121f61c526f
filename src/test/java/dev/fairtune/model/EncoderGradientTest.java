package dev.fairtune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradients do not depend on what the JVM does between forward and backward. (DJL's {@code
 * NDArray.mul(Number)} builds the scalar from a Java buffer and frees it before the backward
 * pass, which then reads freed memory: the encoder must not use such operations in the graph.)
 */
class EncoderGradientTest {

    @Test
    void garbageCollectionBetweenForwardAndBackwardChangesNothing() throws Exception {
        Checkpoint ckpt = new Checkpoint(TestModels.SMALL, TestModels.weights(TestModels.SMALL, 11),
                TestModels.tokenizerJson(), List.of(), Pooling.POOLER, "test");
        try (PretrainedModel model = PretrainedModel.load(ckpt);
                TextEncoder text = TextEncoder.builder(model).optMaxLength(16).build()) {
            BertClassifier c = BertClassifier.builder(model).optLabels(List.of("a", "b")).build();
            EncodedBatch batch = text.encode(List.of("one small text", "another"));
            Map<String, float[]> quiet = gradients(model, c, batch, false);
            Map<String, float[]> disturbed = gradients(model, c, batch, true);
            for (String name : quiet.keySet()) {
                assertArrayEquals(quiet.get(name), disturbed.get(name), name);
            }
            assertTrue(quiet.values().stream().allMatch(g -> g.length > 0));
        }
    }

    /** Gradients of sum(logits) with dropout seeded to 5, optionally churning the JVM before backward. */
    private static Map<String, float[]> gradients(PretrainedModel model, BertClassifier c, EncodedBatch batch, boolean churn) {
        c.encoder().dropoutMasks().reseed(5);
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager m = model.manager().newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList logits = c.forward(new ParameterStore(m, false), batch.toNDList(m), true);
                if (churn) {
                    for (int round = 0; round < 3; round++) {
                        System.gc();
                        List<ByteBuffer> junk = new ArrayList<>();
                        for (int i = 0; i < 2000; i++) {
                            junk.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, 1e30f));
                        }
                    }
                }
                gc.backward(logits.head().sum());
            }
        }
        for (Map.Entry<String, Parameter> e : c.namedParameters().entrySet()) {
            out.put(e.getKey(), e.getValue().getArray().getGradient().toFloatArray());
            Autograd.zeroGradient(e.getValue().getArray());
        }
        return out;
    }
}
