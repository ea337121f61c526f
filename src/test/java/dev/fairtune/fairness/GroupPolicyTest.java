package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Strict and omit policies on a hand-checkable fixture with one tiny group that has no negatives. */
class GroupPolicyTest {
    private static final Groups GROUPS = Groups.of("a", "b", "c");

    /** a: FPR 10/40 = 0.25, TPR 8/10; b: FPR 4/32 = 0.125, TPR 6/8; c: 2 positives, no negatives. */
    private static GroupConfusion counts() {
        GroupConfusion c = new GroupConfusion(GROUPS);
        add(c, 0, 8, 10, 30, 2);
        add(c, 1, 6, 4, 28, 2);
        add(c, 2, 1, 0, 0, 1);
        return c;
    }

    private static void add(GroupConfusion c, int g, int tp, int fp, int tn, int fn) {
        for (int i = 0; i < tp; i++) {
            c.add(g, 1, 1);
        }
        for (int i = 0; i < fp; i++) {
            c.add(g, 0, 1);
        }
        for (int i = 0; i < tn; i++) {
            c.add(g, 0, 0);
        }
        for (int i = 0; i < fn; i++) {
            c.add(g, 1, 0);
        }
    }

    @Test
    void strictIsUndefinedWhereAnyGroupIsAndOmitComputesOverTheRest() {
        MetricSpec gap = MetricSpec.of(FairnessMetric.FPR_GAP);
        Value strict = gap.compute(counts(), 0);
        assertFalse(strict.isDefined());
        assertEquals(Reason.NO_NEGATIVE_LABELS, strict.reason());
        assertEquals("c", strict.group());
        assertEquals(List.of(), gap.leftOut(counts()));

        MetricSpec omit = gap.withPolicy(GroupPolicy.omitBelow(30));
        assertEquals(0.25 - 0.125, omit.compute(counts(), 0).value(), 1e-15);
        assertEquals(List.of(new GroupPolicy.LeftOut("c", "2 rows (fewer than 30)")), omit.leftOut(counts()));

        MetricSpec undefinedOnly = gap.withPolicy(GroupPolicy.omitBelow(0));
        assertEquals(0.125, undefinedOnly.compute(counts(), 0).value(), 1e-15);
        assertEquals(List.of(new GroupPolicy.LeftOut("c", "FPR undefined: no negative labels")),
                undefinedOnly.leftOut(counts()));
    }

    @Test
    void aLeftOutGroupCannotBeComparedAndOneGroupIsNoGap() {
        MetricSpec signed = MetricSpec.of(FairnessMetric.EQUAL_OPPORTUNITY_DIFFERENCE, "c")
                .withPolicy(GroupPolicy.omitBelow(30));
        Value v = signed.compute(counts(), 0);
        assertEquals(Reason.GROUP_LEFT_OUT, v.reason());
        assertEquals("c", v.group());
        // b against a is unaffected: TPR 6/8 - 8/10
        assertEquals(0.75 - 0.8, MetricSpec.of(FairnessMetric.EQUAL_OPPORTUNITY_DIFFERENCE, "b")
                .withPolicy(GroupPolicy.omitBelow(30)).compute(counts(), 0).value(), 1e-15);

        MetricSpec big = MetricSpec.of(FairnessMetric.TPR_GAP).withPolicy(GroupPolicy.omitBelow(45));
        assertEquals(Reason.FEWER_THAN_TWO_GROUPS, big.compute(counts(), 0).reason());
        assertEquals(2, big.leftOut(counts()).size(), "b (40 rows) and c (2 rows)");
    }

    @Test
    void theBootstrapFunctionAppliesThePolicyToEachReplicate() {
        CountMetric f = MetricSpec.of(FairnessMetric.FPR_GAP).withPolicy(GroupPolicy.omitBelow(30)).countMetric(GROUPS, 0);
        assertEquals(0.125, f.compute(counts()).value(), 1e-15);
        assertTrue(GroupPolicy.omitBelow(30).describe().contains("fewer than 30 rows"));
    }
}
