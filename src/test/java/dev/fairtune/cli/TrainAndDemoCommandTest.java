package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.report.ReportJson;
import dev.fairtune.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that fine-tune the real built-in MiniLM, on tiny settings (64 training examples, one
 * epoch of two steps): demo end to end, train with a penalty beside a baseline, then evaluate on the
 * model train saved.
 */
class TrainAndDemoCommandTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @TempDir
    Path dir;

    @Test
    void demoWritesDataAndATwoRunReport() throws Exception {
        Path out = dir.resolve("demo");
        CliRun r = CliRun.of("demo", "-o", out.toString(), "--train-size", "64", "--validation-size", "40",
                "--test-size", "100", "--epochs", "1", "--replicates", "50", "--no-cache-frozen-layers", "--no-progress");
        assertEquals(FairTuneCli.OK, r.code(), r.toString());
        assertTrue(r.out().contains("Demo finished in"), r.out());
        ReportJson json = STRICT.readValue(out.resolve("report.json").toFile(), ReportJson.class);
        assertEquals(List.of("plain", "fair"), json.runs().stream().map(ReportJson.RunJson::name).toList());
        ReportJson.RunJson fair = json.runs().get(1);
        assertEquals(1, fair.penalties().size());
        assertEquals("equalized_odds_difference", fair.penalties().get(0).name());
        assertEquals(1.0, fair.penalties().get(0).lambda());
        assertEquals(1, fair.epochs().size());
        assertEquals(2, fair.stepLosses().size(), "64 examples in batches of 32");
        assertNotNull(fair.evaluation().counterfactual(), "the demo scores counterfactual twins");
        assertTrue(fair.evaluation().counterfactual().pairs() > 0);
        assertEquals(100, fair.evaluation().rows());
        assertTrue(json.provenance().modelOrigin().contains("all-minilm-l6-v2"), json.provenance().modelOrigin());
        for (String f : List.of("train.csv", "validation.csv", "test.csv")) {
            assertTrue(Files.isRegularFile(out.resolve("data").resolve(f)), f);
        }
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg id='chart-training'"));
        String frozen = TrainingHistory.read(out.resolve("fair").resolve("history.json")).provenance().frozen();
        assertFalse(frozen.contains("cached"), "--no-cache-frozen-layers: " + frozen);
    }

    @Test
    void trainWithPenaltyAndBaselineThenEvaluateTheSavedModel() throws Exception {
        // Demo data written as the demo writes them: text, label 0/1, target_identity.
        DatasetSplits splits = DemoDataset.generate(3, 80, 40, 60);
        Path train = csv(splits.train(), "train.csv");
        Path test = csv(splits.test(), "test.csv");

        Path out = dir.resolve("run");
        CliRun r = CliRun.of("train", "-i", train.toString(), "--test", test.toString(), "--group", "target_identity",
                "--penalty", "FPR_GAP", "--lambda", "2", "--baseline", "--epochs", "1", "--replicates", "50",
                "--headline", "FPR_GAP", "--no-progress", "-o", out.toString());
        assertEquals(FairTuneCli.OK, r.code(), r.toString());
        assertTrue(r.out().contains("Read 80 examples from " + train), r.out());
        ReportJson json = STRICT.readValue(out.resolve("report.json").toFile(), ReportJson.class);
        assertEquals(List.of("plain", "fpr_gap penalty"), json.runs().stream().map(ReportJson.RunJson::name).toList());
        assertEquals("FPR_GAP", json.headline().metric());
        assertEquals(60, json.runs().get(0).evaluation().rows(), "the --test file is the report's test data");
        Path model = out.resolve("fpr_gap-penalty").resolve("model");
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f);
        }
        TrainingHistory history = TrainingHistory.read(out.resolve("fpr_gap-penalty").resolve("history.json"));
        assertEquals(2.0, history.provenance().penalties().get(0).initialLambda());
        assertTrue(history.provenance().frozen().contains("without dropout and cached (cap 1024 MiB)"),
                "the frozen-layer cache is on by default: " + history.provenance().frozen());
        try (Stream<Path> s = Files.walk(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }

        Path predictions = dir.resolve("predictions.csv");
        r = CliRun.of("evaluate", "--model", model.toString(), "-i", test.toString(), "--group", "target_identity",
                "--counterfactual", "--replicates", "50", "--predictions", predictions.toString());
        assertEquals(FairTuneCli.OK, r.code(), r.toString());
        assertTrue(r.out().contains("60 rows of " + test), r.out());
        List<String> lines = Files.readAllLines(predictions);
        assertEquals("row,label,group,score,prediction,twin_score", lines.get(0));
        assertEquals(61, lines.size());
    }

    private Path csv(TextDataset d, String name) throws IOException {
        return writeCsv(d, dir.resolve(name));
    }

    /** Writes a data set as the CSV that {@code train} reads (text, label, target_identity). */
    static Path writeCsv(TextDataset d, Path f) throws IOException {
        StringBuilder s = new StringBuilder("text,label,target_identity\n");
        List<String> groups = d.attributes().get(0).groups();
        for (int i = 0; i < d.size(); i++) {
            s.append('"').append(d.get(i).text().replace("\"", "\"\"")).append("\",").append(d.get(i).label())
                    .append(',').append(groups.get(d.get(i).group())).append('\n');
        }
        Files.writeString(f, s.toString());
        return f;
    }
}
