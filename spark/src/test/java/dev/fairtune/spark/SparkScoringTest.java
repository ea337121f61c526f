package dev.fairtune.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.Example;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.HfSaver;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.train.Predictor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scores in mapPartitions equal Predictor's on the same saved model (1e-6), twins included. */
class SparkScoringTest {
    @TempDir
    Path dir;

    static final List<String> TEXTS = List.of("I love this movie", "what a terrible, boring day",
            "The Muslim neighbours were kind to us", "he is a gay man and a great cook",
            "nothing to say here", "she said the Christian school was awful", "Completely fine.",
            "women should be paid the same", "this is the worst thing ever written", "black coffee, no sugar",
            "an old man walked by", "great service, will come again", "I do not like it at all");

    private static double[] predictor(PretrainedModel model, BertClassifier c, List<String> texts) {
        List<Example> examples = new ArrayList<>();
        for (String t : texts) {
            examples.add(Example.of(t, 0));
        }
        try (TextEncoder text = TextEncoder.builder(model).optMaxLength(32).build()) {
            return Predictor.predict(model, c, text, new TextDataset("reference", List.of("0", "1"), List.of(), examples),
                    64, 1).scores();
        }
    }

    @Test
    void scoresEqualThePredictorsOnTheSavedModel() throws Exception {
        Path saved = dir.resolve("classifier");
        try (PretrainedModel base = PretrainedModel.load(ModelSource.miniLm())) {
            BertClassifier c = BertClassifier.builder(base).optLabels(List.of("ok", "toxic")).build();
            HfSaver.save(c, base.tokenizerJson(), saved);
        }
        double[] expected;
        double[] expectedTwins;
        List<String> twins = new ArrayList<>();
        CounterfactualRewriter rewriter = CounterfactualRewriter.of(IdentityLexicon.builtIn());
        for (String t : TEXTS) {
            twins.add(rewriter.rewrite(t).text());
        }
        try (PretrainedModel model = PretrainedModel.load(ModelSource.directory(saved))) {
            BertClassifier c = BertClassifier.builder(model).build();
            expected = predictor(model, c, TEXTS);
            expectedTwins = predictor(model, c, twins);
        }
        double spread = java.util.Arrays.stream(expected).max().orElseThrow()
                - java.util.Arrays.stream(expected).min().orElseThrow();
        assertTrue(spread > 1e-3, "the texts get different scores, so a row mix-up would show: " + spread);
        SparkSession spark = LocalSpark.session();
        try {
            Dataset<Row> texts = spark.createDataset(TEXTS, Encoders.STRING()).toDF("text").repartition(3);
            List<Row> scored = SparkScoring.of(saved.toString(), "text", 32, 4, true).score(texts).collectAsList();
            assertEquals(TEXTS.size(), scored.size());
            int withTwin = 0;
            for (Row r : scored) {
                int i = TEXTS.indexOf(r.getString(0));
                assertEquals(expected[i], r.getDouble(1), 1e-6, r.getString(0));
                boolean changed = rewriter.rewrite(TEXTS.get(i)).changed();
                if (changed) {
                    assertNotNull(r.get(2), r.getString(0));
                    assertEquals(expectedTwins[i], r.getDouble(2), 1e-6, "twin of " + r.getString(0));
                    withTwin++;
                } else {
                    assertNull(r.get(2), r.getString(0));
                }
            }
            assertTrue(withTwin >= 4, "the texts name identity terms: " + withTwin);
        } finally {
            spark.stop();
        }
    }
}
