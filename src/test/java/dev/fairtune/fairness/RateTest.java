package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every rate on the fixtures of docs/metrics.md, and every undefined case. */
class RateTest {
    private static final double EPS = 1e-12;

    @Test
    void ratesOfGroupA() {
        Confusion a = Fixtures.twoGroups().counts().group("A"); // TP 3, FP 1, TN 4, FN 2
        Map<Rate, Double> expected = Map.ofEntries(
                Map.entry(Rate.TPR, 3.0 / 5), Map.entry(Rate.FPR, 1.0 / 5), Map.entry(Rate.TNR, 4.0 / 5),
                Map.entry(Rate.FNR, 2.0 / 5), Map.entry(Rate.PPV, 3.0 / 4), Map.entry(Rate.NPV, 4.0 / 6),
                Map.entry(Rate.FDR, 1.0 / 4), Map.entry(Rate.FOR, 2.0 / 6), Map.entry(Rate.SELECTION_RATE, 4.0 / 10),
                Map.entry(Rate.BASE_RATE, 5.0 / 10), Map.entry(Rate.ACCURACY, 7.0 / 10),
                Map.entry(Rate.ERROR_RATE, 3.0 / 10), Map.entry(Rate.BALANCED_ACCURACY, (0.6 + 0.8) / 2),
                Map.entry(Rate.COUNT, 10.0), Map.entry(Rate.WEIGHT, 10.0));
        assertEquals(Rate.values().length, expected.size());
        for (Rate r : Rate.values()) {
            Value v = r.of(a);
            assertTrue(v.isDefined(), r + " " + v);
            assertEquals(expected.get(r), v.value(), EPS, r.name());
        }
    }

