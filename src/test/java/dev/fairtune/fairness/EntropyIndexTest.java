package dev.fairtune.fairness;

import static dev.fairtune.fairness.RateTest.assertUndefined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        // alpha = 0 takes ln(0) for each false negative: the index is infinite, reported as undefined.
        assertUndefined(EntropyIndex.generalized(c, 0), Reason.ZERO_BENEFIT, "overall");
        assertUndefined(EntropyIndex.generalized(c, -1), Reason.ZERO_BENEFIT, "overall");
        GroupConfusion noFn = Fixtures.counts(Groups.of("g"), new int[] {1, 1, 0, 0}); // b = 1 and 2, mu = 3/2
        assertEquals(-(Math.log(2.0 / 3) + Math.log(4.0 / 3)) / 2, EntropyIndex.generalized(noFn, 0).value(), EPS);
    }

    @Test
    void oneZeroBenefitAtAlphaZeroOneAndTwo() {
        // Benefits 0 (a false negative), 1 (a true positive), 2 (a false positive): n = 3, mu = 1.
        GroupConfusion c = Fixtures.counts(Groups.of("g"), new int[] {1, 1, 0, 1});
        // GE(2) = [(0 - 1) + (1 - 1) + (4 - 1)] / (3 * 2 * 1) = 1/3.
        assertEquals(1.0 / 3, EntropyIndex.generalized(c, 2).value(), EPS);
        // GE(1) = (1/3) [0 ln 0 + 1 ln 1 + 2 ln 2] = (2/3) ln 2, with 0 ln 0 = 0.
        assertEquals(2 * Math.log(2) / 3, EntropyIndex.generalized(c, 1).value(), EPS);
        // GE(1/2) = [(0 - 1) + 0 + (sqrt 2 - 1)] / (3 * (1/2) * (-1/2)) = (4/3)(2 - sqrt 2): 0^alpha = 0 is finite.
        assertEquals(4 * (2 - Math.sqrt(2)) / 3, EntropyIndex.generalized(c, 0.5).value(), EPS);
        // GE(0) = -(1/3) [ln 0 + ln 1 + ln 2] is infinite: undefined, not an exception and not +inf.
        assertUndefined(EntropyIndex.generalized(c, 0), Reason.ZERO_BENEFIT, "overall");
        assertUndefined(FairnessMetric.MEAN_LOG_DEVIATION.compute(c), Reason.ZERO_BENEFIT, "overall");
        // CV = sqrt(2 GE(2)) = sqrt(2/3): the population standard deviation of {0, 1, 2} over the mean 1.
        assertEquals(Math.sqrt(2.0 / 3), EntropyIndex.coefficientOfVariation(c).value(), EPS);
        // A false negative of weight 0 adds nothing, so GE(0) of the other two rows is defined:
        // b = 1, 2, mu = 3/2: -(1/2) [ln(2/3) + ln(4/3)] = 0.058892.
        Observations zeroWeightFn = Observations.builder().setGroups(Groups.of("g"), new int[] {0, 0, 0})
                .setLabels(new int[] {1, 0, 1}).optPredictions(new int[] {0, 1, 1})
                .optWeights(new double[] {0, 1, 1}).build();
        assertEquals(0.0588915178281918, EntropyIndex.generalized(zeroWeightFn.counts(), 0).value(), EPS);
    }

    @Test
    void coefficientsOfVariation() {
        // b: 11 x 1, 4 x 2, 3 x 0; mean 19/18, E[b^2] = 27/18 = 3/2, variance 3/2 - 361/324 = 125/324,
        // sd 5 sqrt 5 / 18, CV = 5 sqrt 5 / 19 = 0.588439 = sqrt(2 * 2250/12996).
        GroupConfusion c = Fixtures.twoGroups().counts();
        assertEquals(5 * Math.sqrt(5) / 19, EntropyIndex.coefficientOfVariation(c).value(), EPS);
        assertEquals(Math.sqrt(2 * EntropyIndex.generalized(c, 2).value()),
                EntropyIndex.coefficientOfVariation(c).value(), EPS);
        // Group means 9/10 (10 rows) and 5/4 (8 rows): E[mu_g^2] = (8.1 + 12.5) / 18 = 370.8/324,
        // variance 9.8/324, CV_between = sqrt(9.8) / 19 = 0.164763.
        assertEquals(Math.sqrt(9.8) / 19, EntropyIndex.betweenGroupsCoefficientOfVariation(c).value(), EPS);
        assertEquals(0.16476290360524756, FairnessMetric.BETWEEN_GROUP_COEFFICIENT_OF_VARIATION.compute(c).value(), EPS);
        GroupConfusion allFn = Fixtures.counts(Groups.of("g"), new int[] {0, 0, 0, 4});
        assertUndefined(EntropyIndex.coefficientOfVariation(allFn), Reason.ZERO_MEAN_BENEFIT, "overall");
    }

    @Test
    void betweenGroupMeanLogDeviation() {
        // -(1/18) [10 ln(0.9/mu) + 8 ln(1.25/mu)], mu = 19/18: group means are positive, so defined.
        GroupConfusion c = Fixtures.twoGroups().counts();
        double mu = 19.0 / 18;
        double expected = -(10 * Math.log(0.9 / mu) + 8 * Math.log(1.25 / mu)) / 18;
        assertEquals(0.013425929384974975, expected, EPS);
        assertEquals(expected, EntropyIndex.betweenGroups(c, 0).value(), EPS);
        // A group of false negatives only has mean benefit 0: GE_between(0) is infinite there.
        GroupConfusion oneFnGroup = Fixtures.counts(Groups.of("X", "Y"), Fixtures.A, new int[] {0, 0, 0, 2});
        assertUndefined(EntropyIndex.betweenGroups(oneFnGroup, 0), Reason.ZERO_MEAN_BENEFIT, "Y");
        // ... but GE_between(2) of it is finite: mu = 9/12 = 3/4, [10 ((0.9/0.75)^2 - 1) + 2 (0 - 1)] / 24.
        assertEquals((10 * (1.2 * 1.2 - 1) - 2) / 24, EntropyIndex.betweenGroups(oneFnGroup, 2).value(), EPS);
    }

    @Test
    void alphaMustBeFinite() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        assertThrows(IllegalArgumentException.class, () -> EntropyIndex.generalized(c, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> EntropyIndex.betweenGroups(c, Double.POSITIVE_INFINITY));
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
