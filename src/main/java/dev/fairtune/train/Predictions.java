package dev.fairtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Observations;
import dev.fairtune.penalty.FairnessAwareLoss;
import dev.fairtune.penalty.PenaltyInput;

/**
 * A classifier's outputs for every row of a data set, in row order.
 *
 * @param logits the logits, {@code logits[i][c]} for row i and class c
 * @param positiveClass the class whose probability is the score
 * @param scores the softmax probability of the positive class per row
 * @param classes the highest-scoring class per row (the lowest index on ties)
 */
public record Predictions(float[][] logits, int positiveClass, double[] scores, int[] classes) {

    /**
     * Derives scores and classes from logits.
     *
     * @throws IllegalArgumentException when the positive class is not a column of the logits
     */
    public static Predictions of(float[][] logits, int positiveClass) {
        double[] scores = new double[logits.length];
        int[] classes = new int[logits.length];
        for (int i = 0; i < logits.length; i++) {
            float[] z = logits[i];
            if (positiveClass < 0 || positiveClass >= z.length) {
                throw new IllegalArgumentException("positive class " + positiveClass + " is not one of the "
                        + z.length + " classes");
            }
            int best = argmax(z, 0, z.length);
            double max = z[best];
            double sum = 0;
            for (float v : z) {
                sum += Math.exp(v - max);
            }
            scores[i] = Math.exp(z[positiveClass] - max) / sum;
            classes[i] = best;
        }
        return new Predictions(logits, positiveClass, scores, classes);
    }

    /**
     * The prediction rule of every classifier output in FairTune: the highest-scoring class, the
     * lowest index on ties, over {@code logits[from .. from + classes)}. For two classes it is the
     * positive class exactly when its softmax probability is above 0.5.
     */
    public static int argmax(float[] logits, int from, int classes) {
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (logits[from + k] > logits[from + best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * Mean cross-entropy of the rows against their class labels, {@code mean_i -log softmax(z_i)[y_i]}:
     * the training loss's own formula ({@link FairnessAwareLoss#crossEntropy}, unit weights), run
     * on the engine in double precision in a sub-manager of {@code manager} that is closed here.
     */
    public double meanCrossEntropy(int[] labels, NDManager manager) {
        if (labels.length != size()) {
            throw new IllegalArgumentException("these predictions have " + size() + " rows but " + labels.length
                    + " labels were given");
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray z = m.create(logits).toType(DataType.FLOAT64, false);
            NDArray y = m.create(labels);
            PenaltyInput batch = PenaltyInput.builder().setLogits(z).setLabels(y)
                    .setGroups(m.zeros(new Shape(labels.length), DataType.INT32)).setNumGroups(1).build();
            return FairnessAwareLoss.crossEntropy(batch).getDouble();
        }
    }

    /**
     * Each row's cross-entropy against its class label, {@code -log softmax(z_i)[y_i]} ({@link
     * FairnessAwareLoss#crossEntropies}, in double precision): the per-example losses a
     * membership-inference audit reads ({@link dev.fairtune.privacy.MembershipAudit}).
     */
    public double[] crossEntropies(int[] labels, NDManager manager) {
        if (labels.length != size()) {
            throw new IllegalArgumentException("these predictions have " + size() + " rows but " + labels.length
                    + " labels were given");
        }
        try (NDManager m = manager.newSubManager()) {
            return FairnessAwareLoss.crossEntropies(m.create(logits).toType(DataType.FLOAT64, false), m.create(labels),
                    logits.length == 0 ? 2 : logits[0].length).toDoubleArray();
        }
    }

    /** Share of rows whose predicted class is the label. */
    public double accuracy(int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += classes[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    /** Number of rows. */
    public int size() {
        return scores.length;
    }

    /** 1 where the highest-scoring class is the positive class, else 0. */
    public int[] positivePredictions() {
        int[] out = new int[classes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = classes[i] == positiveClass ? 1 : 0;
        }
        return out;
    }

    /**
     * The rows as fairness {@link Observations} of the positive class by the model's own rule
     * ({@link #argmax}): label 1 where the row's label is the positive class, prediction 1 where
     * the highest-scoring class is, the score, the groups of {@code attribute}; unweighted. With two
     * classes the stated threshold is 0.5 (the argmax is positive when the score is above it).
     *
     * @param data the data set these predictions are of (same rows, same order)
     * @throws IllegalArgumentException when the data set has another number of rows or no such attribute
     */
    public Observations observations(TextDataset data, String attribute) {
        int classes = logits.length == 0 ? 0 : logits[0].length;
        return observations(data, attribute, positivePredictions(), classes == 2 ? 0.5 : Double.NaN);
    }

    /**
     * The rows as fairness {@link Observations} with a stated threshold instead of the argmax:
     * prediction 1 where the positive class's score is at or above {@code threshold}.
     *
     * @throws IllegalArgumentException when the threshold is outside [0, 1], the data set has
     *     another number of rows or no such attribute
     */
    public Observations observations(TextDataset data, String attribute, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the threshold must lie in [0, 1], got " + threshold);
        }
        int[] predicted = new int[scores.length];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = scores[i] >= threshold ? 1 : 0;
        }
        return observations(data, attribute, predicted, threshold);
    }

    /** With {@code threshold} stated as the decisions' threshold (NaN: none). */
    private Observations observations(TextDataset data, String attribute, int[] predicted, double threshold) {
        if (data.size() != size()) {
            throw new IllegalArgumentException("these predictions have " + size() + " rows but " + data.name() + " has "
                    + data.size());
        }
        GroupAttribute a = data.attribute(attribute);
        int[] labels = data.labels();
        int[] binary = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            binary[i] = labels[i] == positiveClass ? 1 : 0;
        }
        return Observations.builder()
                .setGroups(Groups.of(a.groups()), data.groups(attribute))
                .setLabels(binary)
                .optPredictions(predicted)
                .optScores(scores.clone())
                .optThreshold(threshold)
                .build();
    }
}
