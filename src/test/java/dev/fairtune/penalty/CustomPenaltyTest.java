package dev.fairtune.penalty;

import dev.fairtune.fairness.Criterion;
import static dev.fairtune.penalty.Fixtures.binaryLogits;
import static dev.fairtune.penalty.Fixtures.input;
import static dev.fairtune.penalty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/**
 * A penalty written outside the library, with its public API only, plugs into the composite loss:
 * the example of docs/penalties.md. Its penalty is also trained end to end by FairTrainerTest.
 */
public class CustomPenaltyTest {

    /**
     * Gap between the two groups' mean cross-entropy, {@code |CE_1 - CE_0|} (a surrogate for an
     * accuracy gap); 0 when a group is missing from the batch.
     */
    public static final class GroupLossGap implements FairnessPenalty {

        @Override
        public String name() {
            return "group_loss_gap";
        }

        @Override
        public Criterion approximates() {
            return Criterion.Other.UNSPECIFIED;
        }

        @Override
        public NDArray compute(PenaltyInput in) {
            NDArray target = in.labels().oneHot(in.numClasses(), in.logits().getDataType());
            NDArray perRow = in.logits().logSoftmax(1).mul(target).sum(new int[] {1}).neg(); // (B)
            NDArray mask = in.groupMask().mul(in.weights().expandDims(1)); // (B, G)
            NDArray count = mask.sum(new int[] {0}); // (G)
            NDArray present = count.gt(0);
            NDArray mean = perRow.matMul(mask).div(NDArrays.where(present, count, count.onesLike()));
            NDArray both = present.toType(mean.getDataType(), false).prod();
            return mean.get(1).sub(mean.get(0)).abs().mul(both);
        }
    }

    private static final double[] S = {0.9, 0.6, 0.2, 0.7, 0.4, 0.1};
    private static final int[] Y = {1, 0, 1, 1, 0, 0};
    private static final int[] G = {0, 0, 0, 1, 1, 1};

    @Test
    void customPenaltyComputesItsValueAndPlugsIntoTheLoss() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // True-class probabilities: g0 {0.9, 0.4, 0.2}, g1 {0.7, 0.6, 0.9};
            // |CE_0 - CE_1| = (ln(0.7 * 0.6 * 0.9) - ln(0.9 * 0.4 * 0.2)) / 3 = ln(5.25) / 3 = 0.55275.
            double expected = Math.log(5.25) / 3;
            NDArray logits = binaryLogits(manager, S);
            GroupLossGap gap = new GroupLossGap();
            assertEquals(expected, value(gap.compute(input(logits, Y, G, 2, null))), 1e-12);
            Fixtures.assertGradientMatchesNumeric(logits, z -> gap.compute(input(z, Y, G, 2, null)));
            assertEquals(0.0, value(gap.compute(input(logits, Y, new int[6], 2, null))), 0.0);
            assertArrayEquals(new double[12],
                    Fixtures.gradient(logits, z -> gap.compute(input(z, Y, new int[6], 2, null))), 0.0);

            FairnessAwareLoss loss = FairnessAwareLoss.builder().setNumGroups(2).addPenalty(gap, 0.4).build();
            double ce = -(Math.log(0.9 * 0.4 * 0.2) + Math.log(0.7 * 0.6 * 0.9)) / 6;
            assertEquals(ce + 0.4 * expected, value(loss.evaluate(input(logits, Y, G, 2, null))), 1e-12);
            assertEquals("group_loss_gap",
                    loss.lastComponents().orElseThrow().penalties().get(0).penalty().name());
        }
    }
}
