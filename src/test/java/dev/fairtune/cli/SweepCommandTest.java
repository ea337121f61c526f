package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.BertEncoder;
import dev.fairtune.model.Checkpoint;
import dev.fairtune.model.HfSaver;
import dev.fairtune.model.Pooling;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.model.TestModels;
import dev.fairtune.report.ReportJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fairtune sweep} on a tiny saved BERT (2 layers, H 32) with the frozen-layer cache: a plain
 * run, a demographic-parity penalty at 0.3 and at 1000 (which collapses the model to one class),
 * and group thresholds on the plain run; the report holds the frontier chart with the collapsed run
 * marked and the model card says how the model was chosen.
 */
class SweepCommandTest {
    @TempDir
    Path dir;

    @Test
    void sweepsChoosesOnValidationAndReportsTheFrontier() throws Exception {
        Path model = dir.resolve("model");
        try (PretrainedModel m = PretrainedModel.load(new Checkpoint(TestModels.SMALL,
                BertEncoder.initialWeights(TestModels.SMALL, 8), TestModels.tokenizerJson(), List.of(), Pooling.CLS,
                "tiny"))) {
            HfSaver.save(BertClassifier.builder(m).optLabels(DemoDataset.LABELS).build(), m.tokenizerJson(), model);
        }
        DatasetSplits splits = DemoDataset.generate(11, 96, 48, 48);
        Path train = TrainAndDemoCommandTest.writeCsv(splits.train(), dir.resolve("train.csv"));
        Path validation = TrainAndDemoCommandTest.writeCsv(splits.validation(), dir.resolve("validation.csv"));
        Path test = TrainAndDemoCommandTest.writeCsv(splits.test(), dir.resolve("test.csv"));
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("sweep", "-i", train.toString(), "--validation", validation.toString(), "--test",
                test.toString(), "--group", "target_identity", "-m", model.toString(), "--penalty",
                "DEMOGRAPHIC_PARITY_DIFFERENCE", "--lambdas", "0.3,1000", "--headline", "DEMOGRAPHIC_PARITY_DIFFERENCE",
                "--select-bound", "1", "--postprocess", "EQUAL_OPPORTUNITY", "--epochs", "4", "--batch-size", "16",
                "--learning-rate", "3e-3", "--max-length", "40", "--evaluate-every", "2", "--frozen-layers", "1",
                "--seed", "8", "--explain", "0", "--replicates", "20", "--no-progress",
                "--no-run-checkpoints", "-o", out.toString());
        assertEquals(FairTuneCli.OK, r.code(), r.toString());
        assertTrue(r.out().contains("demographic_parity_difference x 1000.0") && r.out().contains("COLLAPSED"), r.out());
        assertTrue(r.out().contains("plain + group thresholds"), r.out());
        assertTrue(r.out().contains("Choice: chose "), r.out());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("id='chart-frontier'"), "the frontier chart");
        assertTrue(html.contains("How the model was chosen") && html.contains("COLLAPSED: predicts"), "the table");
        String card = Files.readString(out.resolve("model-card.md"));
        assertTrue(card.contains("How this model was chosen: a sweep of 4 runs, chosen on the validation data only"),
                card);
        ReportJson json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(out.resolve("report.json").toFile(), ReportJson.class);
        assertEquals(4, json.trainingSweep().points().size(), "every run's validation point, post-processing included");
        assertEquals("demographic_parity_difference x 1000.0", json.trainingSweep().points().get(2).name());
        assertTrue(json.trainingSweep().points().get(2).collapsed().startsWith("predicts"));
        assertTrue(!json.trainingSweep().points().get(2).frontier());
        assertTrue(Files.isRegularFile(out.resolve("sweep").resolve("runs").resolve("02-demographic_parity_difference-x-1000.0")
                .resolve("point.json")));
    }
}
