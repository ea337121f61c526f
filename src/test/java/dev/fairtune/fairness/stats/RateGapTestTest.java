package dev.fairtune.fairness.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fairtune.fairness.Confusion;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Reason;
import org.junit.jupiter.api.Test;

/** Two-proportion z and Fisher's exact tests with hand-worked values. */
class RateGapTestTest {

    private static GroupConfusion counts(long[] a, long[] b) {
        GroupConfusion c = new GroupConfusion(Groups.of("g", "r"));
        long[][] cells = {a, b};
        for (int g = 0; g < 2; g++) {
            // cells: TP, FP, TN, FN
            for (int k = 0; k < cells[g][0]; k++) {
                c.add(g, 1, 1);
            }
            for (int k = 0; k < cells[g][1]; k++) {
                c.add(g, 0, 1);
            }
            for (int k = 0; k < cells[g][2]; k++) {
                c.add(g, 0, 0);
            }
            for (int k = 0; k < cells[g][3]; k++) {
                c.add(g, 1, 0);
            }
        }
        return c;
    }

    @Test
    void zTestOnLargeCounts() {
        // Selection rate: g 60 of 100, r 40 of 100. Pooled p = 0.5, se = sqrt(0.25 * 0.02) = 0.0707107,
        // z = 0.2 / 0.0707107 = 2.828427, two-sided p = 0.0046777.
        GroupConfusion c = counts(new long[] {30, 30, 20, 20}, new long[] {20, 20, 30, 30});
        RateGapResult r = RateGapTest.test(c, Rate.SELECTION_RATE, 0, 1);
        assertEquals(RateGapTest.Method.TWO_PROPORTION_Z, r.method());
        assertEquals(60, r.groupSuccesses());
        assertEquals(100, r.groupTrials());
        assertEquals(0.2, r.difference().value(), 1e-12);
        assertEquals(2.8284271247461903, r.z().value(), 1e-9);
        assertEquals(0.004677734981047, r.pValue().value(), 1e-9);
    }

    @Test
    void fisherOnSmallCounts() {
        // TPR: g 3 of 3 positives found, r 1 of 4. Table [[3, 0], [1, 3]], N = 7, 4 successes, 3 drawn.
        // P(X = k) = C(4,k) C(3,3-k) / C(7,3): k=0 1/35, 1 12/35, 2 18/35, 3 4/35.
        // Two-sided: tables no more likely than 4/35: k = 0 and 3, p = 5/35.
        GroupConfusion c = counts(new long[] {3, 0, 1, 0}, new long[] {1, 0, 1, 3});
        RateGapResult r = RateGapTest.test(c, Rate.TPR, 0, 1);
        assertEquals(RateGapTest.Method.FISHER_EXACT, r.method());
        assertEquals(0.75, r.difference().value(), 1e-12);
        assertEquals(5.0 / 35, r.pValue().value(), 1e-12);
        assertEquals(4, r.referenceTrials());
        RateGapResult z = RateGapTest.test(c, Rate.TPR, 0, 1, RateGapTest.Method.TWO_PROPORTION_Z);
        assertEquals(RateGapTest.Method.TWO_PROPORTION_Z, z.method());
    }

    @Test
    void undefinedCases() {
        GroupConfusion c = counts(new long[] {0, 2, 2, 0}, new long[] {1, 0, 1, 3});
        RateGapResult r = RateGapTest.test(c, Rate.TPR, 0, 1);
        assertEquals(Reason.NO_POSITIVE_LABELS, r.pValue().reason());
        assertEquals(Reason.NO_POSITIVE_LABELS, r.difference().reason());
        // Both groups select no one: pooled proportion 0, z has no standard error.
        GroupConfusion none = counts(new long[] {0, 0, 5, 5}, new long[] {0, 0, 6, 4});
        RateGapResult z = RateGapTest.test(none, Rate.SELECTION_RATE, 0, 1, RateGapTest.Method.TWO_PROPORTION_Z);
        assertEquals(Reason.ZERO_VARIANCE, z.pValue().reason());
        RateGapResult f = RateGapTest.test(none, Rate.SELECTION_RATE, 0, 1);
        assertEquals(1.0, f.pValue().value(), 1e-12);
        assertFalse(f.z().isDefined());
        assertThrows(IllegalArgumentException.class, () -> RateGapTest.test(none, Rate.BALANCED_ACCURACY, 0, 1));
        Confusion unused = none.group(0);
        assertEquals(10, unused.count());
    }
}
