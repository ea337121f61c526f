package dev.fairtune.train;

import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;

/**
 * The running fairness view of an epoch's training rows: after each micro-batch, its predictions
 * ({@link Predictions#argmax}, the one prediction rule) are added to a {@link GroupConfusion} of the
 * positive class and to the count of correctly classified rows. The monitored metric of a batch
 * record is computed from these counts, so per-batch, per-epoch and validation figures share their
 * definitions. One pass over the B x C logits per micro-batch; no arrays kept.
 *
 * <p>A checkpoint stores {@link #state()}; {@link #restore} merges it back into empty counts.
 */
final class BatchMonitor {

    private final Groups groups;
    private final int[] labels;
    private final int[] groupIds;
    private final int classes;
    private final int positive;
    private GroupConfusion counts;
    private long correct;
    private long rows;

    /**
     * A monitor of training rows with these labels and group ids.
     *
     * @param classes the number of classes (columns of the logits)
     * @param positive the positive class
     */
    BatchMonitor(Groups groups, int[] labels, int[] groupIds, int classes, int positive) {
        this.groups = groups;
        this.labels = labels;
        this.groupIds = groupIds;
        this.classes = classes;
        this.positive = positive;
        this.counts = new GroupConfusion(groups);
    }

    /** What a checkpoint keeps: the counts and the accuracy tally of the epoch so far. */
    record State(long[] counts, long correct, long rows) {}

    /** Adds the micro-batch of rows {@code idx}, whose logits are {@code logits} (row-major, B x C). */
    void add(int[] idx, float[] logits) {
        int n = idx.length;
        int[] g = new int[n];
        int[] y = new int[n];
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            int predicted = Predictions.argmax(logits, i * classes, classes);
            int label = labels[idx[i]];
            correct += predicted == label ? 1 : 0;
            g[i] = groupIds[idx[i]];
            y[i] = label == positive ? 1 : 0;
            p[i] = predicted == positive ? 1 : 0;
        }
        rows += n;
        counts.update(g, y, p, null, 0, n);
    }

    /** The counts so far (live; copy to keep). */
    GroupConfusion counts() {
        return counts;
    }

    /** Share of the rows so far whose predicted class is the label; NaN before the first row. */
    double accuracy() {
        return rows == 0 ? Double.NaN : (double) correct / rows;
    }

    /** Starts a new epoch. */
    void reset() {
        counts = new GroupConfusion(groups);
        correct = 0;
        rows = 0;
    }

    /** The state to checkpoint. */
    State state() {
        return new State(counts.cellCounts(), correct, rows);
    }

    /** Replaces the counts with a checkpointed state. */
    void restore(State state) {
        reset();
        counts.merge(GroupConfusion.ofCounts(groups, state.counts()));
        correct = state.correct();
        rows = state.rows();
    }
}
