package dev.fairtune.fairness;

import static dev.fairtune.fairness.RateTest.assertUndefined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every named metric: its value on the two-group fixture (B against reference A), its composition
 * from rates and aggregations, its sign, and its undefined cases.
 */
class FairnessMetricTest {
    private static final double EPS = 1e-12;

    /** The values of docs/metrics.md, fixture "two groups": A TP3 FP1 TN4 FN2, B TP1 FP3 TN3 FN1. */
    static Map<FairnessMetric, Double> expectedTwoGroups() {
        Map<FairnessMetric, Double> e = new EnumMap<>(FairnessMetric.class);
        e.put(FairnessMetric.AVERAGE_ODDS_DIFFERENCE, 0.1); // ((1/2 - 1/5) + (1/2 - 3/5)) / 2
        e.put(FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE, 0.2); // (0.3 + 0.1) / 2
        e.put(FairnessMetric.EQUAL_OPPORTUNITY_DIFFERENCE, -0.1); // 1/2 - 3/5
        e.put(FairnessMetric.STATISTICAL_PARITY_DIFFERENCE, 0.1); // 1/2 - 2/5
        e.put(FairnessMetric.DISPARATE_IMPACT, 1.25); // (1/2) / (2/5)
        e.put(FairnessMetric.PREDICTIVE_PARITY_DIFFERENCE, -0.5); // 1/4 - 3/4
        e.put(FairnessMetric.FALSE_DISCOVERY_RATE_DIFFERENCE, 0.5); // 3/4 - 1/4
        e.put(FairnessMetric.FALSE_OMISSION_RATE_DIFFERENCE, -1.0 / 12); // 1/4 - 1/3
        e.put(FairnessMetric.ERROR_RATE_DIFFERENCE, 0.2); // 1/2 - 3/10
        e.put(FairnessMetric.ERROR_RATE_RATIO, 5.0 / 3); // (1/2) / (3/10)
        e.put(FairnessMetric.TPR_GAP, 0.1); // |3/5 - 1/2|
        e.put(FairnessMetric.FPR_GAP, 0.3); // |1/5 - 1/2|
        e.put(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE, 0.3); // max(0.1, 0.3)
        e.put(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE_MEAN, 0.2); // (0.1 + 0.3) / 2
        e.put(FairnessMetric.EQUALIZED_ODDS_RATIO, 0.4); // min(5/6, 2/5)
        e.put(FairnessMetric.EQUALIZED_ODDS_RATIO_MEAN, (5.0 / 6 + 0.4) / 2);
        e.put(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE, 0.1); // 1/2 - 2/5
        e.put(FairnessMetric.DEMOGRAPHIC_PARITY_RATIO, 0.8); // (2/5) / (1/2)
        e.put(FairnessMetric.GENERALIZED_ENTROPY_INDEX, 2250.0 / 12996); // see EntropyIndexTest
        e.put(FairnessMetric.THEIL_INDEX, 0.23778422317601697);
        e.put(FairnessMetric.BETWEEN_GROUP_GENERALIZED_ENTROPY_INDEX, 0.013573407202216052);
        e.put(FairnessMetric.BETWEEN_GROUP_THEIL_INDEX, 0.013469140425601052);
        e.put(FairnessMetric.MEAN_LOG_DEVIATION, Double.NaN); // ln 0 for each false negative: ZERO_BENEFIT
        e.put(FairnessMetric.BETWEEN_GROUP_MEAN_LOG_DEVIATION, 0.013425929384974975);
        e.put(FairnessMetric.COEFFICIENT_OF_VARIATION, 5 * Math.sqrt(5) / 19); // sd / mean of b
        e.put(FairnessMetric.BETWEEN_GROUP_COEFFICIENT_OF_VARIATION, Math.sqrt(9.8) / 19);
        e.put(FairnessMetric.DIFFERENTIAL_FAIRNESS, Math.log(11.0 / 9)); // see DifferentialFairnessTest
        e.put(FairnessMetric.LABEL_DIFFERENTIAL_FAIRNESS, Math.log(9.0 / 5));
        e.put(FairnessMetric.DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION, Math.log(55.0 / 81));
        return e;
    }

