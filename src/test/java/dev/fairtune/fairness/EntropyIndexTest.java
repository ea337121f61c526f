package dev.fairtune.fairness;

import static dev.fairtune.fairness.RateTest.assertUndefined;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Generalized entropy indices on the two-group fixture. Benefits b = prediction - label + 1:
 * 11 correct rows (b = 1), 4 false positives (b = 2), 3 false negatives (b = 0); n = 18,
 * mu = (11 + 8) / 18 = 19/18. Group means: A (10 rows) 9/10, B (8 rows) 10/8.
 */
class EntropyIndexTest {
    private static final double EPS = 1e-12;

    @Test
    void generalizedEntropyIndexAlpha2() {
        // GE(2) = (sum b^2 / mu^2 - n) / (2 n) = (27 * 324/361 - 18) / 36 = 2250 / 12996.
        GroupConfusion c = Fixtures.twoGroups().counts();
        assertEquals(2250.0 / 12996, EntropyIndex.generalized(c, 2).value(), EPS);
    }

    @Test
    void theilIndex() {
        // (1/18) [11 (18/19) ln(18/19) + 4 (36/19) ln(36/19)].
        double mu = 19.0 / 18;
        double expected = (11 * (1 / mu) * Math.log(1 / mu) + 4 * (2 / mu) * Math.log(2 / mu)) / 18;
        assertEquals(0.23778422317601697, expected, EPS);
        assertEquals(expected, EntropyIndex.generalized(Fixtures.twoGroups().counts(), 1).value(), EPS);
    }

    @Test
    void otherAlphas() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        assertEquals(0.39720190943915357, EntropyIndex.generalized(c, 0.5).value(), EPS);
        // alpha = 0 takes ln(0) for each false negative: the index is +infinity, a defined value.
        assertEquals(Double.POSITIVE_INFINITY, EntropyIndex.generalized(c, 0).value());
        GroupConfusion noFn = Fixtures.counts(Groups.of("g"), new int[] {1, 1, 0, 0}); // b = 1 and 2, mu = 3/2
        assertEquals(-(Math.log(2.0 / 3) + Math.log(4.0 / 3)) / 2, EntropyIndex.generalized(noFn, 0).value(), EPS);
    }

    @Test
    void betweenGroupParts() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        double mu = 19.0 / 18;
        double a = 0.9 / mu;
        double b = 1.25 / mu;
        assertEquals((10 * (a * a - 1) + 8 * (b * b - 1)) / 36, EntropyIndex.betweenGroups(c, 2).value(), EPS);
        assertEquals(0.013573407202216052, EntropyIndex.betweenGroups(c, 2).value(), EPS);
        assertEquals((10 * a * Math.log(a) + 8 * b * Math.log(b)) / 18, EntropyIndex.betweenGroups(c, 1).value(), EPS);
        // Equal group means: no between-group inequality.
        GroupConfusion same = Fixtures.counts(Groups.of("X", "Y"), Fixtures.A, Fixtures.A);
        assertEquals(0.0, EntropyIndex.betweenGroups(same, 2).value(), EPS);
    }

    @Test
    void perfectPredictionsHaveNoInequality() {
        GroupConfusion c = Fixtures.counts(Groups.of("X", "Y"), new int[] {3, 0, 2, 0}, new int[] {1, 0, 4, 0});
        assertEquals(0.0, EntropyIndex.generalized(c, 2).value(), EPS);
        assertEquals(0.0, EntropyIndex.generalized(c, 1).value(), EPS);
    }

    @Test
    void undefinedCases() {
        assertUndefined(EntropyIndex.generalized(new GroupConfusion(Groups.of("g")), 2), Reason.NO_ROWS, "overall");
        GroupConfusion allFn = Fixtures.counts(Groups.of("g"), new int[] {0, 0, 0, 4});
        assertUndefined(EntropyIndex.generalized(allFn, 2), Reason.ZERO_MEAN_BENEFIT, "overall");
        assertUndefined(EntropyIndex.betweenGroups(allFn, 1), Reason.ZERO_MEAN_BENEFIT, "overall");
        Observations zero = Observations.builder().setGroups(Groups.of("g"), new int[] {0})
                .setLabels(new int[] {1}).optPredictions(new int[] {1}).optWeights(new double[] {0}).build();
        assertUndefined(EntropyIndex.generalized(zero.counts(), 2), Reason.ZERO_WEIGHT, "overall");
    }
}
