package dev.fairtune.mitigation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Batches of example indices stratified by group x label cell, so that every batch looks like the
 * whole training set (or, balanced, gives every cell the same share). Batch-level fairness
 * penalties then see each cell in (nearly) every batch.
 *
 * <p>{@link Mode#PROPORTIONAL} (default): every example appears exactly once per epoch, in {@code
 * ceil(N / b)} batches of size {@code b} (the last one smaller when {@code b} does not divide
 * {@code N}). A batch of size {@code s} holds {@code floor} or {@code ceil} of {@code s n_c / N}
 * examples of cell {@code c}, i.e. strictly within 1 of its proportional share. (Each full batch
 * takes {@code floor(b n_c / N)} of every cell; the remaining slots are dealt round-robin, at most
 * one extra per cell per batch; the last batch's shares are rounded by largest remainder.)
 *
 * <p>{@link Mode#BALANCED}: every batch has size {@code b} and holds {@code floor} or {@code ceil}
 * of {@code b / K} examples of each of the {@code K} non-empty cells (the {@code b mod K} extra
 * slots rotate over the cells). A cell that runs out is reshuffled and reused, so smaller cells
 * repeat; the epoch ends with the batch in which the last cell has been drawn completely once.
 * Every example appears <em>at least</em> once per epoch.
 *
 * <p>Deterministic: the batches depend only on the ids, the batch size, the mode, the seed and the
 * epoch number. Within a batch the order is shuffled; in proportional mode the order of the full
 * batches is shuffled too.
 */
public final class StratifiedBatchSampler {

    /** How cells share a batch. */
    public enum Mode {
        /** Each cell in proportion to its size; every example exactly once per epoch. */
        PROPORTIONAL,
        /** Each cell an equal share; small cells repeat; every example at least once per epoch. */
        BALANCED
    }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final int[][] cells;
    private final int size;
    private final int batchSize;
    private final long seed;
    private final Mode mode;

    private StratifiedBatchSampler(Builder builder) {
        Map<Long, List<Integer>> byCell = new TreeMap<>();
        for (int i = 0; i < builder.groups.length; i++) {
            long key = ((long) builder.groups[i] << 32) | builder.labels[i];
            byCell.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        this.cells = new int[byCell.size()][];
        int c = 0;
        for (List<Integer> members : byCell.values()) {
            cells[c++] = members.stream().mapToInt(Integer::intValue).toArray();
        }
        this.size = builder.groups.length;
        this.batchSize = builder.batchSize;
        this.seed = builder.seed;
        this.mode = builder.mode;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the batches of one epoch.
     *
     * @param epoch the epoch number (0, 1, ...): each epoch has its own order
     * @return batches of example indices
     */
    public List<int[]> epoch(int epoch) {
        SplittableRandom random = new SplittableRandom(seed ^ (GOLDEN * (epoch + 1L)));
        return mode == Mode.PROPORTIONAL ? proportional(random) : balanced(random);
    }

    /**
     * Returns the number of batches per epoch (the same for every epoch).
     *
     * @return the number of batches
     */
    public int numBatches() {
        return mode == Mode.PROPORTIONAL ? (size + batchSize - 1) / batchSize : balancedCounts().size();
    }

    /**
     * Returns the number of group x label cells that have examples.
     *
     * @return K
     */
    public int numCells() {
        return cells.length;
    }

    /**
     * Returns the number of examples.
     *
     * @return N
     */
    public int size() {
        return size;
    }

    /**
     * Returns the batch size.
     *
     * @return b
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Returns the mode.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    private List<int[]> proportional(SplittableRandom random) {
        int k = cells.length;
        int full = size / batchSize;
        int rest = size % batchSize;
        List<int[]> counts = new ArrayList<>();
        if (full == 0) {
            counts.add(cellSizes());
        } else {
            int[] floor = new int[k];
            int dealt = batchSize;
            for (int c = 0; c < k; c++) {
                floor[c] = (int) ((long) batchSize * cells[c].length / size);
                dealt -= floor[c];
            }
            int[] last = rest == 0 ? new int[k] : largestRemainder(rest);
            int[] extra = new int[k];
            long extraTotal = 0;
            for (int c = 0; c < k; c++) {
                extra[c] = cells[c].length - last[c] - full * floor[c];
                if (extra[c] < 0 || extra[c] > full) {
                    throw new IllegalStateException("internal: cell " + c + " needs " + extra[c]
                            + " extra slots over " + full + " batches");
                }
                extraTotal += extra[c];
            }
            if (extraTotal != (long) full * dealt) {
                throw new IllegalStateException("internal: extra slots do not fill the batches");
            }
            for (int j = 0; j < full; j++) {
                counts.add(floor.clone());
            }
            int t = 0;
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < extra[c]; j++) {
                    counts.get(t++ % full)[c]++;
                }
            }
            shuffle(counts, random);
            if (rest > 0) {
                counts.add(last);
            }
        }
        int[][] order = shuffledCells(random);
        int[] cursor = new int[k];
        List<int[]> batches = new ArrayList<>(counts.size());
        for (int[] count : counts) {
            int[] batch = new int[sum(count)];
            int at = 0;
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < count[c]; j++) {
                    batch[at++] = order[c][cursor[c]++];
                }
            }
            shuffle(batch, random);
            batches.add(batch);
        }
        return batches;
    }

    private List<int[]> balanced(SplittableRandom random) {
        int k = cells.length;
        int[][] order = shuffledCells(random);
        int[] cursor = new int[k];
        List<int[]> batches = new ArrayList<>();
        for (int[] count : balancedCounts()) {
            int[] batch = new int[batchSize];
            int at = 0;
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < count[c]; j++) {
                    if (cursor[c] == order[c].length) {
                        shuffle(order[c], random);
                        cursor[c] = 0;
                    }
                    batch[at++] = order[c][cursor[c]++];
                }
            }
            shuffle(batch, random);
            batches.add(batch);
        }
        return batches;
    }

    /** Per-batch cell counts in balanced mode, until every cell has been drawn once in full. */
    private List<int[]> balancedCounts() {
        int k = cells.length;
        int share = batchSize / k;
        int extras = batchSize % k;
        long[] drawn = new long[k];
        int unfinished = k;
        List<int[]> counts = new ArrayList<>();
        for (long b = 0; unfinished > 0; b++) {
            int[] count = new int[k];
            for (int c = 0; c < k; c++) {
                count[c] = share;
            }
            for (int j = 0; j < extras; j++) {
                count[(int) ((b * extras + j) % k)]++;
            }
            for (int c = 0; c < k; c++) {
                boolean wasShort = drawn[c] < cells[c].length;
                drawn[c] += count[c];
                if (wasShort && drawn[c] >= cells[c].length) {
                    unfinished--;
                }
            }
            counts.add(count);
        }
        return counts;
    }

    /** Hamilton apportionment of {@code seats} slots in proportion to the cell sizes. */
    private int[] largestRemainder(int seats) {
        int k = cells.length;
        int[] share = new int[k];
        long[] remainder = new long[k];
        int given = 0;
        for (int c = 0; c < k; c++) {
            long quota = (long) seats * cells[c].length;
            share[c] = (int) (quota / size);
            remainder[c] = quota % size;
            given += share[c];
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            byRemainder.add(c);
        }
        byRemainder.sort((a, b) -> Long.compare(remainder[b], remainder[a]));
        for (int j = 0; j < seats - given; j++) {
            share[byRemainder.get(j)]++;
        }
        return share;
    }

    private int[] cellSizes() {
        int[] sizes = new int[cells.length];
        for (int c = 0; c < cells.length; c++) {
            sizes[c] = cells[c].length;
        }
        return sizes;
    }

    private int[][] shuffledCells(SplittableRandom random) {
        int[][] order = new int[cells.length][];
        for (int c = 0; c < cells.length; c++) {
            order[c] = cells[c].clone();
            shuffle(order[c], random);
        }
        return order;
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    private static void shuffle(List<int[]> values, SplittableRandom random) {
        for (int i = values.size() - 1; i > 0; i--) {
            Collections.swap(values, i, random.nextInt(i + 1));
        }
    }

    /** Builder for {@link StratifiedBatchSampler}: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {

        private int[] groups;
        private int[] labels;
        private int batchSize;
        private long seed;
        private Mode mode = Mode.PROPORTIONAL;

        private Builder() {}

        /**
         * Sets the group id of each example.
         *
         * @param groups non-negative ids, one per example
         * @return this builder
         */
        public Builder setGroups(int[] groups) {
            this.groups = groups.clone();
            return this;
        }

        /**
         * Sets the class label of each example.
         *
         * @param labels non-negative labels, one per example
         * @return this builder
         */
        public Builder setLabels(int[] labels) {
            this.labels = labels.clone();
            return this;
        }

        /**
         * Sets the batch size.
         *
         * @param batchSize {@code b >= 1}
         * @return this builder
         */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the seed (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the mode (default proportional).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Builds the sampler.
         *
         * @return the sampler
         * @throws IllegalArgumentException for missing, empty, mismatched or negative ids, or a
         *     batch size below 1
         */
        public StratifiedBatchSampler build() {
            if (groups == null || labels == null) {
                throw new IllegalArgumentException("setGroups and setLabels are required");
            }
            if (groups.length != labels.length) {
                throw new IllegalArgumentException(
                        "groups and labels must have one entry per example: " + groups.length
                                + " vs " + labels.length);
            }
            if (groups.length == 0) {
                throw new IllegalArgumentException("cannot sample from an empty training set");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException(
                        "setBatchSize(b) with b >= 1 is required, got " + batchSize);
            }
            if (mode == null) {
                throw new IllegalArgumentException("mode must not be null");
            }
            for (int i = 0; i < groups.length; i++) {
                if (groups[i] < 0 || labels[i] < 0) {
                    throw new IllegalArgumentException(
                            "example " + i + " has group " + groups[i] + " and label " + labels[i]
                                    + "; ids must be >= 0");
                }
            }
            return new StratifiedBatchSampler(this);
        }
    }
}
