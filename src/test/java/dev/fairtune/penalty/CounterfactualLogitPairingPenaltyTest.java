package dev.fairtune.penalty;

import static dev.fairtune.penalty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fairtune.penalty.CounterfactualLogitPairingPenalty.Distance;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Pairing on three rows, two of which have a twin.
 *
 * <pre>
 * row 0: z = (0, 1),  twin (0.5, 0.5): centred (-0.5, 0.5) vs (0, 0)     -> diff (-0.5, 0.5)
 * row 1: z = (2, 2),  no twin
 * row 2: z = (1, -1), twin (0, 1):     centred (1, -1) vs (-0.5, 0.5)    -> diff (1.5, -1.5)
 * L1: (1 + 3) / 2 = 2;  squared L2: (0.5 + 4.5) / 2 = 2.5;  L2: (0.7071 + 2.1213) / 2 = sqrt(2)
 * L1 of centred binary logits = |margin - twin margin|: |1 - 0| = 1 and |-2 - 1| = 3.
 * </pre>
 */
class CounterfactualLogitPairingPenaltyTest {

    private static final double[] LOGITS = {0, 1, 2, 2, 1, -1};
    private static final double[] TWINS = {0.5, 0.5, 0, 1};
    private static final long[] INDEX = {0, 2};

    private static PenaltyInput input(NDArray logits, NDArray twins, long[] index, double[] weights) {
        NDManager manager = logits.getManager();
        PenaltyInput.Builder builder =
                PenaltyInput.builder()
                        .setLogits(logits)
                        .setLabels(manager.create(new int[] {1, 0, 0}))
                        .setGroups(manager.create(new int[] {0, 1, 0}))
                        .setNumGroups(2)
                        .optCounterfactuals(twins, manager.create(index));
        if (weights != null) {
            builder.optWeights(manager.create(weights));
        }
        return builder.build();
    }

    @Test
    void eachDistanceEqualsTheHandComputedValue() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(LOGITS, new Shape(3, 2));
            NDArray twins = manager.create(TWINS, new Shape(2, 2));
            PenaltyInput in = input(logits, twins, INDEX, null);
            assertEquals(2.0, value(new CounterfactualLogitPairingPenalty(Distance.L1).compute(in)), 1e-12);
            assertEquals(2.5, value(new CounterfactualLogitPairingPenalty(Distance.SQUARED_L2).compute(in)), 1e-12);
            assertEquals(Math.sqrt(2), value(new CounterfactualLogitPairingPenalty(Distance.L2).compute(in)), 1e-12);
            // Weights of the original rows: (1 * 1 + 3 * 3) / (1 + 3) = 2.5.
            PenaltyInput weighted = input(logits, twins, INDEX, new double[] {1, 5, 3});
            assertEquals(2.5, value(new CounterfactualLogitPairingPenalty(Distance.L1).compute(weighted)), 1e-12);
        }
    }

    @Test
    void aRowMayHaveSeveralTwins() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Row 0 twice (distances 1 and |1 - 3| = 2), row 2 once (3): mean 2.
            NDArray logits = manager.create(LOGITS, new Shape(3, 2));
            NDArray twins = manager.create(new double[] {0.5, 0.5, 0, 3, 0, 1}, new Shape(3, 2));
            PenaltyInput in = input(logits, twins, new long[] {0, 0, 2}, null);
            assertEquals(2.0, value(new CounterfactualLogitPairingPenalty(Distance.L1).compute(in)), 1e-12);
        }
    }

    @Test
    void noPairsGivesZeroAndNoSlotIsAnError() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(LOGITS, new Shape(3, 2));
            logits.setRequiresGradient(true);
            PenaltyInput none = input(logits, null, new long[0], null);
            for (Distance distance : Distance.values()) {
                assertEquals(0.0, value(new CounterfactualLogitPairingPenalty(distance).compute(none)), 0.0);
            }
            NDList labels = BatchSlots.labels(
                    manager.create(new int[] {1, 0, 0}), manager.create(new int[] {0, 1, 0}), null, null);
            PenaltyInput withoutSlot = PenaltyInput.fromBatch(labels, new NDList(logits), 2);
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> new CounterfactualLogitPairingPenalty(Distance.L1).compute(withoutSlot));
            assertTrue(error.getMessage().contains("COUNTERFACTUAL_INDEX"), error.getMessage());
        }
    }

    @Test
    void gradientsReachBothSidesAndMatchCentralDifferences() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(LOGITS, new Shape(3, 2));
            NDArray twins = manager.create(TWINS, new Shape(2, 2));
            for (Distance distance : Distance.values()) {
                CounterfactualLogitPairingPenalty clp = new CounterfactualLogitPairingPenalty(distance);
                Fixtures.assertGradientMatchesNumeric(logits, z -> clp.compute(input(z, twins, INDEX, null)));
                Fixtures.assertGradientMatchesNumeric(twins, t -> clp.compute(input(logits, t, INDEX, null)));
                double[] gradient = Fixtures.gradient(logits, z -> clp.compute(input(z, twins, INDEX, null)));
                // Row 1 has no twin: no gradient reaches it.
                assertEquals(0.0, gradient[2], 0.0);
                assertEquals(0.0, gradient[3], 0.0);
                assertTrue(Arrays.stream(gradient).anyMatch(v -> v != 0), distance.name());
            }
            // L1, binary: d/dz1 of |m - m'| with m = z1 - z0 is sign(m - m') / P = 1/2 for row 0.
            double[] l1 = Fixtures.gradient(logits,
                    z -> new CounterfactualLogitPairingPenalty(Distance.L1).compute(input(z, twins, INDEX, null)));
            assertArrayEquals(new double[] {-0.5, 0.5, 0, 0, 0.5, -0.5}, l1, 1e-12);
        }
    }

    @Test
    void euclideanDistanceOfIdenticalPairsHasAFiniteZeroGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(LOGITS, new Shape(3, 2));
            // Twin of row 0 equals row 0 shifted by a constant: centred, they coincide.
            NDArray twins = manager.create(new double[] {3, 4, 1, -1}, new Shape(2, 2));
            CounterfactualLogitPairingPenalty l2 = new CounterfactualLogitPairingPenalty(Distance.L2);
            assertEquals(0.0, value(l2.compute(input(logits, twins, INDEX, null))), 1e-15);
            double[] gradient = Fixtures.gradient(logits, z -> l2.compute(input(z, twins, INDEX, null)));
            assertArrayEquals(new double[6], gradient, 0.0);
        }
    }

    @Test
    void badTwinShapesAreRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(LOGITS, new Shape(3, 2));
            NDArray oneTwin = manager.create(new double[] {0.5, 0.5}, new Shape(1, 2));
            assertThrows(IllegalArgumentException.class, () -> input(logits, oneTwin, INDEX, null));
            assertThrows(IllegalArgumentException.class, () -> input(logits, null, INDEX, null));
            NDArray twins = manager.create(TWINS, new Shape(2, 2));
            assertThrows(IllegalArgumentException.class, () -> input(logits, twins, new long[] {0, 3}, null));
        }
    }
}