    @Test
    void ratesOfGroupBAndOverall() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        Confusion b = c.group("B"); // TP 1, FP 3, TN 3, FN 1
        assertEquals(0.5, Rate.TPR.of(b).value(), EPS);
        assertEquals(0.5, Rate.FPR.of(b).value(), EPS);
        assertEquals(0.25, Rate.PPV.of(b).value(), EPS);
        assertEquals(0.75, Rate.NPV.of(b).value(), EPS);
        assertEquals(0.75, Rate.FDR.of(b).value(), EPS);
        assertEquals(0.25, Rate.FOR.of(b).value(), EPS);
        assertEquals(0.5, Rate.SELECTION_RATE.of(b).value(), EPS);
        assertEquals(0.25, Rate.BASE_RATE.of(b).value(), EPS);
        Confusion all = c.overall(); // TP 4, FP 4, TN 7, FN 3
        assertEquals("overall", all.group());
        assertEquals(4.0 / 7, Rate.TPR.of(all).value(), EPS);
        assertEquals(4.0 / 11, Rate.FPR.of(all).value(), EPS);
        assertEquals(4.0 / 9, Rate.SELECTION_RATE.of(all).value(), EPS);
        assertEquals(93.0 / 154, Rate.BALANCED_ACCURACY.of(all).value(), EPS);
    }

    @Test
    void weightedRatesUseWeightSums() {
        // Group 0: a TP of weight 3 and an FN of weight 1: TPR = 3/4 (unweighted it would be 1/2).
        Observations obs = Observations.builder().setGroups(Groups.of("g"), new int[] {0, 0, 0})
                .setLabels(new int[] {1, 1, 0}).optPredictions(new int[] {1, 0, 0})
                .optWeights(new double[] {3, 1, 0.5}).build();
        Confusion c = obs.counts().group(0);
        assertEquals(0.75, Rate.TPR.of(c).value(), EPS);
        assertEquals(3, Rate.COUNT.of(c).value(), EPS);
        assertEquals(4.5, Rate.WEIGHT.of(c).value(), EPS);
        assertEquals(3 / 4.5, Rate.SELECTION_RATE.of(c).value(), EPS);
    }

    @Test
    void everyUndefinedCaseHasItsReason() {
        // noPos: TP 0 FP 1 TN 2 FN 0; noNeg: TP 2 FP 0 TN 0 FN 1; noPredPos: TP 0 FP 0 TN 2 FN 1;
        // noPredNeg: TP 1 FP 1 TN 0 FN 0; empty: no rows.
        GroupConfusion c = Fixtures.counts(Groups.of("noPos", "noNeg", "noPredPos", "noPredNeg", "empty"),
                new int[] {0, 1, 2, 0}, new int[] {2, 0, 0, 1}, new int[] {0, 0, 2, 1}, new int[] {1, 1, 0, 0},
                new int[] {0, 0, 0, 0});
        assertUndefined(Rate.TPR.of(c.group("noPos")), Reason.NO_POSITIVE_LABELS, "noPos");
        assertUndefined(Rate.FNR.of(c.group("noPos")), Reason.NO_POSITIVE_LABELS, "noPos");
        assertUndefined(Rate.BALANCED_ACCURACY.of(c.group("noPos")), Reason.NO_POSITIVE_LABELS, "noPos");
        assertEquals(0.0, Rate.PPV.of(c.group("noPos")).value()); // one predicted positive, a false one: a true 0
        assertUndefined(Rate.FPR.of(c.group("noNeg")), Reason.NO_NEGATIVE_LABELS, "noNeg");
        assertUndefined(Rate.TNR.of(c.group("noNeg")), Reason.NO_NEGATIVE_LABELS, "noNeg");
        assertUndefined(Rate.BALANCED_ACCURACY.of(c.group("noNeg")), Reason.NO_NEGATIVE_LABELS, "noNeg");
        assertUndefined(Rate.PPV.of(c.group("noPredPos")), Reason.NO_PREDICTED_POSITIVES, "noPredPos");
        assertUndefined(Rate.FDR.of(c.group("noPredPos")), Reason.NO_PREDICTED_POSITIVES, "noPredPos");
        assertEquals(0.0, Rate.SELECTION_RATE.of(c.group("noPredPos")).value());
        assertUndefined(Rate.NPV.of(c.group("noPredNeg")), Reason.NO_PREDICTED_NEGATIVES, "noPredNeg");
        assertUndefined(Rate.FOR.of(c.group("noPredNeg")), Reason.NO_PREDICTED_NEGATIVES, "noPredNeg");
        for (Rate r : Rate.values()) {
            Value v = r.of(c.group("empty"));
            if (r == Rate.COUNT || r == Rate.WEIGHT) {
                assertEquals(0.0, v.value());
            } else {
                assertUndefined(v, Reason.NO_ROWS, "empty");
            }
        }
        assertEquals("no positive labels (noPos)", Rate.TPR.of(c.group("noPos")).describe());
    }

    @Test
    void zeroWeightDenominatorIsUndefined() {
        Observations obs = Observations.builder().setGroups(Groups.of("g"), new int[] {0, 0})
                .setLabels(new int[] {1, 0}).optPredictions(new int[] {1, 0}).optWeights(new double[] {0, 1}).build();
        Confusion c = obs.counts().group(0);
        assertUndefined(Rate.TPR.of(c), Reason.ZERO_WEIGHT, "g");
        assertEquals(0.0, Rate.FPR.of(c).value());
    }

    @Test
    void successesAndTrialsOfProportions() {
        Confusion a = Fixtures.twoGroups().counts().group("A");
        assertEquals(3, Rate.TPR.successes(a));
        assertEquals(5, Rate.TPR.trials(a));
        assertEquals(4, Rate.SELECTION_RATE.successes(a));
        assertEquals(10, Rate.SELECTION_RATE.trials(a));
        assertFalse(Rate.BALANCED_ACCURACY.isProportion());
        assertThrows(IllegalStateException.class, () -> Rate.COUNT.trials(a));
    }

    static void assertUndefined(Value v, Reason reason, String group) {
        assertFalse(v.isDefined(), v::toString);
        assertTrue(Double.isNaN(v.value()));
        assertEquals(reason, v.reason());
        assertEquals(group, v.group());
    }
}
