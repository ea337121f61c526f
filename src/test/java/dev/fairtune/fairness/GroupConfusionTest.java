package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The counting pass, and that merged batches equal the whole. */
class GroupConfusionTest {
    private static final Groups GROUPS = Groups.of("a", "b", "c", "d", "e");

    @Test
    void countsCellsOfTheFixture() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        assertEquals(3, c.count(0, GroupConfusion.TP));
        assertEquals(1, c.count(0, GroupConfusion.FP));
        assertEquals(4, c.count(0, GroupConfusion.TN));
        assertEquals(2, c.count(0, GroupConfusion.FN));
        assertEquals(8, c.count(1));
        assertEquals(18, c.totalCount());
        assertEquals(Confusion.of("B", 1, 3, 3, 1), c.group("B"));
        assertEquals(Confusion.of("overall", 4, 4, 7, 3), c.overall());
        assertEquals(Confusion.of("A+B", 4, 4, 7, 3), c.pooled("A+B", 0, 1));
        assertTrue(c.isUnweighted());
    }

    @Test
    void mergedBatchesEqualTheWhole() {
        Random random = new Random(3);
        int n = 10_000;
        int[] g = new int[n];
        int[] y = new int[n];
        int[] p = new int[n];
        double[] s = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = random.nextInt(GROUPS.size());
            y[i] = random.nextInt(2);
            p[i] = random.nextInt(2);
            s[i] = random.nextInt(10) / 10.0;
            w[i] = random.nextInt(4) * 0.5;
        }
        for (double[] weight : new double[][] {null, w}) {
            GroupConfusion whole = new GroupConfusion(GROUPS);
            whole.update(g, y, p, weight, 0, n);
            GroupConfusion merged = new GroupConfusion(GROUPS);
            int from = 0;
            while (from < n) {
                int to = Math.min(n, from + 1 + random.nextInt(700));
                GroupConfusion batch = new GroupConfusion(GROUPS);
                batch.update(g, y, p, weight, from, to);
                merged.merge(batch);
                from = to;
            }
            assertSameCounts(whole, merged);
            for (FairnessMetric m : FairnessMetric.values()) {
                Value a = m.needsReference() ? m.compute(whole, 1, 0) : m.compute(whole);
                Value b = m.needsReference() ? m.compute(merged, 1, 0) : m.compute(merged);
                assertEquals(a.value(), b.value(), 1e-12, m.name());
            }
            // Scores with a threshold give the same counts as the predictions they imply.
            int[] implied = new int[n];
            for (int i = 0; i < n; i++) {
                implied[i] = s[i] >= 0.5 ? 1 : 0;
            }
            GroupConfusion fromScores = new GroupConfusion(GROUPS);
            fromScores.updateScores(g, y, s, 0.5, weight, 0, n);
            GroupConfusion fromPredictions = new GroupConfusion(GROUPS);
            fromPredictions.update(g, y, implied, weight, 0, n);
            assertSameCounts(fromPredictions, fromScores);
        }
    }

    @Test
    void copyAndResetAreIndependent() {
        GroupConfusion c = Fixtures.twoGroups().counts();
        GroupConfusion copy = c.copy();
        c.reset();
        assertEquals(0, c.totalCount());
        assertEquals(18, copy.totalCount());
        c.add(1, 1, 1, 2.5);
        assertEquals(1, c.count(1, GroupConfusion.TP));
        assertEquals(2.5, c.weight(1, GroupConfusion.TP));
        assertFalse(c.isUnweighted());
        assertEquals(3, copy.count(0, GroupConfusion.TP));
    }

    @Test
    void badRowsAreNamedAndNothingIsAdded() {
        GroupConfusion c = new GroupConfusion(Groups.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.update(new int[] {0, 2}, new int[] {0, 1}, new int[] {1, 1}));
        assertEquals("row 1: group id 2 is outside 0..1 [a, b]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> c.update(new int[] {0, 1}, new int[] {0, 2}, new int[] {1, 1}));
        assertEquals("row 1: label 2 is not 0 or 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> c.update(new int[] {0, 1}, new int[] {0, 1}, new int[] {-1, 1}));
        assertEquals("row 0: prediction -1 is not 0 or 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> c.update(new int[] {0, 1}, new int[] {0, 1}, new int[] {0, 1}, new double[] {1, Double.NaN}, 0, 2));
        assertEquals("row 1: weight NaN is negative or not finite", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> c.updateScores(new int[] {0, 1}, new int[] {0, 1}, new double[] {Double.NaN, 1}, 0.5, null, 0, 2));
        assertEquals("row 0: score is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.update(new int[] {0, 1}, new int[] {0}, new int[] {0, 1}));
        assertTrue(e.getMessage().startsWith("arrays differ in length"), e.getMessage());
        assertEquals(0, c.totalCount());
        GroupConfusion other = new GroupConfusion(Groups.of("a", "c"));
        assertThrows(IllegalArgumentException.class, () -> c.merge(other));
    }

    static void assertSameCounts(GroupConfusion expected, GroupConfusion actual) {
        for (int g = 0; g < expected.groups().size(); g++) {
            for (int cell = 0; cell < 4; cell++) {
                assertEquals(expected.count(g, cell), actual.count(g, cell));
                assertEquals(expected.weight(g, cell), actual.weight(g, cell), 1e-9);
            }
        }
    }
}
