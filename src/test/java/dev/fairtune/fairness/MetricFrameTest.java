package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metric frame: overall, by group, aggregated, named metrics, scores and the printed table. */
class MetricFrameTest {
    private static final double EPS = 1e-12;

    @Test
    void frameOfTheTwoGroupFixture() {
        MetricFrame f = MetricFrame.of(Fixtures.twoGroups(), "A");
        assertEquals("A", f.reference());
        assertEquals(18, f.overall().confusion().count());
        assertEquals(4.0 / 7, f.overall().get(Rate.TPR).value(), EPS);
        assertEquals(0.75, f.group("A").get(Rate.PPV).value(), EPS);
        assertEquals(0.25, f.group("B").get(Rate.PPV).value(), EPS);
        // Every named metric: the signed ones once (for B against A), the others once.
        assertEquals(FairnessMetric.values().length, f.metrics().size());
        Map<FairnessMetric, Double> expected = FairnessMetricTest.expectedTwoGroups();
        for (MetricValue m : f.metrics()) {
            assertEquals(expected.get(m.metric()), m.value().value(), EPS, m.metric().name());
            assertEquals(m.metric().needsReference() ? "B" : null, m.group());
        }
        assertEquals(0.1, f.metric(FairnessMetric.AVERAGE_ODDS_DIFFERENCE, "B").value(), EPS);
        assertEquals(0.3, f.metric(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE).value(), EPS);
        assertEquals(-0.1, f.aggregate(Rate.TPR, Aggregation.DIFFERENCE, "B").value(), EPS);
        assertEquals(2.5, f.aggregate(Rate.FPR, Aggregation.RATIO, "B").value(), EPS);
        assertEquals(0.8, f.aggregate(Rate.SELECTION_RATE, Aggregation.MIN_OVER_MAX, null).value(), EPS);
        assertNull(f.scores());
        assertThrows(IllegalArgumentException.class, () -> f.metric(FairnessMetric.AVERAGE_ODDS_DIFFERENCE));
        assertThrows(IllegalArgumentException.class, () -> f.group("Z"));
    }

    @Test
    void withoutReferenceOnlyUnsignedMetrics() {
        GroupConfusion c = Fixtures.threeGroups().counts();
        MetricFrame f = MetricFrame.builder().setCounts(c).build();
        for (MetricValue m : f.metrics()) {
            assertFalse(m.metric().needsReference());
        }
        for (AggregateValue a : f.aggregates()) {
            assertFalse(a.aggregation().needsReference());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricFrame.builder().setCounts(c).optMetrics(FairnessMetric.DISPARATE_IMPACT).build());
        assertTrue(e.getMessage().contains("optReference"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricFrame.builder().setCounts(c).optReference("Q").build());
    }

    @Test
    void signedMetricsForEachNonReferenceGroup() {
        MetricFrame f = MetricFrame.builder().setCounts(Fixtures.threeGroups().counts()).optReference("A")
                .optMetrics(FairnessMetric.STATISTICAL_PARITY_DIFFERENCE, FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE)
                .optRates(Rate.SELECTION_RATE).optMinGroupSize(9).build();
        assertEquals(3, f.metrics().size());
        assertEquals(0.1, f.metric(FairnessMetric.STATISTICAL_PARITY_DIFFERENCE, "B").value(), EPS);
        assertEquals(-0.2, f.metric(FairnessMetric.STATISTICAL_PARITY_DIFFERENCE, "C").value(), EPS);
        assertEquals(0.3, f.metric(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE).value(), EPS);
        assertTrue(f.group("B").belowMinSize());
        assertFalse(f.group("A").belowMinSize());
        // 4 across-groups aggregations + 2 signed ones for each of B and C.
        assertEquals(8, f.aggregates().size());
    }

    @Test
    void tableShowsValuesAndReasons() {
        GroupConfusion c = Fixtures.counts(Groups.of("A", "noPos"), Fixtures.A, new int[] {0, 1, 2, 0});
        MetricFrame f = MetricFrame.builder().setCounts(c).optReference("A").optMinGroupSize(5).build();
        String t = f.toTable();
        assertTrue(t.contains("reference group: A"), t);
        assertTrue(t.contains("noPos*"), t);
        assertTrue(t.contains("AVERAGE_ODDS_DIFFERENCE"), t);
        assertTrue(t.contains("TPR of noPos: no positive labels (noPos)"), t);
        assertTrue(t.contains("EQUALIZED_ODDS_DIFFERENCE: no positive labels (noPos)"), t);
        assertTrue(t.contains("0.600000"), t); // TPR of A
    }

    @Test
    void frameWithScores() {
        double[] s = ScoreMetricsTest.SCORE;
        Observations obs = Observations.builder().setGroups(ScoreMetricsTest.AB, ScoreMetricsTest.GROUP)
                .setLabels(ScoreMetricsTest.LABEL).optScores(s).optThreshold(0.5).build();
        MetricFrame f = MetricFrame.of(obs, "A");
        assertEquals(22.0 / 30, f.scores().overallAuc().value(), EPS);
        // Predictions from the threshold: A TP 2 (0.9, 0.6), FP 1 (0.5); B TP 1 (0.7), FP 1 (0.8).
        assertEquals(Confusion.of("A", 2, 1, 2, 1), f.group("A").confusion());
        assertEquals(Confusion.of("B", 1, 1, 2, 1), f.group("B").confusion());
        assertTrue(f.toTable().contains("BPSN AUC"));
    }
}
