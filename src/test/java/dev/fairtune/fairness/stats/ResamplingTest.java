package dev.fairtune.fairness.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.CountMetric;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Reason;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stratified bootstrap and permutation tests. */
class ResamplingTest {

    /** Two groups of 400 rows; group 1's predictions are positive far more often. */
    private static Observations biased(double weight) {
        Random random = new Random(1);
        int n = 800;
        int[] g = new int[n];
        int[] y = new int[n];
        int[] p = new int[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = i % 2;
            y[i] = random.nextInt(2);
            p[i] = random.nextDouble() < (g[i] == 1 ? 0.7 : 0.4) ? 1 : 0;
            w[i] = weight;
        }
        return Observations.builder().setGroups(Groups.of("a", "b"), g).setLabels(y).optPredictions(p)
                .optWeights(weight == 1 ? null : w).build();
    }

    @Test
    void bootstrapIntervalCoversTheEstimateAndRepeats() {
        Observations obs = biased(1);
        CountMetric spd = FairnessMetric.STATISTICAL_PARITY_DIFFERENCE.versus(1, 0);
        BootstrapInterval ci = Bootstrap.interval(obs, spd, 500, 0.95, 42);
        double est = ci.estimate().value();
        assertTrue(ci.lower().value() < est && est < ci.upper().value(), ci.toString());
        // The normal approximation: se of a difference of two proportions near 0.4 and 0.7, n = 400 each,
        // is about 0.0335, so the 95% interval is about +-0.066 wide.
        double half = (ci.upper().value() - ci.lower().value()) / 2;
        assertEquals(0.066, half, 0.015);
        assertEquals(List.of(new GroupSize("a", 400), new GroupSize("b", 400)), ci.groupSizes());
        assertEquals(0, ci.undefinedReplicates());
        assertEquals(ci, Bootstrap.interval(obs, spd, 500, 0.95, 42));
        // Constant weights do not change the interval's scale.
        BootstrapInterval weighted = Bootstrap.interval(biased(2.5), spd, 500, 0.95, 42);
        assertEquals(ci.lower().value(), weighted.lower().value(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.interval(obs, spd, 0, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.interval(obs, spd, 10, 1.0, 1));
    }

    @Test
    void bootstrapReportsUndefinedReplicates() {
        // Group b has a single positive: some resamples miss it, and its TPR is then undefined.
        Observations obs = Observations.builder().setGroups(Groups.of("a", "b"), new int[] {0, 0, 1, 1, 1, 1})
                .setLabels(new int[] {1, 0, 1, 0, 0, 0}).optPredictions(new int[] {1, 0, 1, 0, 1, 0}).build();
        BootstrapInterval ci = Bootstrap.interval(obs, CountMetric.rate(Rate.TPR, 1), 200, 0.9, 3);
        assertTrue(ci.undefinedReplicates() > 0 && ci.undefinedReplicates() < 200, ci.toString());
        assertEquals(1.0, ci.upper().value());
        Observations none = Observations.builder().setGroups(Groups.of("a"), new int[] {0})
                .setLabels(new int[] {0}).optPredictions(new int[] {0}).build();
        BootstrapInterval u = Bootstrap.interval(none, CountMetric.rate(Rate.TPR, 0), 10, 0.9, 3);
        assertEquals(Reason.NO_POSITIVE_LABELS, u.lower().reason());
    }

    @Test
    void permutationTestSeparatesABiasFromNoise() {
        Observations obs = biased(1);
        PermutationResult biased = PermutationTest.test(obs, FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE, null, null,
                199, 5);
        assertEquals(1.0 / 200, biased.pValue().value(), 1e-12); // no permutation comes close
        assertEquals(0.0, biased.ideal());
        // Predictions independent of group: the p-value is not small.
        Random random = new Random(2);
        int n = 600;
        int[] g = new int[n];
        int[] y = new int[n];
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            g[i] = i % 3;
            y[i] = random.nextInt(2);
            p[i] = random.nextInt(2);
        }
        Observations fair = Observations.builder().setGroups(Groups.of("x", "y", "z"), g).setLabels(y)
                .optPredictions(p).build();
        PermutationResult r = PermutationTest.test(fair, FairnessMetric.DISPARATE_IMPACT, "y", "x", 199, 5);
        assertEquals(1.0, r.ideal());
        assertTrue(r.pValue().value() > 0.05, r.toString());
        assertEquals(new GroupSize("z", 200), r.groupSizes().get(2));
        assertEquals(r, PermutationTest.test(fair, FairnessMetric.DISPARATE_IMPACT, "y", "x", 199, 5));
        assertThrows(IllegalArgumentException.class,
                () -> PermutationTest.test(fair, FairnessMetric.DISPARATE_IMPACT, null, null, 10, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PermutationTest.test(fair, FairnessMetric.TPR_GAP, "y", "x", 10, 1));
    }
}
