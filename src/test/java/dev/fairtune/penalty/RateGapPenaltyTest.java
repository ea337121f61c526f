package dev.fairtune.penalty;

import static dev.fairtune.penalty.Fixtures.binaryLogits;
import static dev.fairtune.penalty.Fixtures.input;
import static dev.fairtune.penalty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fairtune.fairness.Criterion;
import dev.fairtune.fairness.FairnessMetric;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The six rate gaps on a six-row batch whose rates can be read off by hand.
 *
 * <pre>
 * row  s=p(1)  y  g
 *  0    0.9    1  0
 *  1    0.6    0  0
 *  2    0.2    1  0
 *  3    0.7    1  1
 *  4    0.4    0  1
 *  5    0.1    0  1
 * selection rate: g0 (0.9+0.6+0.2)/3 = 0.5667, g1 (0.7+0.4+0.1)/3 = 0.4  -> DP gap 1/6
 * TPR:            g0 (0.9+0.2)/2 = 0.55,      g1 0.7                   -> gap 0.15, signed +0.15
 * FPR:            g0 0.6,                     g1 (0.4+0.1)/2 = 0.25    -> gap 0.35, signed -0.35
 * average odds (signed) (-0.35 + 0.15)/2 = -0.1; absolute odds (0.35 + 0.15)/2 = 0.25;
 * equalized odds max(0.15, 0.35) = 0.35
 * </pre>
 */
class RateGapPenaltyTest {

    private static final double[] S = {0.9, 0.6, 0.2, 0.7, 0.4, 0.1};
    private static final int[] Y = {1, 0, 1, 1, 0, 0};
    private static final int[] G = {0, 0, 0, 1, 1, 1};
    private static final double TOL = 1e-12;

    private static double compute(RateGapPenalty penalty, NDArray logits, int[] y, int[] g, int n) {
        return value(penalty.compute(input(logits, y, g, n, null)));
    }

