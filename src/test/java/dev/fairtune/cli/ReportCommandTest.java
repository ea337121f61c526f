package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairtune.report.ReportJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report command on a predictions file: the three files, counterfactual pairs, config files, clear errors. */
class ReportCommandTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @TempDir
    Path dir;

    /**
     * 40 rows: group a (20 rows) and b (20); labels alternate; scores 0.8 for positives, 0.2 for
     * negatives, except b's first four negatives, scored 0.7 (false positives at 0.5). Rows of b
     * carry a twin score 0.1 lower.
     */
    private Path predictions() throws IOException {
        StringBuilder csv = new StringBuilder("id,group,label,score,twin\n");
        int bNegatives = 0;
        for (int i = 0; i < 40; i++) {
            String g = i < 20 ? "a" : "b";
            int y = i % 2;
            double s = y == 1 ? 0.8 : 0.2;
            if (g.equals("b") && y == 0 && bNegatives++ < 4) {
                s = 0.7;
            }
            csv.append(i).append(',').append(g).append(',').append(y).append(',').append(s).append(',')
                    .append(g.equals("b") ? String.valueOf(Math.round((s - 0.1) * 10) / 10.0) : "").append('\n');
        }
        Path f = dir.resolve("preds.csv");
        Files.writeString(f, csv.toString());
        return f;
    }

    @Test
    void writesTheThreeFilesWithCounterfactualMetrics() throws IOException {
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("report", "-i", predictions().toString(), "--label", "label", "--score", "score",
                "--group", "group", "--reference", "a", "--counterfactual-score", "twin", "--replicates", "100",
                "--headline", "FPR_GAP", "-o", out.toString(), "--model-name", "my model");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("report.html"), r.out());
        ReportJson json = STRICT.readValue(out.resolve("report.json").toFile(), ReportJson.class);
        assertEquals("my model", json.provenance().model());
        assertEquals(64, json.provenance().evaluationDataFingerprint().length());
        assertTrue(json.provenance().command().startsWith("fairtune report -i "), json.provenance().command());
        ReportJson.EvaluationJson e = json.runs().get(0).evaluation();
        assertEquals("preds", json.runs().get(0).name());
        // FPR: a 0 of 10 negatives, b 4 of 10 -> gap 0.4.
        assertEquals(0.4, e.headline().value(), 1e-12);
        assertEquals(0.5, json.runs().get(0).threshold());
        // Counterfactual: 20 pairs of b, each 0.1 apart; b's false positives at 0.7 stay >= 0.5 (0.6): no flips;
        // the positives 0.8 -> 0.7 stay, the negatives 0.2 -> 0.1 stay.
        assertEquals(20, e.counterfactual().pairs());
        ReportJson.CounterfactualEstimateJson mad = e.counterfactual().estimates().stream()
                .filter(x -> x.statistic().equals("MEAN_ABSOLUTE_DIFFERENCE") && x.group().equals("overall"))
                .findFirst().orElseThrow();
        assertEquals(0.1, mad.estimate().value(), 1e-9);
        ReportJson.CounterfactualEstimateJson flips = e.counterfactual().estimates().stream()
                .filter(x -> x.statistic().equals("FLIP_RATE") && x.group().equals("a")).findFirst().orElseThrow();
        assertEquals("NO_ROWS", flips.estimate().reason());
        assertTrue(Files.readString(out.resolve("report.html")).contains("Counterfactual fairness"));
        assertTrue(Files.readString(out.resolve("model-card.md")).contains("## Caveats and recommendations"));
    }

    @Test
    void configFileGivesDefaultsAndTheCommandLineWins() throws IOException {
        Path out = dir.resolve("cfg-out");
        Path cfg = dir.resolve("fairtune.properties");
        Files.writeString(cfg, "# defaults\nreport.replicates = 50\nlabel = label\nscore=score\ngroup: group\n"
                + "output = " + out.toString().replace("\\", "\\\\") + "\nheadline = TPR_GAP\n");
        CliRun r = CliRun.of("report", "--config", cfg.toString(), "-i", predictions().toString(), "--headline", "FPR_GAP");
        assertEquals(0, r.code(), r.toString());
        ReportJson json = STRICT.readValue(out.resolve("report.json").toFile(), ReportJson.class);
        assertEquals(50, json.bootstrap().replicates());
        assertEquals("FPR_GAP", json.headline().metric(), "the command line wins over the file");

        Files.writeString(cfg, "label = label\nreplicate = 50\n");
        r = CliRun.of("--config", cfg.toString(), "report", "-i", predictions().toString(), "--score", "score",
                "--group", "group");
        assertEquals(FairTuneCli.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("fairtune.properties:2: unknown setting 'replicate'"), r.err());
        assertTrue(r.err().contains("replicates"), r.err());

        r = CliRun.of("report", "--config", dir.resolve("missing.properties").toString(), "-i", "x.csv");
        assertEquals(FairTuneCli.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("missing.properties: config file not found"), r.err());
    }

    @Test
    void clearErrorsAndNoOutputOnBadInput() throws IOException {
        Path out = dir.resolve("never");
        Path single = dir.resolve("single.csv");
        Files.writeString(single, "group,label,score\nx,1,0.9\nx,0,0.1\n");
        CliRun r = CliRun.of("report", "-i", single.toString(), "--label", "label", "--score", "score", "--group",
                "group", "-o", out.toString());
        assertEquals(FairTuneCli.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("single.csv: group column 'group' holds the single value 'x' in all 2 rows"), r.err());

        r = CliRun.of("report", "-i", predictions().toString(), "--label", "label", "--score", "score", "--group",
                "group", "--headline", "AVERAGE_ODDS_DIFFERENCE", "-o", out.toString());
        assertEquals(FairTuneCli.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("give --headline-group GROUP"), r.err());

        r = CliRun.of("report", "-i", predictions().toString(), "--label", "label", "--score", "score", "--group",
                "group", "--headline", "NO_SUCH_METRIC");
        assertEquals(FairTuneCli.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("NO_SUCH_METRIC"), r.err());
        assertFalse(Files.exists(out), "nothing is written on bad input");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
        assertNotNull(r.err());
    }
}
