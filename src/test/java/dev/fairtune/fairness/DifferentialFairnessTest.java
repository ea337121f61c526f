package dev.fairtune.fairness;

import static dev.fairtune.fairness.RateTest.assertUndefined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fairtune.fairness.DifferentialFairness.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoothed empirical differential fairness on the fixtures of docs/metrics.md, P(y | s) =
 * (N_{y,s} + c/2) / (N_s + c) with concentration c. Per group {TP, FP, TN, FN}:
 *
 * <pre>
 * cell  n   predicted 1  labelled 1
 * A     10  4            5
 * B      8  4            2
 * C     10  2            5
 * </pre>
 */
class DifferentialFairnessTest {
    private static final double EPS = 1e-12;

    @Test
    void threeCellsWithTheDefaultSmoothing() {
        GroupConfusion c = Fixtures.threeGroups().counts();
        // Predictions, c = 1: P(1|A) = 4.5/11 = 9/22, P(1|B) = 4.5/9 = 1/2, P(1|C) = 2.5/11 = 5/22.
        // y = 1: ln((1/2) / (5/22)) = ln(11/5) = 0.788457; y = 0: P(0|s) = 13/22, 1/2, 17/22,
        // ln((17/22) / (1/2)) = ln(17/11) = 0.435318. epsilon = ln(11/5).
        assertEquals(Math.log(11.0 / 5), DifferentialFairness.epsilon(c, Outcome.PREDICTIONS).value(), EPS);
        assertEquals(0.7884573603642703, FairnessMetric.DIFFERENTIAL_FAIRNESS.compute(c).value(), EPS);
        // Labels: P(1|A) = 5.5/11 = 1/2, P(1|B) = 2.5/9 = 5/18, P(1|C) = 1/2. y = 1: ln((1/2) / (5/18))
        // = ln(9/5) = 0.587787; y = 0: 1/2, 13/18, 1/2 give ln(13/9) = 0.367725. epsilon = ln(9/5).
        assertEquals(Math.log(9.0 / 5), DifferentialFairness.epsilon(c, Outcome.LABELS).value(), EPS);
        assertEquals(Math.log(9.0 / 5), FairnessMetric.LABEL_DIFFERENTIAL_FAIRNESS.compute(c).value(), EPS);
        // Amplification: ln(11/5) - ln(9/5) = ln(11/9) = 0.200671 (the predictions are less fair).
        assertEquals(Math.log(11.0 / 9), DifferentialFairness.biasAmplification(c).value(), EPS);
        assertEquals(0.20067069546215124,
                FairnessMetric.DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION.compute(c).value(), EPS);
    }

