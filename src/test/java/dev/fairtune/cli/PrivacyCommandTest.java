package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.report.ReportJson;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --dp-epsilon} on the built-in MiniLM (tiny settings: 80 training rows, one epoch) states the
 * guarantee in report.json, and {@code evaluate --privacy-audit} audits the saved model.
 */
class PrivacyCommandTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @TempDir
    Path dir;

    @Test
    void privateTrainingThenAMembershipAudit() throws Exception {
        DatasetSplits splits = DemoDataset.generate(3, 80, 40, 60);
        Path train = TrainAndDemoCommandTest.writeCsv(splits.train(), dir.resolve("train.csv"));
        Path validation = TrainAndDemoCommandTest.writeCsv(splits.validation(), dir.resolve("validation.csv"));
        Path test = TrainAndDemoCommandTest.writeCsv(splits.test(), dir.resolve("test.csv"));
        Path out = dir.resolve("run");
        CliRun r = CliRun.of("train", "-i", train.toString(), "--validation", validation.toString(), "--test",
                test.toString(), "--group", "target_identity", "--epochs", "1", "--batch-size", "16", "--dp-epsilon", "8", "--replicates", "50", "--no-progress",
                "-o", out.toString());
        assertEquals(FairTuneCli.OK, r.code(), r.toString());
        ReportJson json = STRICT.readValue(out.resolve("report.json").toFile(), ReportJson.class);
        ReportJson.RunJson run = json.runs().get(0);
        assertNotNull(run.privacy(), "the run states its guarantee");
        assertTrue(run.privacy().startsWith("(epsilon "), run.privacy());
        assertEquals(1e-5, run.training().privacy().delta());
        assertTrue(run.training().privacy().epsilon() <= 8 && run.training().privacy().epsilon() > 7.9,
                "epsilon spent " + run.training().privacy().epsilon());

        Path model = out.resolve("plain").resolve("model");
        r = CliRun.of("evaluate", "--model", model.toString(), "-i", test.toString(), "--group", "target_identity",
                "--privacy-audit", train.toString(), "--audit-replicates", "50", "--replicates", "50",
                "-o", dir.resolve("audit").toString());
        assertEquals(FairTuneCli.OK, r.code(), r.toString());
        assertTrue(r.out().contains("membership audit, loss threshold (Yeom et al. 2018): attack AUC"), r.out());
        ReportJson audit = STRICT.readValue(dir.resolve("audit").resolve("report.json").toFile(), ReportJson.class);
        assertEquals(80, audit.runs().get(0).membership().get(0).members(), "every row of train.csv was trained on");
        assertEquals(60, audit.runs().get(0).membership().get(0).nonMembers());

        r = CliRun.of("train", "-i", train.toString(), "--group", "target_identity", "--dp-epsilon", "8", "--dp-noise",
                "1", "-o", dir.resolve("x").toString());
        assertEquals(FairTuneCli.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("not both"), r.err());
    }
}
