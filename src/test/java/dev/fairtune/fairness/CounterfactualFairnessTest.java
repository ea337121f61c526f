package dev.fairtune.fairness;

import static dev.fairtune.fairness.CounterfactualFairness.Statistic.FLIP_RATE;
import static dev.fairtune.fairness.CounterfactualFairness.Statistic.MEAN_ABSOLUTE_DIFFERENCE;
import static dev.fairtune.fairness.CounterfactualFairness.Statistic.MEAN_DIFFERENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Counterfactual statistics on a hand-checked fixture; undefined cases; merging; bad pairs. */
class CounterfactualFairnessTest {
    private static final Groups GROUPS = Groups.of("A", "B", "C");
    // A: (0.9, 0.2) flips, (0.6, 0.55) both positive, (0.3, 0.4) both negative.
    // B: (0.7, 0.7) equal, (0.45, 0.55) flips. C: no pairs.
    private static final int[] GROUP = {0, 0, 0, 1, 1};
    private static final double[] SCORE = {0.9, 0.6, 0.3, 0.7, 0.45};
    private static final double[] TWIN = {0.2, 0.55, 0.4, 0.7, 0.55};

    @Test
    void fixtureByGroupAndOverall() {
        CounterfactualFairness c = CounterfactualFairness.of(GROUPS, GROUP, SCORE, TWIN, 0.5);
        // A: |d| = 0.7, 0.05, 0.1; d = 0.7, 0.05, -0.1; one flip of three.
        assertEquals(0.85 / 3, c.get(MEAN_ABSOLUTE_DIFFERENCE, 0).value(), 1e-12);
        assertEquals(0.65 / 3, c.get(MEAN_DIFFERENCE, 0).value(), 1e-12);
        assertEquals(1.0 / 3, c.get(FLIP_RATE, 0).value(), 1e-12);
        // B: |d| = 0, 0.1; d = 0, -0.1; one flip of two.
        assertEquals(0.05, c.get(MEAN_ABSOLUTE_DIFFERENCE, 1).value(), 1e-12);
        assertEquals(-0.05, c.get(MEAN_DIFFERENCE, 1).value(), 1e-12);
        assertEquals(0.5, c.get(FLIP_RATE, 1).value(), 1e-12);
        // All five pairs: |d| sums to 0.95, d to 0.55, two flips.
        assertEquals(0.19, c.get(MEAN_ABSOLUTE_DIFFERENCE).value(), 1e-12);
        assertEquals(0.11, c.get(MEAN_DIFFERENCE).value(), 1e-12);
        assertEquals(0.4, c.get(FLIP_RATE).value(), 1e-12);
        assertEquals(5, c.pairs());
        assertEquals(2, c.flips());
        assertEquals(1, c.flips(1));
        // C has no pairs: undefined, with the reason and the group.
        Value none = c.get(FLIP_RATE, 2);
        assertEquals(Reason.NO_ROWS, none.reason());
        assertEquals("no rows (C)", none.describe());
    }

    @Test
    void scoreAtTheThresholdIsPositive() {
        CounterfactualFairness c = CounterfactualFairness.of(GROUPS, new int[] {0, 0}, new double[] {0.5, 0.5},
                new double[] {0.49, 0.5}, 0.5);
        assertEquals(0.5, c.get(FLIP_RATE).value(), 0);
        assertEquals(1, c.flips());
    }

    @Test
    void weightsAndUndefinedCases() {
        CounterfactualFairness c = new CounterfactualFairness(GROUPS, 0.5);
        assertEquals(Reason.NO_ROWS, c.get(MEAN_ABSOLUTE_DIFFERENCE).reason());
        assertEquals("overall", c.get(MEAN_ABSOLUTE_DIFFERENCE).group());
        // Weight 3 on A's first pair: |d| = (3 * 0.7 + 0.05 + 0.1) / 5 = 0.45; flips 3 / 5.
        c.update(GROUP, SCORE, TWIN, new double[] {3, 1, 1, 0, 0}, 0, 5);
        assertEquals(0.45, c.get(MEAN_ABSOLUTE_DIFFERENCE, 0).value(), 1e-12);
        assertEquals(0.6, c.get(FLIP_RATE, 0).value(), 1e-12);
        assertEquals(Reason.ZERO_WEIGHT, c.get(FLIP_RATE, 1).reason());
        assertEquals(2, c.pairs(1));
    }

