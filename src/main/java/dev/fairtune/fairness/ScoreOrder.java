package dev.fairtune.fairness;

/**
 * Rows sorted by score, ascending, by an LSD radix sort on order-preserving 64-bit keys (linear
 * time; passes whose byte is equal in every key are skipped). Equal scores have equal keys, so ties
 * are runs of equal keys; -0.0 is taken as 0.0.
 */
final class ScoreOrder {
    /** Sorted keys; {@code keys[i] == keys[j]} exactly when the scores are equal. */
    final long[] keys;
    /** {@code rows[i]} is the row with the i-th smallest score. */
    final int[] rows;

    private ScoreOrder(long[] keys, int[] rows) {
        this.keys = keys;
        this.rows = rows;
    }

    /**
     * Sorts the rows by score.
     *
     * @throws IllegalArgumentException naming the row of a NaN score
     */
    static ScoreOrder of(double[] score) {
        int n = score.length;
        long[] k = new long[n];
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            double s = score[i];
            if (s != s) {
                throw new IllegalArgumentException("row " + i + ": score is NaN");
            }
            long b = Double.doubleToRawLongBits(s + 0.0);
            k[i] = b ^ ((b >> 63) | Long.MIN_VALUE);
            r[i] = i;
        }
        long[] k2 = new long[n];
        int[] r2 = new int[n];
        int[] start = new int[257];
        for (int shift = 0; shift < 64; shift += 8) {
            java.util.Arrays.fill(start, 0);
            for (int i = 0; i < n; i++) {
                start[(int) ((k[i] >>> shift) & 0xFF) + 1]++;
            }
            boolean trivial = false;
            for (int d = 1; d <= 256; d++) {
                if (start[d] == n) {
                    trivial = true;
                    break;
                }
            }
            if (trivial) {
                continue;
            }
            for (int d = 1; d <= 256; d++) {
                start[d] += start[d - 1];
            }
            for (int i = 0; i < n; i++) {
                int pos = start[(int) ((k[i] >>> shift) & 0xFF)]++;
                k2[pos] = k[i];
                r2[pos] = r[i];
            }
            long[] tk = k;
            k = k2;
            k2 = tk;
            int[] tr = r;
            r = r2;
            r2 = tr;
        }
        return new ScoreOrder(k, r);
    }
}