    @Test
    void everyNamedMetricOnTheTwoGroupFixture() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        Map<FairnessMetric, Double> expected = expectedTwoGroups();
        assertEquals(FairnessMetric.values().length, expected.size());
        for (FairnessMetric m : FairnessMetric.values()) {
            Value v = m.needsReference() ? m.compute(c, 1, 0) : m.compute(c);
            assertEquals(expected.get(m), v.value(), EPS, m.name());
        }
    }

    /** Each shortcut equals its composition from rates and aggregations, written out here independently. */
    @Test
    void everyNamedMetricEqualsItsComposition() {
        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            GroupConfusion c = randomCounts(random, 2 + random.nextInt(4));
            int g = 1;
            int r = 0;
            for (FairnessMetric m : FairnessMetric.values()) {
                Value shortcut = m.needsReference() ? m.compute(c, g, r) : m.compute(c);
                Value composed = composition(m, c, g, r);
                assertEquals(composed.reason(), shortcut.reason(), m.name());
                if (composed.isDefined()) {
                    assertEquals(composed.value(), shortcut.value(), EPS, m.name());
                }
            }
        }
    }

    private static Value composition(FairnessMetric m, GroupConfusion c, int g, int r) {
        Aggregation d = Aggregation.DIFFERENCE;
        Aggregation mm = Aggregation.MAX_MINUS_MIN;
        Aggregation mo = Aggregation.MIN_OVER_MAX;
        return switch (m) {
            case AVERAGE_ODDS_DIFFERENCE -> Combination.MEAN.combine(d,
                    java.util.List.of(d.versus(Rate.FPR, c, g, r), d.versus(Rate.TPR, c, g, r)));
            case AVERAGE_ABS_ODDS_DIFFERENCE -> Combination.MEAN_ABSOLUTE.combine(d,
                    java.util.List.of(d.versus(Rate.FPR, c, g, r), d.versus(Rate.TPR, c, g, r)));
            case EQUAL_OPPORTUNITY_DIFFERENCE -> d.versus(Rate.TPR, c, g, r);
            case STATISTICAL_PARITY_DIFFERENCE -> d.versus(Rate.SELECTION_RATE, c, g, r);
            case DISPARATE_IMPACT -> Aggregation.RATIO.versus(Rate.SELECTION_RATE, c, g, r);
            case PREDICTIVE_PARITY_DIFFERENCE -> d.versus(Rate.PPV, c, g, r);
            case FALSE_DISCOVERY_RATE_DIFFERENCE -> d.versus(Rate.FDR, c, g, r);
            case FALSE_OMISSION_RATE_DIFFERENCE -> d.versus(Rate.FOR, c, g, r);
            case ERROR_RATE_DIFFERENCE -> d.versus(Rate.ERROR_RATE, c, g, r);
            case ERROR_RATE_RATIO -> Aggregation.RATIO.versus(Rate.ERROR_RATE, c, g, r);
            case TPR_GAP -> mm.across(Rate.TPR, c);
            case FPR_GAP -> mm.across(Rate.FPR, c);
            case EQUALIZED_ODDS_DIFFERENCE -> maxOf(mm.across(Rate.TPR, c), mm.across(Rate.FPR, c));
            case EQUALIZED_ODDS_DIFFERENCE_MEAN -> Combination.MEAN.combine(mm,
                    java.util.List.of(mm.across(Rate.TPR, c), mm.across(Rate.FPR, c)));
            case EQUALIZED_ODDS_RATIO -> minOf(mo.across(Rate.TPR, c), mo.across(Rate.FPR, c));
            case EQUALIZED_ODDS_RATIO_MEAN -> Combination.MEAN.combine(mo,
                    java.util.List.of(mo.across(Rate.TPR, c), mo.across(Rate.FPR, c)));
            case DEMOGRAPHIC_PARITY_DIFFERENCE -> mm.across(Rate.SELECTION_RATE, c);
            case DEMOGRAPHIC_PARITY_RATIO -> mo.across(Rate.SELECTION_RATE, c);
            case GENERALIZED_ENTROPY_INDEX -> EntropyIndex.generalized(c, 2);
            case THEIL_INDEX -> EntropyIndex.generalized(c, 1);
            case BETWEEN_GROUP_GENERALIZED_ENTROPY_INDEX -> EntropyIndex.betweenGroups(c, 2);
            case BETWEEN_GROUP_THEIL_INDEX -> EntropyIndex.betweenGroups(c, 1);
            case MEAN_LOG_DEVIATION -> EntropyIndex.generalized(c, 0);
            case BETWEEN_GROUP_MEAN_LOG_DEVIATION -> EntropyIndex.betweenGroups(c, 0);
            case COEFFICIENT_OF_VARIATION -> sqrtTwice(EntropyIndex.generalized(c, 2));
            case BETWEEN_GROUP_COEFFICIENT_OF_VARIATION -> sqrtTwice(EntropyIndex.betweenGroups(c, 2));
            case DIFFERENTIAL_FAIRNESS -> pairwiseEpsilon(c, true);
            case LABEL_DIFFERENTIAL_FAIRNESS -> pairwiseEpsilon(c, false);
            case DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION -> {
                Value p = pairwiseEpsilon(c, true);
                Value l = pairwiseEpsilon(c, false);
                yield !p.isDefined() ? p : !l.isDefined() ? l : Value.of(p.value() - l.value());
            }
        };
    }

    private static Value sqrtTwice(Value v) {
        return v.isDefined() ? Value.of(Math.sqrt(2 * v.value())) : v;
    }

    /**
     * Foulds et al.'s definition written out: the largest |ln P(y|s_i) - ln P(y|s_j)| over every pair
     * of cells with rows and both outcomes, P = (N_{y,s} + 1/2) / (N_s + 1).
     */
    private static Value pairwiseEpsilon(GroupConfusion c, boolean predictions) {
        java.util.List<double[]> p = new java.util.ArrayList<>();
        for (int g = 0; g < c.groups().size(); g++) {
            if (c.count(g) > 0) {
                Confusion k = c.group(g);
                double ones = predictions ? k.tpWeight() + k.fpWeight() : k.tpWeight() + k.fnWeight();
                double p1 = (ones + 0.5) / (k.weight() + 1);
                p.add(new double[] {1 - p1, p1});
            }
        }
        if (p.size() < 2) {
            return Value.undefined(Reason.FEWER_THAN_TWO_GROUPS, null);
        }
        double eps = 0;
        for (double[] i : p) {
            for (double[] j : p) {
                for (int y = 0; y < 2; y++) {
                    eps = Math.max(eps, Math.abs(Math.log(i[y]) - Math.log(j[y])));
                }
            }
        }
        return Value.of(eps);
    }

    private static Value maxOf(Value a, Value b) {
        return !a.isDefined() ? a : !b.isDefined() ? b : Value.of(Math.max(a.value(), b.value()));
    }

    private static Value minOf(Value a, Value b) {
        return !a.isDefined() ? a : !b.isDefined() ? b : Value.of(Math.min(a.value(), b.value()));
    }

    /** Random counts, sometimes with empty cells so that undefined values occur too. */
    static GroupConfusion randomCounts(Random random, int groups) {
        String[] names = new String[groups];
        int[][] cells = new int[groups][4];
        for (int g = 0; g < groups; g++) {
            names[g] = "g" + g;
            for (int k = 0; k < 4; k++) {
                cells[g][k] = random.nextInt(5) == 0 ? 0 : random.nextInt(20);
            }
        }
        return Fixtures.counts(Groups.of(names), cells);
    }

    @Test
    void swappingTheReferenceFlipsTheSign() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        assertEquals(-0.1, FairnessMetric.AVERAGE_ODDS_DIFFERENCE.compute(c, 0, 1).value(), EPS);
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            GroupConfusion rc = randomCounts(random, 2);
            for (FairnessMetric m : FairnessMetric.values()) {
                if (!m.needsReference()) {
                    continue;
                }
                Value ab = m.compute(rc, 0, 1);
                Value ba = m.compute(rc, 1, 0);
                if (!ab.isDefined() || !ba.isDefined()) {
                    continue;
                }
                switch (m) {
                    case DISPARATE_IMPACT, ERROR_RATE_RATIO -> assertEquals(1.0, ab.value() * ba.value(), EPS, m.name());
                    case AVERAGE_ABS_ODDS_DIFFERENCE -> assertEquals(ab.value(), ba.value(), EPS, m.name());
                    default -> assertEquals(-ab.value(), ba.value(), EPS, m.name());
                }
            }
        }
    }

    @Test
    void undefinedCasesOfNamedMetrics() {
        // A normal reference, then: no positives, no negatives, no predicted positives, no predicted negatives, no rows.
        GroupConfusion c = Fixtures.counts(Groups.of("A", "noPos", "noNeg", "noPredPos", "noPredNeg", "empty"),
                Fixtures.A, new int[] {0, 1, 2, 0}, new int[] {2, 0, 0, 1}, new int[] {0, 0, 2, 1},
                new int[] {1, 1, 0, 0}, new int[4]);
        assertUndefined(FairnessMetric.AVERAGE_ODDS_DIFFERENCE.compute(c, 1, 0), Reason.NO_POSITIVE_LABELS, "noPos");
        assertUndefined(FairnessMetric.AVERAGE_ODDS_DIFFERENCE.compute(c, 2, 0), Reason.NO_NEGATIVE_LABELS, "noNeg");
        assertUndefined(FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE.compute(c, 2, 0), Reason.NO_NEGATIVE_LABELS, "noNeg");
        assertUndefined(FairnessMetric.EQUAL_OPPORTUNITY_DIFFERENCE.compute(c, 0, 1), Reason.NO_POSITIVE_LABELS, "noPos");
        assertUndefined(FairnessMetric.PREDICTIVE_PARITY_DIFFERENCE.compute(c, 3, 0), Reason.NO_PREDICTED_POSITIVES, "noPredPos");
        assertUndefined(FairnessMetric.FALSE_DISCOVERY_RATE_DIFFERENCE.compute(c, 3, 0), Reason.NO_PREDICTED_POSITIVES, "noPredPos");
        assertUndefined(FairnessMetric.FALSE_OMISSION_RATE_DIFFERENCE.compute(c, 4, 0), Reason.NO_PREDICTED_NEGATIVES, "noPredNeg");
        assertUndefined(FairnessMetric.STATISTICAL_PARITY_DIFFERENCE.compute(c, 5, 0), Reason.NO_ROWS, "empty");
        assertUndefined(FairnessMetric.ERROR_RATE_DIFFERENCE.compute(c, 0, 5), Reason.NO_ROWS, "empty");
        assertUndefined(FairnessMetric.DISPARATE_IMPACT.compute(c, 0, 3), Reason.ZERO_DIVISOR, "noPredPos");
        // noPredNeg predicts everyone positive, so... its error rate is 1/2; a perfect reference makes ERR ratio undefined.
        GroupConfusion perfect = Fixtures.counts(Groups.of("P", "B"), new int[] {2, 0, 2, 0}, Fixtures.B);
        assertUndefined(FairnessMetric.ERROR_RATE_RATIO.compute(perfect, 1, 0), Reason.ZERO_DIVISOR, "P");
        // Across groups: the first group (in id order) with an undefined rate gives the reason.
        assertUndefined(FairnessMetric.TPR_GAP.compute(c), Reason.NO_POSITIVE_LABELS, "noPos");
        assertUndefined(FairnessMetric.FPR_GAP.compute(c), Reason.NO_NEGATIVE_LABELS, "noNeg");
        assertUndefined(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.compute(c), Reason.NO_POSITIVE_LABELS, "noPos");
        assertUndefined(FairnessMetric.EQUALIZED_ODDS_RATIO_MEAN.compute(c), Reason.NO_POSITIVE_LABELS, "noPos");
        // Selection rates exist for every group with rows (the empty group is left out).
        assertEquals(1.0, FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE.compute(c).value(), EPS);
        assertEquals(0.0, FairnessMetric.DEMOGRAPHIC_PARITY_RATIO.compute(c).value(), EPS);
        GroupConfusion noneSelected = Fixtures.counts(Groups.of("X", "Y"), new int[] {0, 0, 2, 1}, new int[] {0, 0, 3, 1});
        assertUndefined(FairnessMetric.DEMOGRAPHIC_PARITY_RATIO.compute(noneSelected), Reason.ZERO_DIVISOR, null);
        assertUndefined(FairnessMetric.EQUALIZED_ODDS_RATIO.compute(noneSelected), Reason.ZERO_DIVISOR, null);
        GroupConfusion single = Fixtures.counts(Groups.of("A"), Fixtures.A);
        assertUndefined(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE.compute(single), Reason.FEWER_THAN_TWO_GROUPS, null);
        GroupConfusion nothing = new GroupConfusion(Groups.of("A", "B"));
        assertUndefined(FairnessMetric.THEIL_INDEX.compute(nothing), Reason.NO_ROWS, "overall");
    }

    @Test
    void everyNamedMetricIsUndefinedWithoutRows() {
        GroupConfusion empty = new GroupConfusion(Groups.of("A", "B"));
        for (FairnessMetric m : FairnessMetric.values()) {
            Value v = m.needsReference() ? m.compute(empty, 1, 0) : m.compute(empty);
            assertEquals(false, v.isDefined(), m.name());
            Reason expected = switch (m.scope()) {
                case VERSUS_REFERENCE -> Reason.NO_ROWS;
                case ACROSS_GROUPS -> Reason.FEWER_THAN_TWO_GROUPS;
                case ALL_ROWS -> Reason.NO_ROWS;
            };
            assertEquals(expected, v.reason(), m.name());
        }
    }

    @Test
    void scopesAndMisuse() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        assertEquals(FairnessMetric.Scope.VERSUS_REFERENCE, FairnessMetric.DISPARATE_IMPACT.scope());
        assertEquals(FairnessMetric.Scope.ACROSS_GROUPS, FairnessMetric.EQUALIZED_ODDS_RATIO.scope());
        assertEquals(FairnessMetric.Scope.ALL_ROWS, FairnessMetric.THEIL_INDEX.scope());
        assertEquals(1.0, FairnessMetric.DISPARATE_IMPACT.ideal());
        assertEquals(0.0, FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.ideal());
        assertThrows(IllegalStateException.class, () -> FairnessMetric.AVERAGE_ODDS_DIFFERENCE.compute(c));
        assertThrows(IllegalStateException.class, () -> FairnessMetric.TPR_GAP.compute(c, 1, 0));
        assertEquals(0.1, FairnessMetric.AVERAGE_ODDS_DIFFERENCE.versus(1, 0).compute(c).value(), EPS);
        assertEquals(0.3, FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.asCountMetric().compute(c).value(), EPS);
    }
}
