package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Per-class, one-vs-rest rates of a three-class classifier. */
class MulticlassConfusionTest {

    @Test
    void oneVsRestCounts() {
        // Group g: (label, prediction) = (0,0) (0,1) (1,1) (1,2) (2,2) (2,2); group h: (2,0) (1,1).
        int[] group = {0, 0, 0, 0, 0, 0, 1, 1};
        int[] label = {0, 0, 1, 1, 2, 2, 2, 1};
        int[] pred = {0, 1, 1, 2, 2, 2, 0, 1};
        MulticlassConfusion m = new MulticlassConfusion(Groups.of("g", "h"), 3);
        m.update(group, label, pred, null, 0, group.length);
        assertEquals(2, m.count(0, 2, 2));
        // Class 1 in group g: TP (1,1) = 1, FN (1,2) = 1, FP (0,1) = 1, TN = 3.
        Confusion c1 = m.oneVsRest(1).group("g");
        assertEquals(Confusion.of("g", 1, 1, 3, 1), c1);
        assertEquals(0.5, Rate.TPR.of(c1).value());
        assertEquals(0.25, Rate.FPR.of(c1).value());
        // Class 2 in group g: TP 2, FP 1 (1,2), FN 0, TN 3. Class 0 in group h: FP 1 (2,0), TN 1.
        assertEquals(Confusion.of("g", 2, 1, 3, 0), m.oneVsRest(2).group("g"));
        assertEquals(Confusion.of("h", 0, 1, 1, 0), m.oneVsRest(0).group("h"));
        // Every named metric applies per class; class 2 has no positives in h -> TPR gap undefined.
        assertEquals(Reason.NO_POSITIVE_LABELS, FairnessMetric.TPR_GAP.compute(m.oneVsRest(0)).reason());
        MulticlassConfusion twice = m.copy();
        twice.merge(m);
        assertEquals(4, twice.count(0, 2, 2));
        twice.reset();
        assertEquals(0, twice.count(0, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> m.update(new int[] {0}, new int[] {3}, new int[] {0}, null, 0, 1));
    }
}
