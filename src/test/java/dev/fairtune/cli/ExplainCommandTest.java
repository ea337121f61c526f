package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.BertEncoder;
import dev.fairtune.model.Checkpoint;
import dev.fairtune.model.HfSaver;
import dev.fairtune.model.Pooling;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.model.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fairtune explain} on a tiny saved classifier: text and JSON output, and bad input. */
class ExplainCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void save() throws Exception {
        model = dir.resolve("model");
        try (PretrainedModel m = PretrainedModel.load(new Checkpoint(TestModels.SMALL,
                BertEncoder.initialWeights(TestModels.SMALL, 5), TestModels.tokenizerJson(), List.of(), Pooling.CLS,
                "tiny"))) {
            BertClassifier c = BertClassifier.builder(m).optLabels(List.of("benign", "abusive")).build();
            HfSaver.save(c, m.tokenizerJson(), model);
        }
    }

    @Test
    void printsEachWordWithItsAttributionAndTheDelta() {
        CliRun r = CliRun.of("explain", "--model", model.toString(), "--color", "OFF", "--steps", "8",
                "my muslim neighbour, a clown");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Integrated Gradients on the token embeddings, 8 steps"), r.out());
        assertTrue(r.out().contains("    my muslim neighbour, a clown\n"), r.out());
        assertTrue(r.out().matches("(?s).*muslim [+-]0\\.\\d{4}  neighbour [+-]0\\.\\d{4}  , [+-].*"), r.out());
        assertTrue(r.out().contains("delta"), r.out());
        assertTrue(!r.out().contains("\u001B["), "no colour with --color OFF");
    }

    @Test
    void jsonHasWordsTokensAndADeltaPerText() throws Exception {
        Path texts = dir.resolve("texts.txt");
        Files.writeString(texts, "you are a clown\n\nthanks for the edit\n");
        CliRun r = CliRun.of("explain", "--model", model.toString(), "-i", texts.toString(), "--json", "--class",
                "abusive", "--steps", "16");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("fairtune-explain/1", root.get("schema").asText());
        JsonNode list = root.get("explanations");
        assertEquals(2, list.size(), "the blank line is skipped");
        for (JsonNode e : list) {
            assertEquals("abusive", e.get("explained_class").asText());
            double words = 0;
            for (JsonNode w : e.get("words")) {
                words += w.get("attribution").asDouble();
            }
            // [CLS] and [SEP] equal their baseline and carry 0, so the words hold the whole sum
            assertEquals(e.get("attribution_sum").asDouble(), words, 1e-9);
            assertEquals(e.get("attribution_sum").asDouble() - (e.get("score").asDouble()
                    - e.get("baseline_score").asDouble()), e.get("delta").asDouble(), 1e-6);
        }
        assertEquals("clown", list.get(0).get("words").get(3).get("word").asText());
    }

    @Test
    void gradientTimesInputHasNoDelta() throws Exception {
        CliRun r = CliRun.of("explain", "--model", model.toString(), "--json", "--method", "GRADIENT_X_INPUT", "a clown");
        assertEquals(0, r.code(), r.toString());
        JsonNode e = new ObjectMapper().readTree(r.out()).get("explanations").get(0);
        assertTrue(e.get("delta").isNull());
        assertTrue(e.get("delta_undefined").asText().contains("no baseline"), e.toString());
    }

    @Test
    void badInputIsNamed() {
        CliRun unknownClass = CliRun.of("explain", "--model", model.toString(), "--class", "toxic", "a text");
        assertEquals(FairTuneCli.BAD_INPUT, unknownClass.code(), unknownClass.toString());
        assertTrue(unknownClass.err().contains("the class 'toxic' is not one of the model's classes")
                && unknownClass.err().contains("name one of them with --class"), unknownClass.err());
        CliRun missing = CliRun.of("explain", "--model", model.toString(), "-i", dir.resolve("none.txt").toString());
        assertEquals(FairTuneCli.BAD_INPUT, missing.code(), missing.toString());
        assertTrue(missing.err().contains("none.txt"), missing.err());
        CliRun noModel = CliRun.of("explain", "--model", dir.resolve("nothing").toString(), "a text");
        assertEquals(FairTuneCli.MODEL_FAILURE, noModel.code(), noModel.toString());
    }
}
