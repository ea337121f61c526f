package dev.fairtune.penalty;

import static dev.fairtune.penalty.Fixtures.binaryLogits;
import static dev.fairtune.penalty.Fixtures.input;
import static dev.fairtune.penalty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fairtune.fairness.Criterion;
import dev.fairtune.fairness.FairnessMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The composite loss on the six-row batch of {@link RateGapPenaltyTest}: probabilities of the true
 * class 0.9, 0.4, 0.2, 0.7, 0.6, 0.9, so CE = -(ln 0.9 + ln 0.4 + ln 0.2 + ln 0.7 + ln 0.6 + ln 0.9)
 * / 6 = 0.60066; DP gap 1/6, TPR gap 0.15.
 */
class FairnessAwareLossTest {

    private static final double[] S = {0.9, 0.6, 0.2, 0.7, 0.4, 0.1};
    private static final int[] Y = {1, 0, 1, 1, 0, 0};
    private static final int[] G = {0, 0, 0, 1, 1, 1};
    private static final double[] TRUE_CLASS_P = {0.9, 0.4, 0.2, 0.7, 0.6, 0.9};
    private static final double CE = crossEntropy(TRUE_CLASS_P, new double[] {1, 1, 1, 1, 1, 1});

    private static double crossEntropy(double[] p, double[] w) {
        double sum = 0;
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            sum -= w[i] * Math.log(p[i]);
            total += w[i];
        }
        return sum / total;
    }

    private static FairnessAwareLoss loss(double dpLambda, double tprLambda) {
        return FairnessAwareLoss.builder()
                .setNumGroups(2)
                .addPenalty(RateGapPenalty.of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE), dpLambda)
                .addPenalty(RateGapPenalty.of(FairnessMetric.TPR_GAP), tprLambda)
                .build();
    }

    @Test
    void totalIsCrossEntropyPlusWeightedPenalties() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(0.60066, CE, 1e-5);
            FairnessAwareLoss loss = loss(2, 0.5);
            double total = value(loss.evaluate(input(binaryLogits(manager, S), Y, G, 2, null)));
            assertEquals(CE + 2.0 / 6 + 0.5 * 0.15, total, 1e-12);

            LossComponents parts = loss.lastComponents().orElseThrow();
            assertEquals(total, parts.total(), 1e-12);
            assertEquals(CE, parts.taskLoss(), 1e-12);
            List<LossComponents.Term> terms = parts.penalties();
            assertSame(loss.getPenalties().get(0), terms.get(0).penalty());
            assertEquals(2.0, terms.get(0).lambda(), 0.0);
            assertEquals(1.0 / 6, terms.get(0).value(), 1e-12);
            assertEquals(2.0 / 6, terms.get(0).contribution(), 1e-12);
            assertEquals(0.15, terms.get(1).value(), 1e-12);
            assertEquals(parts.total(),
                    parts.taskLoss() + terms.get(0).contribution() + terms.get(1).contribution(), 1e-12);
        }
    }

    @Test
    void lambdasChangedAtRunTimeTakeEffectOnValueAndGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FairnessAwareLoss loss = loss(2, 0.5);
            NDArray logits = binaryLogits(manager, S);
            loss.setLambda(0, 0);
            loss.setLambda(1, 3);
            assertEquals(3.0, loss.getLambda(1), 0.0);
            assertEquals(CE + 3 * 0.15, value(loss.evaluate(input(logits, Y, G, 2, null))), 1e-12);
            assertEquals(0.0, loss.lastComponents().orElseThrow().penalties().get(0).lambda(), 0.0);
            // The value of a penalty with lambda 0 is still reported.
            assertEquals(1.0 / 6, loss.lastComponents().orElseThrow().penalties().get(0).value(), 1e-12);

            // Gradient of the total = gradient of CE + 3 x gradient of the TPR gap.
            double[] total = Fixtures.gradient(logits, z -> loss.evaluate(input(z, Y, G, 2, null)));
            double[] ce = Fixtures.gradient(logits, z -> FairnessAwareLoss.crossEntropy(input(z, Y, G, 2, null)));
            RateGapPenalty tprGap = RateGapPenalty.of(FairnessMetric.TPR_GAP);
            double[] tpr = Fixtures.gradient(logits, z -> tprGap.compute(input(z, Y, G, 2, null)));
            for (int i = 0; i < total.length; i++) {
                assertEquals(ce[i] + 3 * tpr[i], total[i], 1e-12);
            }
            Fixtures.assertGradientMatchesNumeric(logits, z -> loss.evaluate(input(z, Y, G, 2, null)));
        }
    }

    @Test
    void crossEntropyUsesTheWeightsSlotAndMatchesTheNamedSlots() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] w = {2, 1, 1, 1, 1, 3};
            FairnessAwareLoss loss = FairnessAwareLoss.builder().setNumGroups(2).build();
            NDArray logits = binaryLogits(manager, S);
            NDList labels = BatchSlots.labels(
                    manager.create(Y), manager.create(G), manager.create(w), null);
            double viaSlots = value(loss.evaluate(labels, new NDList(logits)));
            assertEquals(crossEntropy(TRUE_CLASS_P, w), viaSlots, 1e-12);
            assertEquals(viaSlots, value(loss.evaluate(input(logits, Y, G, 2, w))), 1e-15);
            // Rows 0-2 weigh 4 of 9: different from the unweighted mean.
            assertTrue(Math.abs(viaSlots - CE) > 1e-3);
        }
    }

    @Test
    void batchWithMissingGroupsLabelsAndPairsStaysFinite() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AdversarialPenalty adversarial = AdversarialPenalty.builder()
                    .setNumClasses(2).setNumGroups(3).optConditionOnLabel(true).build();
            adversarial.initializeAdversary(manager, DataType.FLOAT64);
            FairnessAwareLoss loss = FairnessAwareLoss.builder()
                    .setNumGroups(3)
                    .addPenalty(RateGapPenalty.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE), 1)
                    .addPenalty(RateGapPenalty.of(FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE), 1)
                    .addPenalty(MmdPenalty.builder().optOnlyLabel(1).build(), 1)
                    .addPenalty(new CounterfactualLogitPairingPenalty(
                            CounterfactualLogitPairingPenalty.Distance.L2), 1)
                    .addPenalty(adversarial, 1)
                    .build();
            // One group, one label, no counterfactual pairs.
            int[] y = new int[4];
            int[] g = new int[4];
            NDArray logits = binaryLogits(manager, 0.3, 0.6, 0.2, 0.8);
            NDList labels = BatchSlots.labels(manager.create(y), manager.create(g), null,
                    BatchSlots.noPairs(manager));
            double[] gradient = Fixtures.gradient(logits, z -> loss.evaluate(labels, new NDList(z)));
            Fixtures.assertAllFinite(gradient);
            LossComponents parts = loss.lastComponents().orElseThrow();
            assertTrue(Double.isFinite(parts.total()));
            for (int i = 0; i < 4; i++) {
                assertEquals(0.0, parts.penalties().get(i).value(), 0.0, parts.penalties().get(i).penalty().name());
            }
            assertTrue(Double.isFinite(parts.penalties().get(4).value()));
        }
    }

    @Test
    void float32InFloat32OutForEveryPenalty() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AdversarialPenalty adversarial = AdversarialPenalty.builder().setNumClasses(2).setNumGroups(2).build();
            adversarial.initializeAdversary(manager, DataType.FLOAT32);
            FairnessAwareLoss.Builder builder = FairnessAwareLoss.builder().setNumGroups(2);
            for (FairnessMetric metric : new FairnessMetric[] {
                FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE, FairnessMetric.TPR_GAP, FairnessMetric.FPR_GAP,
                FairnessMetric.AVERAGE_ODDS_DIFFERENCE, FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE,
                FairnessMetric.EQUALIZED_ODDS_DIFFERENCE}) {
                builder.addPenalty(RateGapPenalty.of(metric), 0.5);
            }
            builder.addPenalty(RateGapPenalty.builder()
                    .setMetric(FairnessMetric.AVERAGE_ODDS_DIFFERENCE).optSigned(true).build(), 0.5);
            builder.addPenalty(MmdPenalty.builder().build(), 0.5);
            builder.addPenalty(MmdPenalty.builder().optKernel(MmdPenalty.Kernel.LAPLACIAN).build(), 0.5);
            builder.addPenalty(new CounterfactualLogitPairingPenalty(
                    CounterfactualLogitPairingPenalty.Distance.L2), 0.5);
            builder.addPenalty(adversarial, 0.5);
            FairnessAwareLoss loss = builder.build();
            NDArray logits = binaryLogits(manager, S).toType(DataType.FLOAT32, false);
            NDArray twins = binaryLogits(manager, 0.5, 0.3).toType(DataType.FLOAT32, false);
            NDList labels = BatchSlots.labels(manager.create(Y), manager.create(G), null,
                    manager.create(new long[] {0, 4}));
            PenaltyInput in = PenaltyInput.fromBatch(labels, BatchSlots.predictions(logits, twins), 2);
            for (FairnessPenalty penalty : loss.getPenalties()) {
                assertEquals(DataType.FLOAT32, penalty.compute(in).getDataType(), penalty.name());
            }
            NDArray total = loss.evaluate(in);
            assertEquals(DataType.FLOAT32, total.getDataType());
            LossComponents parts = loss.lastComponents().orElseThrow();
            double sum = parts.taskLoss();
            for (LossComponents.Term term : parts.penalties()) {
                sum += term.contribution();
            }
            assertEquals(sum, parts.total(), 1e-5);
        }
    }

    @Test
    void componentsMustBeReadBeforeTheBatchIsClosed() {
        FairnessAwareLoss loss = loss(1, 1);
        assertTrue(loss.lastComponents().isEmpty());
        try (NDManager manager = NDManager.newBaseManager()) {
            try (NDManager batch = manager.newSubManager()) {
                loss.evaluate(input(binaryLogits(batch, S), Y, G, 2, null));
            }
            IllegalStateException error = assertThrows(IllegalStateException.class, loss::lastComponents);
            assertTrue(error.getMessage().contains("before closing"));
            try (NDManager batch = manager.newSubManager()) {
                loss.evaluate(input(binaryLogits(batch, S), Y, G, 2, null));
                LossComponents read = loss.lastComponents().orElseThrow();
                // Read once, cached.
                assertSame(read, loss.lastComponents().orElseThrow());
            }
            assertEquals(CE + 1.0 / 6 + 0.15, loss.lastComponents().orElseThrow().total(), 1e-12);
        }
    }

    @Test
    void worksWithDjlsLossAccumulators() {
        try (NDManager manager = NDManager.newBaseManager()) {
            FairnessAwareLoss loss = loss(2, 0.5);
            NDList labels = BatchSlots.labels(manager.create(Y), manager.create(G), null, null);
            NDList predictions = new NDList(binaryLogits(manager, S).toType(DataType.FLOAT32, false));
            loss.addAccumulator("train");
            loss.updateAccumulator("train", labels, predictions);
            assertEquals(CE + 2.0 / 6 + 0.5 * 0.15, loss.getAccumulator("train"), 1e-5);
            assertEquals(DataType.FLOAT32, loss.evaluate(labels, predictions).getDataType());
        }
    }

    @Test
    void badConfigurationAndBadPenaltiesAreReported() {
        assertThrows(IllegalArgumentException.class, () -> FairnessAwareLoss.builder().build());
        assertThrows(IllegalArgumentException.class, () -> FairnessAwareLoss.builder().setNumGroups(2)
                .addPenalty(RateGapPenalty.of(FairnessMetric.TPR_GAP), -1));
        FairnessAwareLoss loss = loss(1, 1);
        assertThrows(IllegalArgumentException.class, () -> loss.setLambda(0, Double.NaN));
        assertThrows(IndexOutOfBoundsException.class, () -> loss.setLambda(2, 1));

        FairnessPenalty notScalar = new FairnessPenalty() {
            @Override
            public String name() {
                return "per_row";
            }

            @Override
            public Criterion approximates() {
                return Criterion.Other.UNSPECIFIED;
            }

            @Override
            public NDArray compute(PenaltyInput input) {
                return input.score(1);
            }
        };
        FairnessAwareLoss broken = FairnessAwareLoss.builder().setNumGroups(2).addPenalty(notScalar, 1).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> broken.evaluate(input(binaryLogits(manager, S), Y, G, 2, null)));
            assertTrue(error.getMessage().contains("per_row"));
            assertThrows(IllegalArgumentException.class,
                    () -> broken.evaluate(input(binaryLogits(manager, S), Y, G, 3, null)));
            assertEquals(new Shape(), loss(1, 1).evaluate(input(binaryLogits(manager, S), Y, G, 2, null)).getShape());
        }
    }
}