    @Test
    void eachGapEqualsTheHandComputedValue() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = binaryLogits(manager, S);
            assertEquals(1.0 / 6, compute(of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE), logits, Y, G, 2), TOL);
            assertEquals(0.15, compute(of(FairnessMetric.TPR_GAP), logits, Y, G, 2), TOL);
            assertEquals(0.35, compute(of(FairnessMetric.FPR_GAP), logits, Y, G, 2), TOL);
            assertEquals(0.1, compute(of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE), logits, Y, G, 2), TOL);
            assertEquals(0.25, compute(of(FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE), logits, Y, G, 2), TOL);
            assertEquals(0.35, compute(of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE), logits, Y, G, 2), TOL);
        }
    }

    @Test
    void signedVariantsAreGroupOneMinusGroupZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = binaryLogits(manager, S);
            assertEquals(0.4 - 1.7 / 3, compute(signed(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE), logits, Y, G, 2), TOL);
            assertEquals(0.15, compute(signed(FairnessMetric.TPR_GAP), logits, Y, G, 2), TOL);
            assertEquals(-0.35, compute(signed(FairnessMetric.FPR_GAP), logits, Y, G, 2), TOL);
            assertEquals(-0.1, compute(signed(FairnessMetric.AVERAGE_ODDS_DIFFERENCE), logits, Y, G, 2), TOL);
            // Swapping the group ids flips the sign and keeps the magnitude.
            int[] swapped = {1, 1, 1, 0, 0, 0};
            assertEquals(0.1, compute(signed(FairnessMetric.AVERAGE_ODDS_DIFFERENCE), logits, Y, swapped, 2), TOL);
            assertEquals(0.1, compute(of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE), logits, Y, swapped, 2), TOL);
        }
    }

    @Test
    void sampleWeightsWeighTheRates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // g0: (2*0.9 + 0.6 + 0.2) / 4 = 0.65; g1: (0.7 + 0.4 + 3*0.1) / 5 = 0.28.
            double[] w = {2, 1, 1, 1, 1, 3};
            double dp = value(of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE)
                    .compute(input(binaryLogits(manager, S), Y, G, 2, w)));
            assertEquals(0.37, dp, TOL);
        }
    }

    @Test
    void severalGroupsUseTheLargestDifference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Means: g0 (0.9+0.6)/2 = 0.75, g1 (0.2+0.7)/2 = 0.45, g2 (0.4+0.1)/2 = 0.25 -> 0.5.
            int[] g3 = {0, 0, 1, 1, 2, 2};
            NDArray logits = binaryLogits(manager, S);
            assertEquals(0.5, compute(of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE), logits, Y, g3, 3), TOL);
            // Group 2 declared but absent: the gap is over groups 0 and 1 only.
            assertEquals(1.0 / 6, compute(of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE), logits, Y, G, 3), TOL);
            assertThrows(IllegalArgumentException.class,
                    () -> compute(of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE), logits, Y, g3, 3));
            assertThrows(IllegalArgumentException.class,
                    () -> compute(signed(FairnessMetric.TPR_GAP), logits, Y, g3, 3));
        }
    }

    @Test
    void missingLabelInAGroupDropsThatTermWithZeroGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Group 1 has no positives: its TPR is undefined, so the TPR term is exactly 0.
            // FPR: g0 0.6, g1 (0.7+0.4+0.1)/3 = 0.4 -> gap 0.2.
            int[] y = {1, 0, 1, 0, 0, 0};
            NDArray logits = binaryLogits(manager, S);
            RateGapPenalty tpr = of(FairnessMetric.TPR_GAP);
            assertEquals(0.0, compute(tpr, logits, y, G, 2), 0.0);
            double[] gradient = Fixtures.gradient(logits, z -> tpr.compute(input(z, y, G, 2, null)));
            assertArrayEquals(new double[12], gradient, 0.0);

            assertEquals(0.2, compute(of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE), logits, y, G, 2), TOL);
            assertEquals(0.1, compute(of(FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE), logits, y, G, 2), TOL);
            assertEquals(0.1, compute(of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE), logits, y, G, 2), TOL);
            for (FairnessMetric metric : metrics()) {
                RateGapPenalty penalty = of(metric);
                double[] g = Fixtures.gradient(logits, z -> penalty.compute(input(z, y, G, 2, null)));
                Fixtures.assertAllFinite(g);
            }
        }
    }

    @Test
    void missingGroupGivesExactlyZeroWithZeroGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] onlyGroupZero = new int[6];
            NDArray logits = binaryLogits(manager, S);
            for (FairnessMetric metric : metrics()) {
                RateGapPenalty penalty = of(metric);
                assertEquals(0.0, compute(penalty, logits, Y, onlyGroupZero, 2), 0.0, metric.name());
                double[] gradient = Fixtures.gradient(
                        logits, z -> penalty.compute(input(z, Y, onlyGroupZero, 2, null)));
                assertArrayEquals(new double[12], gradient, 0.0, metric.name());
            }
            // Zero weights make a group absent too.
            double[] w = {1, 1, 1, 0, 0, 0};
            double dp = value(of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE)
                    .compute(input(logits, Y, G, 2, w)));
            assertEquals(0.0, dp, 0.0);
        }
    }

    @Test
    void gradientOfDemographicParityIsPlusMinusOneThirdOfTheSigmoidSlope() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // gap = mean_g0(s) - mean_g1(s); d gap / d s_i = +1/3 (g0), -1/3 (g1);
            // s = sigmoid(z1 - z0) so d s / d z1 = s(1 - s) = -d s / d z0.
            NDArray logits = binaryLogits(manager, S);
            RateGapPenalty dp = of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE);
            double[] gradient = Fixtures.gradient(logits, z -> dp.compute(input(z, Y, G, 2, null)));
            double[] expected = new double[12];
            for (int i = 0; i < 6; i++) {
                double slope = (G[i] == 0 ? 1.0 : -1.0) / 3 * S[i] * (1 - S[i]);
                expected[2 * i] = -slope;
                expected[2 * i + 1] = slope;
            }
            assertArrayEquals(expected, gradient, 1e-12);
        }
    }

    @Test
    void everyGapHasTheNumericalGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = binaryLogits(manager, S);
            for (FairnessMetric metric : metrics()) {
                RateGapPenalty penalty = of(metric);
                Fixtures.assertGradientMatchesNumeric(
                        logits, z -> penalty.compute(input(z, Y, G, 2, null)));
                double[] gradient =
                        Fixtures.gradient(logits, z -> penalty.compute(input(z, Y, G, 2, null)));
                assertTrue(Arrays.stream(gradient).anyMatch(v -> v != 0), metric.name());
            }
            RateGapPenalty signedAod = signed(FairnessMetric.AVERAGE_ODDS_DIFFERENCE);
            Fixtures.assertGradientMatchesNumeric(
                    logits, z -> signedAod.compute(input(z, Y, G, 2, new double[] {1, 2, 1, 1, 3, 1})));
        }
    }

    @Test
    void multiClassUsesThePositiveClassProbability() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Probability of class 2: g0 {0.5, 0.1}, g1 {0.2, 0.4} -> means 0.3 and 0.3 -> 0;
            // of class 0: g0 {0.25, 0.6}, g1 {0.4, 0.1} -> 0.425 vs 0.25 -> 0.175.
            double[][] p = {{0.25, 0.25, 0.5}, {0.6, 0.3, 0.1}, {0.4, 0.4, 0.2}, {0.1, 0.5, 0.4}};
            double[] logits = new double[12];
            for (int i = 0; i < 4; i++) {
                for (int c = 0; c < 3; c++) {
                    logits[3 * i + c] = Math.log(p[i][c]);
                }
            }
            NDArray z = manager.create(logits, new Shape(4, 3));
            int[] y = {2, 0, 1, 2};
            int[] g = {0, 0, 1, 1};
            RateGapPenalty class2 = RateGapPenalty.builder()
                    .setMetric(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE).optPositiveClass(2).build();
            RateGapPenalty class0 = RateGapPenalty.builder()
                    .setMetric(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE).optPositiveClass(0).build();
            assertEquals(0.0, compute(class2, z, y, g, 2), 1e-12);
            assertEquals(0.175, compute(class0, z, y, g, 2), 1e-12);
            assertEquals("demographic_parity_difference@2", class2.name());
            RateGapPenalty class3 = RateGapPenalty.builder()
                    .setMetric(FairnessMetric.TPR_GAP).optPositiveClass(3).build();
            assertThrows(IllegalArgumentException.class, () -> compute(class3, z, y, g, 2));
        }
    }

    @Test
    void float32LogitsGiveAFloat32Scalar() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = binaryLogits(manager, S).toType(DataType.FLOAT32, false);
            NDArray result = of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE).compute(input(logits, Y, G, 2, null));
            assertEquals(DataType.FLOAT32, result.getDataType());
            assertEquals(0.35, value(result), 1e-6);
        }
    }

    @Test
    void builderRejectsWhatItCannotCompute() {
        assertThrows(IllegalArgumentException.class, () -> RateGapPenalty.of(FairnessMetric.DISPARATE_IMPACT));
        assertTrue(RateGapPenalty.approximating(FairnessMetric.THEIL_INDEX).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> RateGapPenalty.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> signed(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE));
        assertEquals("signed_tpr_gap", signed(FairnessMetric.TPR_GAP).name());
        assertEquals(FairnessMetric.FPR_GAP, of(FairnessMetric.FPR_GAP).approximates());
    }

    /**
     * At hard 0/1 probabilities each penalty is the metric it approximates, computed by {@code
     * fairness} from the counts of the same rows (the magnitude of a signed metric, group 1 against
     * reference 0). Eight rows, two groups:
     *
     * <pre>
     * g0: y 1 1 0 0, yhat 1 0 1 0 -> TPR 1/2, FPR 1/2, SR 1/2
     * g1: y 1 1 0 0, yhat 1 1 0 0 -> TPR 1,   FPR 0,   SR 1/2
     * </pre>
     */
    @Test
    void atHardProbabilitiesEachPenaltyIsItsFairnessMetric() {
        int[] g = HARD_G;
        int[] y = HARD_Y;
        dev.fairtune.fairness.GroupConfusion counts = hardCounts();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = hardLogits(manager);
            for (FairnessMetric m : new FairnessMetric[] {FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE,
                    FairnessMetric.TPR_GAP, FairnessMetric.FPR_GAP, FairnessMetric.AVERAGE_ODDS_DIFFERENCE,
                    FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE, FairnessMetric.EQUALIZED_ODDS_DIFFERENCE,
                    FairnessMetric.EQUAL_OPPORTUNITY_DIFFERENCE, FairnessMetric.STATISTICAL_PARITY_DIFFERENCE,
                    FairnessMetric.EQUALIZED_ODDS_DIFFERENCE_MEAN}) {
                RateGapPenalty p = RateGapPenalty.approximating(m).orElseThrow();
                double metric = m.needsReference() ? m.compute(counts, 1, 0).value() : m.compute(counts).value();
                assertEquals(Math.abs(metric), compute(p, logits, y, g, 2), 1e-12, m + " by " + p.name());
            }
            // by hand: FPR -1/2 and TPR +1/2 cancel in the average odds; the absolute ones do not
            assertEquals(0.0, compute(of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE), logits, y, g, 2), 1e-12);
            assertEquals(0.5, compute(of(FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE), logits, y, g, 2), 1e-12);
            assertEquals(0.5, compute(of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE), logits, y, g, 2), 1e-12);
            assertEquals(0.0, compute(of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE), logits, y, g, 2), 1e-12);
        }
    }

    /**
     * Signed penalties are group minus reference, whichever id the reference has, as the signed
     * metrics of {@code fairness}: the fixture above with reference 0 and then 1 (the other group's
     * TPR is 1/2 higher with reference 0; with reference 1 the sign flips).
     */
    @Test
    void aSignedPenaltyComparesWithTheReferenceItIsGiven() {
        int[] g = HARD_G;
        int[] y = HARD_Y;
        dev.fairtune.fairness.GroupConfusion counts = hardCounts();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = hardLogits(manager);
            for (int reference = 0; reference < 2; reference++) {
                PenaltyInput in = PenaltyInput.builder().setLogits(logits).setLabels(manager.create(y))
                        .setGroups(manager.create(g)).setNumGroups(2).optReference(reference).build();
                int other = 1 - reference;
                assertEquals(FairnessMetric.EQUAL_OPPORTUNITY_DIFFERENCE.compute(counts, other, reference).value(),
                        value(signed(FairnessMetric.TPR_GAP).compute(in)), 1e-12, "reference " + reference);
                assertEquals(FairnessMetric.STATISTICAL_PARITY_DIFFERENCE.compute(counts, other, reference).value(),
                        value(signed(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE).compute(in)), 1e-12);
                assertEquals(FairnessMetric.AVERAGE_ODDS_DIFFERENCE.compute(counts, other, reference).value(),
                        value(signed(FairnessMetric.AVERAGE_ODDS_DIFFERENCE).compute(in)), 1e-12);
                assertEquals(reference == 0 ? 0.5 : -0.5, value(signed(FairnessMetric.TPR_GAP).compute(in)), 1e-12);
                assertEquals(reference == 0 ? -0.5 : 0.5, value(signed(FairnessMetric.FPR_GAP).compute(in)), 1e-12);
            }
            assertThrows(IllegalArgumentException.class, () -> PenaltyInput.builder().setLogits(logits)
                    .setLabels(manager.create(y)).setGroups(manager.create(g)).setNumGroups(2).optReference(2).build());
        }
    }

    /** The eight-row fixture of the hard-probability tests: groups, labels, decisions. */
    private static final int[] HARD_G = {0, 0, 0, 0, 1, 1, 1, 1};
    private static final int[] HARD_Y = {1, 1, 0, 0, 1, 1, 0, 0};
    private static final int[] HARD_YHAT = {1, 0, 1, 0, 1, 1, 0, 0};

    private static dev.fairtune.fairness.GroupConfusion hardCounts() {
        return dev.fairtune.fairness.GroupConfusion.of(dev.fairtune.fairness.Groups.of("a", "b"), HARD_G, HARD_Y,
                HARD_YHAT);
    }

    /** Logits of the fixture's decisions at +-40: softmax 1 - 4e-18, which is 1 in double. */
    private static NDArray hardLogits(NDManager manager) {
        double[] flat = new double[2 * HARD_YHAT.length];
        for (int i = 0; i < HARD_YHAT.length; i++) {
            flat[2 * i + 1] = HARD_YHAT[i] == 1 ? 40 : -40;
        }
        return manager.create(flat, new Shape(HARD_YHAT.length, 2));
    }

    private static RateGapPenalty of(FairnessMetric metric) {
        return RateGapPenalty.of(metric);
    }

    private static RateGapPenalty signed(FairnessMetric metric) {
        return RateGapPenalty.builder().setMetric(metric).optSigned(true).build();
    }

    private static FairnessMetric[] metrics() {
        return new FairnessMetric[] {
            FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE,
            FairnessMetric.TPR_GAP,
            FairnessMetric.FPR_GAP,
            FairnessMetric.AVERAGE_ODDS_DIFFERENCE,
            FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE,
            FairnessMetric.EQUALIZED_ODDS_DIFFERENCE
        };
    }
}
