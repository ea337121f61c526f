package dev.fairtune.fairness;

/**
 * Row-level predictions a user already has: a group id, a binary label, and a binary prediction
 * and/or a score per row, with optional sample weights. Count metrics need only the
 * {@link #counts()}; score metrics, the bootstrap and the permutation test read the rows.
 *
 * <p>Arrays are not copied: do not modify them after {@link Builder#build()}.
 */
public final class Observations {
    private final Groups groups;
    private final int[] group;
    private final int[] label;
    private final int[] prediction;
    private final double[] score;
    private final double threshold;
    private final double[] weight;
    /** The counts of all rows, from the pass that validated them. */
    private final GroupConfusion counts;

    private Observations(Builder b, int[] prediction, GroupConfusion counts) {
        this.groups = b.groups;
        this.group = b.group;
        this.label = b.label;
        this.prediction = prediction;
        this.score = b.score;
        this.threshold = b.threshold;
        this.weight = b.weight;
        this.counts = counts;
    }

    /** A builder; groups and labels are required, and predictions or scores with a threshold. */
    public static Builder builder() {
        return new Builder();
    }

    /** The groups that the ids index. */
    public Groups groups() {
        return groups;
    }

    /** The number of rows. */
    public int size() {
        return group.length;
    }

    /** Group id per row. */
    public int[] group() {
        return group;
    }

    /** Label per row, 0 or 1. */
    public int[] label() {
        return label;
    }

    /** Prediction per row, 0 or 1 (from the scores and threshold when none was given). */
    public int[] prediction() {
        return prediction;
    }

    /** Whether scores were given. */
    public boolean hasScores() {
        return score != null;
    }

    /**
     * Score per row.
     *
     * @throws IllegalStateException if no scores were given
     */
    public double[] score() {
        if (score == null) {
            throw new IllegalStateException("these observations have no scores; give them with optScores");
        }
        return score;
    }

    /**
     * The threshold of the decisions: the one that turned scores into predictions, or the one given
     * with the predictions to describe them; NaN when predictions were given without one.
     */
    public double threshold() {
        return threshold;
    }

    /** Weight per row, or null when rows are unweighted. */
    public double[] weight() {
        return weight;
    }

    /** The group confusion counts of all rows: a copy of those counted when the rows were built. */
    public GroupConfusion counts() {
        return counts.copy();
    }

    /** Builds {@link Observations}; set* fields are required, opt* fields optional. */
    public static final class Builder {
        private Groups groups;
        private int[] group;
        private int[] label;
        private int[] prediction;
        private double[] score;
        private double threshold = Double.NaN;
        private double[] weight;

        private Builder() {
        }

        /** The groups and each row's group id (required). */
        public Builder setGroups(Groups groups, int[] ids) {
            this.groups = groups;
            this.group = ids;
            return this;
        }

        /** The groups and each row's group id, from an encoded column (required). */
        public Builder setGroups(GroupColumn column) {
            return setGroups(column.groups(), column.ids());
        }

        /** Labels, 0 or 1 (required). */
        public Builder setLabels(int[] labels) {
            this.label = labels;
            return this;
        }

        /** Binary predictions, 0 or 1 (required unless scores and a threshold are given). */
        public Builder optPredictions(int[] predictions) {
            this.prediction = predictions;
            return this;
        }

        /** Scores (higher means more likely positive), for AUCs and calibration, or with a threshold for predictions. */
        public Builder optScores(double[] scores) {
            this.score = scores;
            return this;
        }

        /**
         * Predicts positive when {@code score >= threshold} when no predictions are given; with
         * predictions, it only states the threshold they were made at (for reports), such as 0.5
         * for the argmax of two classes.
         */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Sample weights, finite and not negative. */
        public Builder optWeights(double[] weights) {
            this.weight = weights;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException when a required field is missing, lengths differ, or a
         *     row holds a bad value (the message names the row)
         */
        public Observations build() {
            if (groups == null || group == null) {
                throw new IllegalArgumentException("groups are required: call setGroups");
            }
            if (label == null) {
                throw new IllegalArgumentException("labels are required: call setLabels");
            }
            if (prediction == null && (score == null || Double.isNaN(threshold))) {
                throw new IllegalArgumentException(
                        "predictions are required: call optPredictions, or optScores with optThreshold");
            }
            int n = group.length;
            check("labels", label.length, n);
            if (prediction != null) {
                check("predictions", prediction.length, n);
            }
            if (score != null) {
                check("scores", score.length, n);
                for (int i = 0; i < n; i++) {
                    if (Double.isNaN(score[i])) {
                        throw new IllegalArgumentException("row " + i + ": score is NaN");
                    }
                }
            }
            if (weight != null) {
                check("weights", weight.length, n);
            }
            int[] pred = prediction;
            if (pred == null) {
                pred = new int[n];
                for (int i = 0; i < n; i++) {
                    pred[i] = score[i] >= threshold ? 1 : 0;
                }
            }
            // Validates group ids, labels, predictions and weights, naming the first bad row.
            GroupConfusion counts = new GroupConfusion(groups);
            counts.update(group, label, pred, weight, 0, n);
            return new Observations(this, pred, counts);
        }

        private static void check(String what, int length, int rows) {
            if (length != rows) {
                throw new IllegalArgumentException(what + " have " + length + " rows but groups have " + rows);
            }
        }
    }
}
