package dev.fairtune.fairness;

import java.util.stream.IntStream;

/**
 * Scores sorted ascending together with an int payload per row, by an LSD radix sort on
 * order-preserving 64-bit keys: one pass builds all digit histograms, then one scatter pass per
 * 11-bit digit, skipping digits that are equal in every key (linear time, about six passes). Equal
 * scores have equal keys, so ties are runs of equal keys; -0.0 is taken as 0.0.
 *
 * <p>From {@value #PARALLEL_ROWS} rows on, each pass runs on the cores in contiguous chunks of the
 * rows: every chunk counts the pass's digit over the rows it holds, and chunk t writes the rows with
 * digit v after those of chunks 0 .. t-1 with that digit. The sort stays stable, so the result is the same array, bit for
 * bit, whatever the number of chunks.
 */
final class ScoreOrder {
    private static final int BITS = 11;
    private static final int RADIX = 1 << BITS;
    private static final int DIGITS = (64 + BITS - 1) / BITS;
    /** Rows from which the passes run in parallel chunks. */
    static final int PARALLEL_ROWS = 1 << 20;

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
        int chunks = score.length < PARALLEL_ROWS ? 1 : Math.min(8, Runtime.getRuntime().availableProcessors());
        return of(score, payload, chunks);
    }

    /** The sort in {@code chunks} chunks (1: on this thread only). */
    static ScoreOrder of(double[] score, int[] payload, int chunks) {
        int n = score.length;
        int[] bound = new int[chunks + 1];
        for (int t = 0; t <= chunks; t++) {
            bound[t] = (int) ((long) n * t / chunks);
        }
        long[] unsorted = new long[n];
        int[] p = payload.clone();
        int[][][] count = new int[chunks][DIGITS][RADIX];
        int[] nan = new int[chunks];
        // one chunk: the histograms of all digits, which no permutation changes; several: digit 0's,
        // and each later digit is counted per chunk just before its pass
        int counted = chunks == 1 ? DIGITS : 1;
        each(chunks, t -> {
            int[][] c = count[t];
            nan[t] = -1;
            for (int i = bound[t]; i < bound[t + 1]; i++) {
                double s = score[i];
                if (s != s) {
                    nan[t] = i;
                    return;
                }
                long b = Double.doubleToRawLongBits(s + 0.0);
                long key = b ^ ((b >> 63) | Long.MIN_VALUE);
                unsorted[i] = key;
                for (int d = 0; d < counted; d++) {
                    c[d][(int) ((key >>> (d * BITS)) & (RADIX - 1))]++;
                }
            }
        });
        for (int row : nan) {
            if (row >= 0) {
                throw new IllegalArgumentException("row " + row + ": score is NaN");
            }
        }
        long[] k = unsorted;
        long[] k2 = new long[n];
        int[] p2 = new int[n];
        for (int d = 0; d < DIGITS; d++) {
            int shift = d * BITS;
            int digit = d;
            if (d >= counted) {
                long[] src = k;
                each(chunks, t -> {
                    int[] c = count[t][digit];
                    for (int i = bound[t]; i < bound[t + 1]; i++) {
                        c[(int) ((src[i] >>> shift) & (RADIX - 1))]++;
                    }
                });
            }
            if (n == 0 || allEqual(count, digit, (int) ((k[0] >>> shift) & (RADIX - 1)), n)) {
                continue;
            }
            int sum = 0;
            for (int v = 0; v < RADIX; v++) {
                for (int t = 0; t < chunks; t++) {
                    int m = count[t][digit][v];
                    count[t][digit][v] = sum;
                    sum += m;
                }
            }
            long[] srcK = k;
            int[] srcP = p;
            long[] dstK = k2;
            int[] dstP = p2;
            each(chunks, t -> {
                int[] at = count[t][digit];
                for (int i = bound[t]; i < bound[t + 1]; i++) {
                    long key = srcK[i];
                    int pos = at[(int) ((key >>> shift) & (RADIX - 1))]++;
                    dstK[pos] = key;
                    dstP[pos] = srcP[i];
                }
            });
            k2 = srcK;
            k = dstK;
            p2 = srcP;
            p = dstP;
        }
        return new ScoreOrder(k, p);
    }

    /** Whether every key has value {@code v} in digit {@code d}. */
    private static boolean allEqual(int[][][] count, int d, int v, int n) {
        long rows = 0;
        for (int[][] c : count) {
            rows += c[d][v];
        }
        return rows == n;
    }

    private interface Chunk {
        void run(int t);
    }

    /** Runs chunk 0 .. chunks-1, in parallel when there is more than one. */
    private static void each(int chunks, Chunk chunk) {
        if (chunks == 1) {
            chunk.run(0);
        } else {
            IntStream.range(0, chunks).parallel().forEach(chunk::run);
        }
    }
}
