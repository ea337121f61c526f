package dev.fairtune.job;

import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.CheckpointException;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.report.CounterfactualPairs;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.train.Predictions;
import dev.fairtune.train.Predictor;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;

/** A two-label classifier scoring data sets (and their counterfactual twins) in evaluation mode. */
public final class Scorer implements AutoCloseable {
    private static final int BATCH = 64;

    private final PretrainedModel model;
    private final BertClassifier classifier;
    private final TextEncoder text;
    private final boolean ownsModel;

    private Scorer(PretrainedModel model, BertClassifier classifier, TextEncoder text, boolean ownsModel) {
        this.model = model;
        this.classifier = classifier;
        this.text = text;
        this.ownsModel = ownsModel;
    }

    /**
     * Scores of a data set.
     *
     * @param predictions the classifier's outputs per row (class 1 positive): logits, scores, argmax
     * @param twinScores score of each row's counterfactual twin, NaN where the text has no identity
     *     term to swap; null when not asked for
     * @param pairs the rows with a twin, as counterfactual pairs; null when not asked for
     */
    public record Scored(Predictions predictions, double[] twinScores, CounterfactualPairs pairs) {
        /** The probability of class 1 per row. */
        public double[] scores() {
            return predictions.scores();
        }
    }

    /** A scorer of a classifier in memory; closing it leaves the model open. */
    public static Scorer of(PretrainedModel model, BertClassifier classifier, int maxLength) {
        return new Scorer(model, classifier, TextEncoder.builder(model).optMaxLength(maxLength).build(), false);
    }

    /**
     * Loads a classifier folder written by {@link dev.fairtune.train.TrainingResult#saveModel}; closing
     * the scorer closes the model.
     *
     * @throws CheckpointException when the folder is not a readable two-label BERT classifier (the
     *     message names the file and says what to give instead)
     * @throws IOException when the folder cannot be read
     */
    public static Scorer load(ModelSource source, int maxLength) throws IOException {
        PretrainedModel model = loadModel(source);
        try {
            if (model.headLabels() != 2) {
                throw new CheckpointException(model.origin(), null, "holds no two-label classification head (labels: "
                        + model.labels() + "); give a model fine-tuned by FairTune ('fairtune train')");
            }
            BertClassifier classifier = BertClassifier.builder(model).build();
            return new Scorer(model, classifier, TextEncoder.builder(model).optMaxLength(maxLength).build(), true);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Loads pretrained or fine-tuned weights, reporting a folder that cannot be read as a {@link
     * CheckpointException} too, so that every failure to load names the model.
     */
    public static PretrainedModel loadModel(ModelSource source) throws CheckpointException {
        try {
            return PretrainedModel.load(source);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(String.valueOf(e.getMessage()), null, "cannot be read (" + e + ")", e);
        }
    }

    /** Where the weights were read. */
    public String origin() {
        return model.origin();
    }

    /**
     * Scores every row; with {@code counterfactual}, also the twin of every row whose text names an
     * identity term of the built-in lexicon (terms swapped for their first partner).
     */
    public Scored score(TextDataset data, boolean counterfactual) {
        Predictions predictions = predict(data);
        double[] scores = predictions.scores();
        if (!counterfactual) {
            return new Scored(predictions, null, null);
        }
        CounterfactualDataset cf = CounterfactualRewriter.of(IdentityLexicon.builtIn()).rewrite(data);
        boolean[] changed = cf.changed();
        int[] rows = IntStream.range(0, changed.length).filter(i -> changed[i]).toArray();
        double[] twinScores = new double[data.size()];
        Arrays.fill(twinScores, Double.NaN);
        double[] scoredTwins = rows.length == 0 ? new double[0]
                : predict(cf.counterfactual().subset(data.name() + " (counterfactual twins)", rows)).scores();
        int[] groups = data.groups(0);
        int[] g = new int[rows.length];
        double[] s = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            twinScores[rows[k]] = scoredTwins[k];
            g[k] = groups[rows[k]];
            s[k] = scores[rows[k]];
        }
        return new Scored(predictions, twinScores, new CounterfactualPairs(g, s, scoredTwins));
    }

    /** The classifier's outputs of each row, class 1 positive. */
    private Predictions predict(TextDataset data) {
        return Predictor.predict(model, classifier, text, data, BATCH, 1);
    }

    @Override
    public void close() {
        text.close();
        if (ownsModel) {
            model.close();
        }
    }
}
