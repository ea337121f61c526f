package dev.fairtune.fairness;

/**
 * Scores sorted ascending together with an int payload per row, by an LSD radix sort on
 * order-preserving 64-bit keys: one pass builds all digit histograms, then one scatter pass per
 * 11-bit digit, skipping digits that are equal in every key (linear time, about six passes). Equal
 * scores have equal keys, so ties are runs of equal keys; -0.0 is taken as 0.0.
 */
final class ScoreOrder {
    private static final int BITS = 11;
    private static final int RADIX = 1 << BITS;
    private static final int DIGITS = (64 + BITS - 1) / BITS;

    /** Sorted keys; {@code keys[i] == keys[j]} exactly when the scores are equal. */
    final long[] keys;
    /** The payload of the row with the i-th smallest score. */
    final int[] payload;

    private ScoreOrder(long[] keys, int[] payload) {
        this.keys = keys;
        this.payload = payload;
    }

    /**
     * Sorts the rows by score, carrying {@code payload[i]} with row i (the array is not changed).
     *
     * @throws IllegalArgumentException naming the row of a NaN score
     */
    static ScoreOrder of(double[] score, int[] payload) {
        int n = score.length;
        long[] k = new long[n];
        int[] p = payload.clone();
        int[][] count = new int[DIGITS][RADIX];
        for (int i = 0; i < n; i++) {
            double s = score[i];
            if (s != s) {
                throw new IllegalArgumentException("row " + i + ": score is NaN");
            }
            long b = Double.doubleToRawLongBits(s + 0.0);
            long key = b ^ ((b >> 63) | Long.MIN_VALUE);
            k[i] = key;
            for (int d = 0; d < DIGITS; d++) {
                count[d][(int) ((key >>> (d * BITS)) & (RADIX - 1))]++;
            }
        }
        long[] k2 = new long[n];
        int[] p2 = new int[n];
        for (int d = 0; d < DIGITS; d++) {
            int[] c = count[d];
            if (n == 0 || c[(int) ((k[0] >>> (d * BITS)) & (RADIX - 1))] == n) {
                continue;
            }
            int sum = 0;
            for (int v = 0; v < RADIX; v++) {
                int t = c[v];
                c[v] = sum;
                sum += t;
            }
            int shift = d * BITS;
            for (int i = 0; i < n; i++) {
                long key = k[i];
                int pos = c[(int) ((key >>> shift) & (RADIX - 1))]++;
                k2[pos] = key;
                p2[pos] = p[i];
            }
            long[] tk = k;
            k = k2;
            k2 = tk;
            int[] tp = p;
            p = p2;
            p2 = tp;
        }
        return new ScoreOrder(k, p);
    }
}
