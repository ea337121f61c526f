package dev.fairtune.cli;

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
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/** A two-label classifier scoring data sets (and their counterfactual twins) in evaluation mode. */
final class Scorer implements AutoCloseable {
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
    record Scored(Predictions predictions, double[] twinScores, CounterfactualPairs pairs) {
        /** The probability of class 1 per row. */
        double[] scores() {
            return predictions.scores();
        }
    }

    /** A scorer of a classifier in memory; closing it leaves the model open. */
    static Scorer of(PretrainedModel model, BertClassifier classifier, int maxLength) {
        return new Scorer(model, classifier, TextEncoder.builder(model).optMaxLength(maxLength).build(), false);
    }

    /**
     * Loads a classifier folder; closing the scorer closes the model.
     *
     * @throws CommandFailure with {@link FairTuneCli#MODEL_FAILURE} when the folder is not a
     *     readable two-label BERT classifier
     */
    static Scorer load(Path dir, int maxLength) {
        PretrainedModel model = loadModel(dir);
        try {
            if (model.headLabels() != 2) {
                throw new CommandFailure(FairTuneCli.MODEL_FAILURE, dir + " holds no two-label classification head "
                        + "(labels: " + model.labels() + "); evaluate a model fine-tuned by 'fairtune train'", null);
            }
            BertClassifier classifier = BertClassifier.builder(model).build();
            return new Scorer(model, classifier, TextEncoder.builder(model).optMaxLength(maxLength).build(), true);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Loads a fine-tuned classifier folder.
     *
     * @throws CommandFailure with {@link FairTuneCli#MODEL_FAILURE} when the folder is not a readable BERT checkpoint
     */
    static PretrainedModel loadModel(Path dir) {
        try {
            return PretrainedModel.load(ModelSource.directory(dir));
        } catch (CheckpointException e) {
            throw new CommandFailure(FairTuneCli.MODEL_FAILURE, "cannot load the model: " + e.getMessage()
                    + "; give a folder written by 'fairtune train' (config.json, model.safetensors, tokenizer.json)", e);
        } catch (IOException e) {
            throw new CommandFailure(FairTuneCli.MODEL_FAILURE, "cannot read the model folder " + dir + ": " + e, e);
        }
    }

    /** Where the weights were read. */
    String origin() {
        return model.origin();
    }

    /**
     * Scores every row; with {@code counterfactual}, also the twin of every row whose text names an
     * identity term of the built-in lexicon (terms swapped for their first partner).
     */
    Scored score(TextDataset data, boolean counterfactual) {
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
