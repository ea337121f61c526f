package dev.fairtune.mitigation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.mitigation.StratifiedBatchSampler.Mode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StratifiedBatchSamplerTest {

    /** Cells (g, y) of sizes 50, 30, 15, 8: N = 103. */
    private static int[][] ids() {
        int[] sizes = {50, 30, 15, 8};
        int[] groups = new int[103];
        int[] labels = new int[103];
        int at = 0;
        for (int c = 0; c < 4; c++) {
            for (int j = 0; j < sizes[c]; j++) {
                groups[at] = c / 2;
                labels[at] = c % 2;
                at++;
            }
        }
        return new int[][] {groups, labels};
    }

    private static StratifiedBatchSampler sampler(int[][] ids, int batchSize, long seed, Mode mode) {
        return StratifiedBatchSampler.builder()
                .setGroups(ids[0]).setLabels(ids[1]).setBatchSize(batchSize).optSeed(seed).optMode(mode).build();
    }

    @Test
    void proportionalBatchesCoverEveryIndexOnceWithinOneOfTheirShare() {
        int[][] ids = ids();
        StratifiedBatchSampler sampler = sampler(ids, 10, 42, Mode.PROPORTIONAL);
        List<int[]> batches = sampler.epoch(0);
        assertEquals(11, batches.size());
        assertEquals(11, sampler.numBatches());
        assertEquals(4, sampler.numCells());
        assertEquals(3, batches.get(10).length);
        // Shares for a batch of 10: 4.85, 2.91, 1.46, 0.78 -> counts 4-5, 2-3, 1-2, 0-1.
        checkProportional(ids, batches);
    }

    @Test
    void proportionalInvariantsHoldOnManyRandomConfigurations() {
        Random random = new Random(2024);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(300);
            int numGroups = 1 + random.nextInt(4);
            int numLabels = 1 + random.nextInt(3);
            int[][] ids = new int[2][n];
            double skew = random.nextDouble();
            for (int i = 0; i < n; i++) {
                ids[0][i] = random.nextDouble() < skew ? 0 : random.nextInt(numGroups);
                ids[1][i] = random.nextInt(numLabels);
            }
            int batchSize = 1 + random.nextInt(40);
            StratifiedBatchSampler sampler = sampler(ids, batchSize, trial, Mode.PROPORTIONAL);
            List<int[]> batches = sampler.epoch(trial % 3);
            assertEquals(sampler.numBatches(), batches.size());
            for (int b = 0; b < batches.size() - 1; b++) {
                assertEquals(Math.min(batchSize, n), batches.get(b).length);
            }
            checkProportional(ids, batches);
        }
    }

    @Test
    void deterministicUnderTheSeedAndDifferentAcrossEpochsAndSeeds() {
        int[][] ids = ids();
        List<int[]> first = sampler(ids, 10, 42, Mode.PROPORTIONAL).epoch(3);
        List<int[]> again = sampler(ids, 10, 42, Mode.PROPORTIONAL).epoch(3);
        assertTrue(same(first, again));
        assertFalse(same(first, sampler(ids, 10, 42, Mode.PROPORTIONAL).epoch(4)));
        assertFalse(same(first, sampler(ids, 10, 43, Mode.PROPORTIONAL).epoch(3)));
        assertTrue(same(sampler(ids, 7, 1, Mode.BALANCED).epoch(0), sampler(ids, 7, 1, Mode.BALANCED).epoch(0)));
        assertFalse(same(sampler(ids, 7, 1, Mode.BALANCED).epoch(0), sampler(ids, 7, 1, Mode.BALANCED).epoch(1)));
    }

    @Test
    void balancedBatchesGiveEveryCellAnEqualShareAndCoverEveryIndex() {
        int[][] ids = ids();
        for (int batchSize : new int[] {3, 8, 10, 16}) {
            StratifiedBatchSampler sampler = sampler(ids, batchSize, 9, Mode.BALANCED);
            List<int[]> batches = sampler.epoch(0);
            assertEquals(sampler.numBatches(), batches.size());
            int[] seen = new int[103];
            for (int[] batch : batches) {
                assertEquals(batchSize, batch.length);
                int[] perCell = new int[4];
                for (int i : batch) {
                    seen[i]++;
                    perCell[2 * ids[0][i] + ids[1][i]]++;
                }
                for (int c = 0; c < 4; c++) {
                    assertTrue(Math.abs(perCell[c] - batchSize / 4.0) < 1, "cell " + c + ": " + perCell[c]);
                }
            }
            for (int i = 0; i < 103; i++) {
                assertTrue(seen[i] >= 1, "index " + i + " never drawn");
            }
        }
        // b = 10, K = 4: 2 or 3 per cell per batch, the 50-example cell needs ~20 batches.
        assertEquals(20, sampler(ids, 10, 9, Mode.BALANCED).numBatches());
    }

    @Test
    void smallAndExactCases() {
        int[][] ids = {{0, 1, 0, 1, 0}, {0, 0, 1, 1, 0}};
        List<int[]> one = sampler(ids, 8, 1, Mode.PROPORTIONAL).epoch(0);
        assertEquals(1, one.size());
        assertEquals(5, one.get(0).length);
        List<int[]> singles = sampler(ids, 1, 1, Mode.PROPORTIONAL).epoch(0);
        assertEquals(5, singles.size());
        checkProportional(ids, singles);
        List<int[]> exact = sampler(ids, 5, 1, Mode.PROPORTIONAL).epoch(0);
        assertEquals(1, exact.size());
        assertThrows(IllegalArgumentException.class, () -> sampler(ids, 0, 1, Mode.PROPORTIONAL));
        assertThrows(IllegalArgumentException.class, () -> StratifiedBatchSampler.builder()
                .setGroups(new int[] {0}).setLabels(new int[] {0, 1}).setBatchSize(1).build());
        assertThrows(IllegalArgumentException.class, () -> StratifiedBatchSampler.builder()
                .setGroups(new int[] {-1}).setLabels(new int[] {0}).setBatchSize(1).build());
    }

    /** Every index exactly once; each cell's count in each batch strictly within 1 of its share. */
    private static void checkProportional(int[][] ids, List<int[]> batches) {
        int n = ids[0].length;
        int[] seen = new int[n];
        Map<Long, Integer> cellSize = new HashMap<>();
        for (int i = 0; i < n; i++) {
            cellSize.merge(key(ids, i), 1, Integer::sum);
        }
        for (int[] batch : batches) {
            Map<Long, Integer> inBatch = new HashMap<>();
            for (int i : batch) {
                seen[i]++;
                inBatch.merge(key(ids, i), 1, Integer::sum);
            }
            for (Map.Entry<Long, Integer> cell : cellSize.entrySet()) {
                double expected = (double) batch.length * cell.getValue() / n;
                int actual = inBatch.getOrDefault(cell.getKey(), 0);
                assertTrue(Math.abs(actual - expected) < 1,
                        "cell " + cell.getKey() + ": " + actual + " in a batch of " + batch.length
                                + ", expected " + expected);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen[i], "index " + i);
        }
    }

    private static long key(int[][] ids, int i) {
        return ((long) ids[0][i] << 32) | ids[1][i];
    }

    private static boolean same(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