    @Test
    void twoCellsAmplificationIsNegativeWhenPredictionsAreFairerThanLabels() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        // Predictions: 9/22 and 1/2 -> ln(11/9) (y = 1) beats ln((13/22) / (1/2)) = ln(13/11) (y = 0).
        assertEquals(Math.log(11.0 / 9), DifferentialFairness.epsilon(c, Outcome.PREDICTIONS).value(), EPS);
        // Labels: 1/2 and 5/18 -> ln(9/5).
        assertEquals(Math.log(9.0 / 5), DifferentialFairness.epsilon(c, Outcome.LABELS).value(), EPS);
        // ln(11/9) - ln(9/5) = ln(55/81) = -0.387116.
        assertEquals(Math.log(55.0 / 81), DifferentialFairness.biasAmplification(c).value(), EPS);
    }

    @Test
    void otherConcentrations() {
        GroupConfusion c = Fixtures.threeGroups().counts();
        // c = 2 (Laplace, alpha = 1): P(1|s) = 5/12, 5/10, 3/12; y = 1: ln((1/2) / (1/4)) = ln 2;
        // y = 0: 7/12, 1/2, 3/4 give ln(3/2). epsilon = ln 2.
        assertEquals(Math.log(2), DifferentialFairness.epsilon(c, Outcome.PREDICTIONS, 2).value(), EPS);
        // c = 0 (unsmoothed): 4/10, 4/8, 2/10; y = 1: ln(0.5 / 0.2) = ln 2.5; y = 0: 0.6, 0.5, 0.8 give ln 1.6.
        assertEquals(Math.log(2.5), DifferentialFairness.epsilon(c, Outcome.PREDICTIONS, 0).value(), EPS);
        assertThrows(IllegalArgumentException.class, () -> DifferentialFairness.epsilon(c, Outcome.LABELS, -1));
        assertThrows(IllegalArgumentException.class, () -> DifferentialFairness.epsilon(c, Outcome.LABELS, Double.NaN));
    }

    @Test
    void smoothingKeepsAnOutcomeThatOneCellNeverHasFinite() {
        // X predicts no one positive (TN 3, FN 1), Y predicts half (TP 1, FP 1, TN 2).
        GroupConfusion c = Fixtures.counts(Groups.of("X", "Y"), new int[] {0, 0, 3, 1}, new int[] {1, 1, 2, 0});
        // c = 0: P(1|X) = 0, so ln 0: infinite, reported as undefined.
        assertUndefined(DifferentialFairness.epsilon(c, Outcome.PREDICTIONS, 0), Reason.ZERO_PROBABILITY, null);
        assertUndefined(DifferentialFairness.biasAmplification(c, 0), Reason.ZERO_PROBABILITY, null);
        // c = 1: P(1|X) = 0.5/5 = 1/10, P(1|Y) = 2.5/5 = 1/2: y = 1 ln 5; y = 0: 9/10 over 1/2, ln 1.8.
        assertEquals(Math.log(5), DifferentialFairness.epsilon(c, Outcome.PREDICTIONS).value(), EPS);
        // Labels without smoothing: 1/4 and 1/4, equal: epsilon 0.
        assertEquals(0.0, DifferentialFairness.epsilon(c, Outcome.LABELS, 0).value(), EPS);
        // An outcome no cell ever has (no one predicted positive anywhere) adds 0, even unsmoothed.
        GroupConfusion none = Fixtures.counts(Groups.of("X", "Y"), new int[] {0, 0, 3, 1}, new int[] {0, 0, 2, 0});
        assertEquals(0.0, DifferentialFairness.epsilon(none, Outcome.PREDICTIONS, 0).value(), EPS);
    }

    @Test
    void intersectionalCellsAndEmptyCells() {
        // Two attributes, three of four combinations present: the cells are those with rows.
        GroupColumn cells = Groups.intersect(List.of(
                new String[] {"f", "f", "m", "m", "m", "f"},
                new String[] {"a", "a", "a", "b", "b", "b"}));
        assertEquals(List.of("f & a", "f & b", "m & a", "m & b"), cells.groups().names());
        Observations obs = Observations.builder().setGroups(cells).setLabels(new int[] {1, 0, 1, 0, 1, 0})
                .optPredictions(new int[] {1, 1, 0, 0, 1, 0}).build();
        // Predicted 1 / rows: f & a 2/2, f & b 0/1, m & a 0/1, m & b 1/2. c = 1: (2.5/3, 0.5/2, 0.5/2, 1.5/3)
        // = (5/6, 1/4, 1/4, 1/2); y = 1: ln((5/6) / (1/4)) = ln(10/3); y = 0: (1/6, 3/4, 3/4, 1/2): ln(9/2).
        assertEquals(Math.log(4.5), DifferentialFairness.epsilon(obs.counts(), Outcome.PREDICTIONS).value(), EPS);
        // A declared group with no rows takes no part (it would otherwise add the prior 1/2).
        GroupConfusion withEmpty = Fixtures.counts(Groups.of("A", "B", "C", "empty"), Fixtures.A, Fixtures.B,
                Fixtures.C, new int[] {0, 0, 0, 0});
        assertEquals(Math.log(11.0 / 5), DifferentialFairness.epsilon(withEmpty, Outcome.PREDICTIONS).value(), EPS);
    }

    @Test
    void weightsAreWeightedCounts() {
        // Weight 2 on every row of B equals B's rows twice: P(1|B) = (8 + 0.5) / (16 + 1) = 1/2 again,
        // and for labels (4 + 0.5) / 17 = 9/34.
        GroupConfusion doubled = Fixtures.counts(Groups.of("A", "B"), Fixtures.A, new int[] {2, 6, 6, 2});
        Observations base = Fixtures.twoGroups();
        double[] w = new double[base.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = base.group()[i] == 1 ? 2 : 1;
        }
        GroupConfusion weighted = Observations.builder().setGroups(base.groups(), base.group()).setLabels(base.label())
                .optPredictions(base.prediction()).optWeights(w).build().counts();
        for (Outcome o : Outcome.values()) {
            assertEquals(DifferentialFairness.epsilon(doubled, o).value(), DifferentialFairness.epsilon(weighted, o).value(), EPS);
        }
        // Labels: 1/2 against 9/34: ln(17/9) (y = 1) beats ln((25/34) / (1/2)) = ln(25/17) (y = 0).
        assertEquals(Math.log(17.0 / 9), DifferentialFairness.epsilon(weighted, Outcome.LABELS).value(), EPS);
    }

    @Test
    void undefinedCases() {
        assertUndefined(DifferentialFairness.epsilon(new GroupConfusion(Groups.of("A", "B")), Outcome.PREDICTIONS),
                Reason.FEWER_THAN_TWO_GROUPS, null);
        GroupConfusion one = Fixtures.counts(Groups.of("A", "B"), Fixtures.A, new int[] {0, 0, 0, 0});
        assertUndefined(DifferentialFairness.epsilon(one, Outcome.LABELS), Reason.FEWER_THAN_TWO_GROUPS, null);
        assertUndefined(FairnessMetric.DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION.compute(one),
                Reason.FEWER_THAN_TWO_GROUPS, null);
        // A cell whose only row weighs 0: the prior 1/2 with smoothing, undefined without.
        Observations zero = Observations.builder().setGroups(Groups.of("A", "B"), new int[] {0, 0, 1})
                .setLabels(new int[] {1, 0, 1}).optPredictions(new int[] {1, 0, 1})
                .optWeights(new double[] {1, 1, 0}).build();
        assertUndefined(DifferentialFairness.epsilon(zero.counts(), Outcome.PREDICTIONS, 0), Reason.ZERO_WEIGHT, "B");
        // c = 1: A (1.5/3 = 1/2), B (0.5/1 = 1/2): equal, epsilon 0.
        assertEquals(0.0, DifferentialFairness.epsilon(zero.counts(), Outcome.PREDICTIONS).value(), EPS);
    }
}
