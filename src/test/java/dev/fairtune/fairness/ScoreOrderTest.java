package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The radix sort against a stable comparison sort, on one thread and in parallel chunks. */
class ScoreOrderTest {

    /** Scores with many ties, both zeros, negatives, infinities and extremes; payload = row index. */
    private static double[] scores(int n, long seed) {
        Random r = new Random(seed);
        double[] s = new double[n];
        double[] special = {0.0, -0.0, -1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MAX_VALUE, 1e-300};
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            s[i] = kind == 0 ? special[r.nextInt(special.length)]
                    : kind < 4 ? Math.round(r.nextDouble() * 100) / 100.0 // ties
                    : kind < 6 ? -r.nextDouble() * 1e6 : r.nextDouble();
        }
        return s;
    }

    /** Row indices in ascending score order, ties in row order, -0.0 equal to 0.0. */
    private static int[] expected(double[] s) {
        Integer[] rows = new Integer[s.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        Arrays.sort(rows, Comparator.comparingDouble(i -> s[i] + 0.0)); // stable
        return Arrays.stream(rows).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sortsStablyOnOneThreadAndInChunks() {
        double[] s = scores(20_000, 5);
        int[] rows = new int[s.length];
        Arrays.setAll(rows, i -> i);
        int[] want = expected(s);
        for (int chunks : new int[] {1, 2, 3, 7}) {
            ScoreOrder order = ScoreOrder.of(s, rows, chunks);
            assertArrayEquals(want, order.payload, "payload order with " + chunks + " chunks");
            for (int i = 1; i < s.length; i++) {
                boolean equal = s[want[i]] + 0.0 == s[want[i - 1]] + 0.0;
                assertEquals(equal, order.keys[i] == order.keys[i - 1], "ties are equal keys, at " + i);
            }
        }
        assertArrayEquals(want, ScoreOrder.of(s, rows).payload);
    }

    @Test
    void chunksMayBeEmpty() {
        double[] s = {0.3, 0.1, 0.2};
        assertArrayEquals(new int[] {1, 2, 0}, ScoreOrder.of(s, new int[] {0, 1, 2}, 5).payload);
        assertEquals(0, ScoreOrder.of(new double[0], new int[0], 2).payload.length);
    }

    @Test
    void namesTheFirstNaNRowWhateverTheChunks() {
        double[] s = scores(1000, 9);
        s[611] = Double.NaN;
        s[905] = Double.NaN;
        for (int chunks : new int[] {1, 4}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScoreOrder.of(s, new int[s.length], chunks));
            assertEquals("row 611: score is NaN", e.getMessage());
        }
    }
}
