package dev.fairtune.mitigation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReweighingTest {

    /**
     * <pre>
     *            y=0  y=1 | n(g)
     *   g=0       3    1  |  4
     *   g=1       1    3  |  4
     *   n(y)      4    4  |  N = 8
     * w(0,0) = 4*4/(8*3) = 2/3   w(0,1) = 4*4/(8*1) = 2
     * w(1,0) = 2                 w(1,1) = 2/3
     * weighted P(y=1 | g=0) = 1*2 / (3*2/3 + 1*2) = 1/2 = P(y=1); same for g=1.
     * </pre>
     */
    @Test
    void twoByTwoTableByHand() {
        int[] groups = {0, 0, 0, 0, 1, 1, 1, 1};
        int[] labels = {0, 0, 0, 1, 0, 1, 1, 1};
        Reweighing reweighing = Reweighing.fit(groups, labels, 2, 2);
        assertEquals(2.0 / 3, reweighing.weight(0, 0), 1e-15);
        assertEquals(2.0, reweighing.weight(0, 1), 1e-15);
        assertEquals(2.0, reweighing.weight(1, 0), 1e-15);
        assertEquals(2.0 / 3, reweighing.weight(1, 1), 1e-15);
        double[] w = reweighing.weights(groups, labels);
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3, 2.0 / 3, 2, 2, 2.0 / 3, 2.0 / 3, 2.0 / 3}, w, 1e-15);
        assertEquals(8.0, sum(w), 1e-12);
        assertEquals(0.5, weightedRate(groups, labels, w, 0, 1), 1e-15);
        assertEquals(0.5, weightedRate(groups, labels, w, 1, 1), 1e-15);
        assertTrue(reweighing.equalisesBaseRates());
        assertEquals(3, reweighing.count(0, 0));
        assertEquals(8, reweighing.total());
    }

    /**
     * Three groups of different sizes: counts (y=0, y=1) = (5, 1), (2, 2), (1, 3); N = 14,
     * n(y=1) = 6, so every group's weighted positive rate must be 6/14 = 3/7.
     * w(2, 1) = n(g=2) n(y=1) / (N n(2, 1)) = 4 * 6 / (14 * 3) = 4/7.
     */
    @Test
    void weightedBaseRatesBecomeEqualAcrossGroups() {
        int[] groups = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
        int[] labels = {0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1};
        Reweighing reweighing = Reweighing.fit(groups, labels, 3, 2);
        assertEquals(4.0 / 7, reweighing.weight(2, 1), 1e-15);
        assertEquals(6.0 * 8 / (14 * 5), reweighing.weight(0, 0), 1e-15);
        double[] w = reweighing.weights(groups, labels);
        for (int g = 0; g < 3; g++) {
            assertEquals(3.0 / 7, weightedRate(groups, labels, w, g, 1), 1e-12, "group " + g);
        }
        // Unweighted they differ: 1/6, 1/2, 3/4.
        double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertEquals(1.0 / 6, weightedRate(groups, labels, ones, 0, 1), 1e-15);
        assertEquals(14.0, sum(w), 1e-12);
    }

    @Test
    void undefinedCellsAreNanWithAReason() {
        // Group 1 has only label 0; group 2 is declared but empty.
        int[] groups = {0, 0, 0, 1, 1};
        int[] labels = {0, 1, 1, 0, 0};
        Reweighing reweighing = Reweighing.fit(groups, labels, 3, 2);
        assertTrue(Double.isNaN(reweighing.weight(1, 1)));
        assertTrue(reweighing.undefinedReason(1, 1).orElseThrow().contains("no example with label 1"));
        assertTrue(reweighing.undefinedReason(2, 0).orElseThrow().contains("group 2 has no examples"));
        assertTrue(reweighing.undefinedReason(0, 0).isEmpty());
        assertFalse(reweighing.equalisesBaseRates());
        // Training examples never fall in an undefined cell ...
        assertEquals(5, reweighing.weights(groups, labels).length);
        // ... but other data may.
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> reweighing.weights(new int[] {1}, new int[] {1}));
        assertTrue(error.getMessage().contains("no example with label 1"), error.getMessage());

        // An empty declared group alone does not prevent equalisation.
        assertTrue(Reweighing.fit(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, 3, 2).equalisesBaseRates());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Reweighing.fit(new int[0], new int[0], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Reweighing.fit(new int[] {0}, new int[] {0, 1}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Reweighing.fit(new int[] {2}, new int[] {0}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Reweighing.fit(new int[] {0}, new int[] {-1}, 2, 2));
        Reweighing reweighing = Reweighing.fit(new int[] {0, 1}, new int[] {0, 1}, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> reweighing.weight(2, 0));
    }

    private static double weightedRate(int[] groups, int[] labels, double[] w, int group, int label) {
        double hit = 0;
        double all = 0;
        for (int i = 0; i < groups.length; i++) {
            if (groups[i] == group) {
                all += w[i];
                if (labels[i] == label) {
                    hit += w[i];
                }
            }
        }
        return hit / all;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }
}
