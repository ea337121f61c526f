package dev.fairtune.fairness;

import static dev.fairtune.fairness.RateTest.assertUndefined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Aggregations and combinations on the fixtures of docs/metrics.md. */
class AggregationTest {
    private static final double EPS = 1e-12;

    @Test
    void signedDifferenceAndRatioAgainstReference() {
        GroupConfusion c = Fixtures.twoGroups().counts(); // B vs reference A
        assertEquals(0.3, Aggregation.DIFFERENCE.versus(Rate.FPR, c, 1, 0).value(), EPS); // 1/2 - 1/5
        assertEquals(-0.3, Aggregation.DIFFERENCE.versus(Rate.FPR, c, 0, 1).value(), EPS);
        assertEquals(2.5, Aggregation.RATIO.versus(Rate.FPR, c, 1, 0).value(), EPS);
        assertEquals(0.4, Aggregation.RATIO.versus(Rate.FPR, c, 0, 1).value(), EPS);
        assertEquals(-1.0 / 12, Aggregation.DIFFERENCE.versus(Rate.FOR, c, 1, 0).value(), EPS); // 1/4 - 1/3
        assertEquals(0.0, Aggregation.DIFFERENCE.versus(Rate.TPR, c, 0, 0).value());
    }

    @Test
    void acrossThreeGroups() {
        GroupConfusion c = Fixtures.threeGroups().counts();
        // SR: A 2/5, B 1/2, C 1/5; overall 5/14.
        assertEquals(0.3, Aggregation.MAX_MINUS_MIN.across(Rate.SELECTION_RATE, c).value(), EPS);
        assertEquals(0.4, Aggregation.MIN_OVER_MAX.across(Rate.SELECTION_RATE, c).value(), EPS);
        assertEquals(5.0 / 14 - 0.2, Aggregation.MAX_ABS_TO_OVERALL.across(Rate.SELECTION_RATE, c).value(), EPS);
        assertEquals(0.2 / (5.0 / 14), Aggregation.MIN_RATIO_TO_OVERALL.across(Rate.SELECTION_RATE, c).value(), EPS);
        // TPR: A 3/5, B 1/2, C 2/5; overall 1/2.
        assertEquals(0.2, Aggregation.MAX_MINUS_MIN.across(Rate.TPR, c).value(), EPS);
        assertEquals(2.0 / 3, Aggregation.MIN_OVER_MAX.across(Rate.TPR, c).value(), EPS);
        assertEquals(0.1, Aggregation.MAX_ABS_TO_OVERALL.across(Rate.TPR, c).value(), EPS);
        assertEquals(0.8, Aggregation.MIN_RATIO_TO_OVERALL.across(Rate.TPR, c).value(), EPS);
        // FPR: C's is 0, so both ratios are 0 (defined, not a division by zero).
        assertEquals(0.0, Aggregation.MIN_OVER_MAX.across(Rate.FPR, c).value());
        assertEquals(0.0, Aggregation.MIN_RATIO_TO_OVERALL.across(Rate.FPR, c).value());
        // PPV: A 3/4, B 1/4, C 1; overall 3/5: to-overall ratio min(1/4 / 3/5) = 5/12.
        assertEquals(5.0 / 12, Aggregation.MIN_RATIO_TO_OVERALL.across(Rate.PPV, c).value(), EPS);
    }

    @Test
    void groupsWithoutRowsAreLeftOutButUndefinedRatesPropagate() {
        GroupConfusion c = Fixtures.counts(Groups.of("A", "B", "absent"), Fixtures.A, Fixtures.B, new int[4]);
        assertEquals(0.1, Aggregation.MAX_MINUS_MIN.across(Rate.TPR, c).value(), EPS);
        GroupConfusion noPos = Fixtures.counts(Groups.of("A", "noPos"), Fixtures.A, new int[] {0, 1, 2, 0});
        assertUndefined(Aggregation.MAX_MINUS_MIN.across(Rate.TPR, noPos), Reason.NO_POSITIVE_LABELS, "noPos");
        assertUndefined(Aggregation.DIFFERENCE.versus(Rate.TPR, noPos, 1, 0), Reason.NO_POSITIVE_LABELS, "noPos");
        assertUndefined(Aggregation.DIFFERENCE.versus(Rate.TPR, noPos, 0, 1), Reason.NO_POSITIVE_LABELS, "noPos");
    }

    @Test
    void undefinedAggregates() {
        GroupConfusion one = Fixtures.counts(Groups.of("A", "absent"), Fixtures.A, new int[4]);
        for (Aggregation a : Aggregation.values()) {
            if (!a.needsReference()) {
                assertUndefined(a.across(Rate.TPR, one), Reason.FEWER_THAN_TWO_GROUPS, null);
            }
        }
        assertUndefined(Aggregation.DIFFERENCE.versus(Rate.TPR, one, 0, 1), Reason.NO_ROWS, "absent");
        // Nobody predicted positive: ratios of selection rates divide by 0.
        GroupConfusion none = Fixtures.counts(Groups.of("X", "Y"), new int[] {0, 0, 2, 1}, new int[] {0, 0, 3, 1});
        assertUndefined(Aggregation.MIN_OVER_MAX.across(Rate.SELECTION_RATE, none), Reason.ZERO_DIVISOR, null);
        assertUndefined(Aggregation.MIN_RATIO_TO_OVERALL.across(Rate.SELECTION_RATE, none), Reason.ZERO_DIVISOR, "overall");
        assertUndefined(Aggregation.RATIO.versus(Rate.SELECTION_RATE, none, 0, 1), Reason.ZERO_DIVISOR, "Y");
        assertEquals(0.0, Aggregation.MAX_MINUS_MIN.across(Rate.SELECTION_RATE, none).value());
    }

    @Test
    void combinations() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        // B vs A: FPR +0.3, TPR -0.1.
        assertEquals(0.1, Combination.MEAN.versus(Aggregation.DIFFERENCE, c, 1, 0, Rate.FPR, Rate.TPR).value(), EPS);
        assertEquals(0.2, Combination.MEAN_ABSOLUTE.versus(Aggregation.DIFFERENCE, c, 1, 0, Rate.FPR, Rate.TPR).value(), EPS);
        assertEquals(0.3, Combination.WORST.versus(Aggregation.DIFFERENCE, c, 1, 0, Rate.TPR, Rate.FPR).value(), EPS);
        assertEquals(-0.3, Combination.WORST.versus(Aggregation.DIFFERENCE, c, 0, 1, Rate.TPR, Rate.FPR).value(), EPS);
        // Ratios: the worst is the one furthest from 1.
        assertEquals(0.4, Combination.WORST.combine(Aggregation.MIN_OVER_MAX, List.of(Value.of(5.0 / 6), Value.of(0.4))).value());
        Value undefined = Value.undefined(Reason.NO_ROWS, "x");
        assertEquals(undefined, Combination.MEAN.combine(Aggregation.DIFFERENCE, List.of(Value.of(1), undefined)));
    }

    @Test
    void misuseThrows() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        assertThrows(IllegalStateException.class, () -> Aggregation.DIFFERENCE.across(Rate.TPR, c));
        assertThrows(IllegalStateException.class, () -> Aggregation.MAX_MINUS_MIN.versus(Rate.TPR, c, 1, 0));
    }
}
