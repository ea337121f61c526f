package dev.fairtune.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.Value;
import dev.fairtune.train.SelectionObjective.Primary;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The frontier and the two rules on hand-made validation figures, with the expected values worked
 * out in the comments: a dominated run, a collapsed run whose gap is 0, and a run with an undefined
 * AUC are never on the frontier nor chosen.
 */
class FrontierTest {

    static SweepPoint point(String name, double auc, double distance) {
        return new SweepPoint(name, name, SweepPoint.Kind.IN_PROCESSING, 0, auc, auc, 0.3, Value.of(distance), distance,
                null);
    }

    static final SweepPoint PLAIN = point("plain", 0.90, 0.20);
    static final SweepPoint L1 = point("l1", 0.89, 0.10);
    static final SweepPoint L2 = point("l2", 0.87, 0.05);
    static final SweepPoint L3 = point("l3", 0.80, 0.03);
    /** Dominated by l1: lower AUC (0.85 < 0.89) and a larger gap (0.12 > 0.10). */
    static final SweepPoint DOMINATED = point("dominated", 0.85, 0.12);
    /** Predicts one class: gap 0, which would dominate nothing only if excluded. */
    static final SweepPoint COLLAPSED = new SweepPoint("collapsed", "lambda 50", SweepPoint.Kind.IN_PROCESSING, 50, 0.5,
            0.95, 0.69, Value.of(0), 0, "predicts the negative class for 100.0% of all rows");
    static final SweepPoint UNDEFINED = new SweepPoint("undefined", "no AUC", SweepPoint.Kind.IN_PROCESSING, 1, 0.7,
            Double.NaN, 0.5, Value.undefined(Reason.NO_ROWS, "b"), Double.NaN, null);
    static final List<SweepPoint> ALL = List.of(PLAIN, DOMINATED, L1, COLLAPSED, L2, UNDEFINED, L3);

    @Test
    void theFrontierKeepsTheUndominatedEligiblePointsFromTheFairestEnd() {
        Frontier f = Frontier.of(ALL, Primary.AUC);
        assertEquals(List.of(L3, L2, L1, PLAIN), f.points());
        assertFalse(f.contains(COLLAPSED), "a collapsed run's gap of 0 does not put it on the frontier");
        assertFalse(f.contains(DOMINATED));
        assertFalse(f.contains(UNDEFINED));
        // two runs with equal figures are both kept
        SweepPoint twin = point("twin", 0.87, 0.05);
        assertEquals(5, Frontier.of(List.of(L3, L2, twin, L1, PLAIN), Primary.AUC).points().size());
    }

    @Test
    void bestUnderBoundTakesTheHighestAucWithinTheBoundAndNeverACollapsedRun() {
        SweepChoice c = new SweepRule.BestUnderBound(Primary.AUC, 0.10).choose(ALL);
        assertEquals(L1, c.chosen(), "l1 (0.89, gap 0.10 <= 0.10) beats l2 (0.87) and l3 (0.80); the collapsed run"
                + " (AUC 0.95, gap 0) is excluded");
        assertTrue(c.ruleMet());
        assertTrue(c.explanation().contains("the highest of the 3 runs within the bound"), c.explanation());

        SweepChoice tight = new SweepRule.BestUnderBound(Primary.AUC, 0.01).choose(ALL);
        assertEquals(L3, tight.chosen(), "only the collapsed run has a gap <= 0.01: the fairest other run is kept");
        assertFalse(tight.ruleMet());
        assertTrue(tight.explanation().startsWith("no run meets the bound 0.01"), tight.explanation());

        SweepChoice byAccuracy = new SweepRule.BestUnderBound(Primary.ACCURACY, 0.10).choose(ALL);
        assertEquals(L1, byAccuracy.chosen(), "accuracy equals AUC in these points; the undefined-AUC run is"
                + " eligible by accuracy (0.7) but its gap is undefined");
    }

    @Test
    void theKneeIsThePointFurthestAboveTheChord() {
        // normalised over the frontier: d in [0.03, 0.20], AUC in [0.80, 0.90]
        // l3 (0, 0) -> 0; l2 (0.02/0.17, 0.7) -> (0.7 - 0.1176)/sqrt2 = 0.412;
        // l1 (0.07/0.17, 0.9) -> (0.9 - 0.4118)/sqrt2 = 0.345; plain (1, 1) -> 0
        double[] above = SweepRule.Knee.aboveChord(Frontier.of(ALL, Primary.AUC).points(), Primary.AUC);
        assertEquals(0, above[0], 1e-12);
        assertEquals((0.7 - 0.02 / 0.17) / Math.sqrt(2), above[1], 1e-9);
        assertEquals((0.9 - 0.07 / 0.17) / Math.sqrt(2), above[2], 1e-9);
        assertEquals(0, above[3], 1e-12);
        SweepChoice c = new SweepRule.Knee(Primary.AUC).choose(ALL);
        assertEquals(L2, c.chosen());
        assertTrue(c.ruleMet());

        // a convex frontier (the middle point below the chord) and a two-point one: the fairer end
        SweepPoint low = point("low", 0.81, 0.15);
        assertEquals(L3, new SweepRule.Knee(Primary.AUC).choose(List.of(PLAIN, low, L3)).chosen());
        assertEquals(L3, new SweepRule.Knee(Primary.AUC).choose(List.of(PLAIN, L3)).chosen());
        assertEquals(PLAIN, new SweepRule.Knee(Primary.AUC).choose(List.of(PLAIN, COLLAPSED)).chosen());
    }

    @Test
    void whenEveryRunCollapsedNothingIsChosen() {
        for (SweepRule rule : List.of(new SweepRule.Knee(Primary.AUC), new SweepRule.BestUnderBound(Primary.AUC, 1))) {
            SweepChoice c = rule.choose(List.of(COLLAPSED, UNDEFINED));
            assertTrue(c.point().isEmpty());
            assertFalse(c.ruleMet());
            assertTrue(c.frontier().points().isEmpty());
            assertEquals("no run can be chosen: 1 of 2 runs predict (nearly) one class (collapsed) and the rest have"
                    + " an undefined validation figure", c.explanation());
        }
    }
}