    @Test
    void mergedBatchesEqualTheWhole() {
        Random r = new Random(5);
        int n = 5000;
        int[] g = new int[n];
        double[] s = new double[n];
        double[] t = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = r.nextInt(3);
            s[i] = r.nextInt(21) / 20.0;
            t[i] = r.nextInt(21) / 20.0;
            w[i] = r.nextInt(3) * 0.5;
        }
        CounterfactualFairness whole = new CounterfactualFairness(GROUPS, 0.5);
        whole.update(g, s, t, w, 0, n);
        CounterfactualFairness merged = new CounterfactualFairness(GROUPS, 0.5);
        for (int from = 0; from < n; ) {
            int to = Math.min(n, from + 1 + r.nextInt(400));
            CounterfactualFairness batch = new CounterfactualFairness(GROUPS, 0.5);
            batch.update(g, s, t, w, from, to);
            merged.merge(batch.copy());
            from = to;
        }
        for (CounterfactualFairness.Statistic st : CounterfactualFairness.Statistic.values()) {
            assertEquals(whole.get(st).value(), merged.get(st).value(), 1e-12, st.name());
            for (int k = 0; k < 3; k++) {
                assertEquals(whole.get(st, k).value(), merged.get(st, k).value(), 1e-12, st.name());
            }
        }
        assertEquals(whole.flips(), merged.flips());
        merged.reset();
        assertEquals(0, merged.pairs());
    }

    @Test
    void badPairsAreRejectedBeforeAnythingIsAdded() {
        CounterfactualFairness c = new CounterfactualFairness(GROUPS, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.update(
                new int[] {0, 3}, new double[] {0.1, 0.2}, new double[] {0.1, 0.2}, null, 0, 2));
        assertTrue(e.getMessage().contains("pair 1: group id 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.update(
                new int[] {0, 1}, new double[] {0.1, Double.NaN}, new double[] {0.1, 0.2}, null, 0, 2));
        assertTrue(e.getMessage().contains("pair 1: score is NaN"), e.getMessage());
        assertEquals(0, c.pairs());
        assertThrows(IllegalArgumentException.class, () -> c.merge(new CounterfactualFairness(GROUPS, 0.4)));
        assertThrows(IllegalArgumentException.class, () -> new CounterfactualFairness(GROUPS, Double.NaN));
    }

    @Test
    void sumsMadeElsewhereGiveTheSameStatistics() {
        CounterfactualFairness c = CounterfactualFairness.of(GROUPS, GROUP, SCORE, TWIN, 0.5);
        // the fixture's sums by hand, group by group (see fixtureByGroupAndOverall)
        CounterfactualFairness s = CounterfactualFairness.ofSums(GROUPS, 0.5, new long[] {3, 2, 0},
                new long[] {1, 1, 0}, new double[] {3, 2, 0}, new double[] {0.85, 0.65, 1, 0.1, -0.1, 1, 0, 0, 0});
        for (CounterfactualFairness.Statistic st : CounterfactualFairness.Statistic.values()) {
            assertEquals(c.get(st).value(), s.get(st).value(), 1e-12, st.name());
            for (int g = 0; g < 2; g++) {
                assertEquals(c.get(st, g).value(), s.get(st, g).value(), 1e-12, st + " " + g);
            }
            assertEquals(c.get(st, 2).describe(), s.get(st, 2).describe());
        }
        assertEquals(c.flips(), s.flips());
        assertThrows(IllegalArgumentException.class, () -> CounterfactualFairness.ofSums(GROUPS, 0.5,
                new long[] {1, 0, 0}, new long[] {2, 0, 0}, new double[3], new double[9]));
    }
}
