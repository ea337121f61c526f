package dev.fairtune.penalty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PenaltyInputTest {

    @Test
    void readsEverySlotAndDerivesProbabilitiesMasksAndUnitWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {0, 0, 0, (float) Math.log(3)}, new Shape(2, 2));
            NDList labels = BatchSlots.labels(
                    manager.create(new float[] {1, 0}, new Shape(2, 1)), // (B, 1) float labels work
                    manager.create(new int[] {1, 0}),
                    null,
                    manager.create(new int[] {1}));
            NDArray twin = manager.create(new float[] {1, 2}, new Shape(1, 2));
            PenaltyInput in = PenaltyInput.fromBatch(labels, BatchSlots.predictions(logits, twin), 2);
            assertEquals(2, in.batchSize());
            assertEquals(2, in.numClasses());
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.25f, 0.75f}, in.probabilities().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.5f, 0.75f}, in.score(1).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0, 1, 1, 0}, in.groupMask().toFloatArray(), 0f);
            assertArrayEquals(new float[] {1, 0}, in.labelMask(1).toFloatArray(), 0f);
            assertArrayEquals(new float[] {1, 1}, in.weights().toFloatArray(), 0f);
            assertFalse(in.hasSampleWeights());
            assertEquals(DataType.INT64, in.labels().getDataType());
            assertTrue(in.hasCounterfactuals());
            assertArrayEquals(new long[] {1}, in.counterfactualIndex().orElseThrow().toLongArray());
            assertEquals(twin, in.counterfactualLogits().orElseThrow());
            assertEquals(2, BatchSlots.WEIGHTS, "slot numbers are a contract with the trainer");
            assertFalse(BatchSlots.isPresent(labels, BatchSlots.WEIGHTS));
            assertTrue(BatchSlots.isPresent(labels, BatchSlots.COUNTERFACTUAL_INDEX));
        }
    }

    @Test
    void badBatchesFailWithAMessageThatSaysWhatIsWrong() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {0, 1, 1, 0, 2, 2}, new Shape(3, 2));
            NDArray labels = manager.create(new int[] {0, 1, 1});
            NDArray groups = manager.create(new int[] {0, 1, 0});
            expect("group at position 1 is 2.0", () -> PenaltyInput.builder().setLogits(logits)
                    .setLabels(labels).setGroups(manager.create(new int[] {0, 2, 0})).setNumGroups(2).build());
            expect("label at position 2 is 2.0", () -> PenaltyInput.builder().setLogits(logits)
                    .setLabels(manager.create(new int[] {0, 1, 2})).setGroups(groups).setNumGroups(2).build());
            expect("label at position 0 is 0.5", () -> PenaltyInput.builder().setLogits(logits)
                    .setLabels(manager.create(new float[] {0.5f, 1, 1})).setGroups(groups).setNumGroups(2).build());
            expect("sample weight of row 1 is -1.0", () -> PenaltyInput.builder().setLogits(logits)
                    .setLabels(labels).setGroups(groups).setNumGroups(2)
                    .optWeights(manager.create(new float[] {1, -1, 1})).build());
            expect("groups must have shape (3)", () -> PenaltyInput.builder().setLogits(logits)
                    .setLabels(labels).setGroups(manager.create(new int[] {0, 1})).setNumGroups(2).build());
            expect("C >= 2", () -> PenaltyInput.builder().setLogits(manager.create(new float[] {1, 2, 3}, new Shape(3, 1)))
                    .setLabels(labels).setGroups(groups).setNumGroups(2).build());
            expect("float32 or float64", () -> PenaltyInput.builder().setLogits(logits.toType(DataType.FLOAT16, false))
                    .setLabels(labels).setGroups(groups).setNumGroups(2).build());
            expect("setNumGroups", () -> PenaltyInput.builder().setLogits(logits)
                    .setLabels(labels).setGroups(groups).build());
            expect("BatchSlots.GROUPS", () -> PenaltyInput.fromBatch(new NDList(labels), new NDList(logits), 2));
            expect("no BatchSlots.COUNTERFACTUAL_INDEX", () -> PenaltyInput.fromBatch(
                    BatchSlots.labels(labels, groups, null, null),
                    BatchSlots.predictions(logits, manager.create(new float[] {0, 1}, new Shape(1, 2))), 2));
            expect("counterfactual index at position 0 is 3.0", () -> PenaltyInput.builder().setLogits(logits)
                    .setLabels(labels).setGroups(groups).setNumGroups(2)
                    .optCounterfactuals(manager.create(new float[] {0, 1}, new Shape(1, 2)), manager.create(new int[] {3}))
                    .build());
        }
    }

    private static void expect(String fragment, Executable executable) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(error.getMessage().contains(fragment), "message: " + error.getMessage());
    }
}
