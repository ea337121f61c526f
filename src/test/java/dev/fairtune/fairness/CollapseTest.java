package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Collapse to one predicted class, overall and within a group, on counts small enough to check by hand. */
class CollapseTest {
    private static final Groups AB = Groups.of(List.of("a", "b"));

    @Test
    void allNegativePredictionsAreCollapsedHoweverFairTheGapsLook() {
        // 4 rows, both labels in each group, every prediction 0: TPR = FPR = 0 everywhere
        GroupConfusion c = GroupConfusion.of(AB, new int[] {0, 0, 1, 1}, new int[] {1, 0, 1, 0}, new int[] {0, 0, 0, 0});
        Collapse k = Collapse.of(c);
        assertTrue(k.collapsed());
        assertEquals(0.0, k.positiveShare());
        assertEquals("predicts the negative class for 100.0% of all rows", k.reason());
        assertEquals(List.of("a", "b"), k.collapsedGroups());
        assertEquals(0.0, FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.compute(c).value(), "the gap a collapse hides");
    }

    @Test
    void aGroupWithBothLabelsAndOnePredictionIsCollapsedOneWithOneLabelIsNot() {
        // group a: labels 1, 0 and predictions 1, 1 (both labels, one prediction); group b: labels 0, 0, predictions 0, 0
        GroupConfusion c = GroupConfusion.of(AB, new int[] {0, 0, 1, 1}, new int[] {1, 0, 0, 0}, new int[] {1, 1, 0, 0});
        Collapse k = Collapse.of(c);
        assertEquals(0.5, k.positiveShare());
        assertEquals(List.of("a"), k.collapsedGroups());
        assertEquals("predicts (nearly) one class within group a, whose labels hold both classes", k.reason());
    }

    @Test
    void nearlyOneClassCountsBelowTheLeastShare() {
        // 200 rows in one group, labels alternate; 1 positive prediction: share 0.5% < 1%
        int n = 200;
        int[] g = new int[n];
        int[] y = new int[n];
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        p[0] = 1;
        GroupConfusion c = GroupConfusion.of(Groups.of(List.of("all")), g, y, p);
        assertTrue(Collapse.of(c).collapsed());
        assertEquals(0.005, Collapse.of(c).positiveShare(), 1e-12);
        assertFalse(Collapse.of(c, 0.004).collapsed(), "0.5% is above a least share of 0.4%");
        p[1] = 1;
        p[2] = 1;
        assertFalse(Collapse.of(GroupConfusion.of(Groups.of(List.of("all")), g, y, p)).collapsed(), "1.5% of rows");
        assertThrows(IllegalArgumentException.class, () -> Collapse.of(c, 0.6));
    }

    @Test
    void noRowsIsNotACollapse() {
        Collapse k = Collapse.of(new GroupConfusion(AB));
        assertFalse(k.collapsed());
        assertTrue(Double.isNaN(k.positiveShare()));
    }
}
