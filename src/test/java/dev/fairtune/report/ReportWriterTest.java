package dev.fairtune.report;

import dev.fairtune.io.AtomicFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Rate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The three files of a synthetic report: JSON that parses back strictly and holds the computed
 * numbers, an HTML page with four well-formed inline SVG charts and escaped text, a model card with
 * the nine sections of Mitchell et al. Set {@code -Dfairtune.report.out=DIR} to keep the files (for
 * looking at the page in a browser).
 */
class ReportWriterTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    @TempDir
    Path dir;

    @Test
    void writesJsonHtmlAndModelCard() throws Exception {
        FairnessReport report = FairnessReport.compute(ReportFixtures.input(300));
        String keep = System.getProperty("fairtune.report.out");
        List<Path> files = ReportWriter.write(report, keep == null ? dir : Path.of(keep));
        assertEquals(3, files.size());
        try (Stream<Path> s = Files.list(files.get(0).getParent())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }

        ReportJson json = STRICT.readValue(files.get(0).toFile(), ReportJson.class);
        assertEquals(ReportJson.SCHEMA, json.schema());
        assertEquals(List.of("absent", "present"), json.provenance().groups());
        assertEquals("absent", json.provenance().reference());
        assertEquals("abc123", json.provenance().evaluationDataFingerprint());
        assertEquals(7, json.provenance().seed());
        assertTrue(json.provenance().libraries().stream().anyMatch(l -> l.name().equals("Jackson")
                && !l.version().equals(Library.UNKNOWN)), json.provenance().libraries().toString());
        assertEquals("EQUALIZED_ODDS_DIFFERENCE", json.headline().metric());
        assertEquals(2, json.runs().size());
        ReportJson.RunJson fair = json.runs().get(1);
        assertEquals(2.0, fair.penalties().get(0).lambda());
        assertEquals(3, fair.epochs().size());
        assertEquals(60, fair.stepLosses().size());
        RunResult fairResult = report.run("fair");
        assertEquals(fairResult.headline().estimate().value(), fair.evaluation().headline().value());
        assertEquals(fairResult.headline().lower().value(), fair.evaluation().headline().lower());
        ReportJson.RateJson fpr = fair.evaluation().rates().stream()
                .filter(r -> r.rate().equals("FPR") && r.group().equals("present")).findFirst().orElseThrow();
        assertEquals(fairResult.rate(Rate.FPR, "present").upper().value(), fpr.estimate().upper());
        assertEquals(99, fair.evaluation().sweep().size());
        assertNull(fair.evaluation().counterfactual());
        assertTrue(json.definitions().stream().anyMatch(d -> d.name().equals("EQUALIZED_ODDS_DIFFERENCE")
                && d.formula().equals(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.definition().formula())));
        assertTrue(json.definitions().stream().anyMatch(d -> d.name().equals("DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION")
                && d.formula().equals("DIFFERENTIAL_FAIRNESS - LABEL_DIFFERENTIAL_FAIRNESS") && d.ideal() == 0.0));
        assertTrue(json.definitions().stream().anyMatch(d -> d.name().equals("COEFFICIENT_OF_VARIATION")));
        // Every estimate holds a value or a reason.
        for (ReportJson.RunJson r : json.runs()) {
            r.evaluation().metrics().forEach(m -> assertTrue((m.estimate().value() == null) == (m.estimate().reason() != null)
                    || m.estimate().lower() == null, m.toString()));
        }

        String html = Files.readString(files.get(1));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>Synthetic &lt;report&gt; &amp; test</title>"), "the title is escaped");
        assertFalse(html.contains("<report>"));
        assertFalse(html.contains("<script"), "no script");
        assertTrue(html.contains("DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION"), "the new metrics and their definitions are in the page");
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no external resource");
        Matcher svg = Pattern.compile("(?s)<svg .*?</svg>").matcher(html);
        int charts = 0;
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        while (svg.find()) {
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.group().getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", doc.getDocumentElement().getLocalName());
            charts++;
        }
        assertEquals(4, charts, "group rates, trade-off, training curves, threshold sweep");
        for (String id : List.of("chart-group-rates", "chart-tradeoff", "chart-training", "chart-sweep")) {
            assertTrue(html.contains("<svg id='" + id + "'"), id);
        }
        assertTrue(html.contains("True positive rate by group"));
        Interval gap = fairResult.metric(FairnessMetric.FPR_GAP, null);
        assertTrue(html.contains(Findings.Format.number(gap.estimate().value()) + "<br><span class=\"ci\">["
                + Findings.Format.number(gap.lower().value()) + ", " + Findings.Format.number(gap.upper().value()) + "]"));

        String card = Files.readString(files.get(2));
        int at = -1;
        for (String section : List.of("## Model details", "## Intended use", "## Factors", "## Metrics",
                "## Evaluation data", "## Training data", "## Quantitative analyses", "## Ethical considerations",
                "## Caveats and recommendations")) {
            int i = card.indexOf("\n" + section + "\n");
            assertTrue(i > at, section + " in order");
            at = i;
        }
        assertTrue(card.contains("# Model card: Synthetic \\<report\\> & test"), card.substring(0, 80));
        assertTrue(card.contains(Findings.Format.interval(fairResult.headline())));
    }

    @Test
    void aReportWithoutScoresOrEpochsHasNoSweepOrCurves() throws IOException {
        var obs = ReportFixtures.scored(ReportFixtures.GROUPS, 200, 0.2, 9);
        var decisions = dev.fairtune.fairness.Observations.builder().setGroups(obs.groups(), obs.group())
                .setLabels(obs.label()).optPredictions(obs.prediction()).build();
        ReportInput in = ReportInput.builder().setTitle("predictions").setProvenance(ReportFixtures.provenance())
                .setEvaluationData(DataSummary.of("p.csv", null, List.of("0", "1"), "g", decisions))
                .addRun(RunInput.builder().setName("given").setEvaluation(decisions).build()).optBootstrap(50, 0.9).build();
        FairnessReport report = FairnessReport.compute(in);
        String html = HtmlReport.render(report);
        assertEquals(2, html.split("<svg ", -1).length - 1, "group rates and trade-off only");
        assertTrue(html.contains("No threshold sweep"));
        ReportJson json = STRICT.readValue(ReportJson.write(report), ReportJson.class);
        assertNull(json.runs().get(0).threshold());
        assertTrue(json.runs().get(0).evaluation().scores().isEmpty());
        assertNotNull(ModelCard.render(report));
    }

    @Test
    void aPrivateRunStatesItsGuaranteeAndAuditEverywhere() throws IOException {
        var obs = ReportFixtures.scored(ReportFixtures.GROUPS, 200, 0.2, 9);
        dev.fairtune.train.TrainerConfig config = dev.fairtune.train.TrainerConfig.builder()
                .optPrivacy(dev.fairtune.train.TrainerConfig.Privacy.targetEpsilon(8, 1e-5, 1.0)).build();
        var privacy = new dev.fairtune.train.TrainingProvenance.PrivacyInfo(1e-5, 0.02, 0.8, 1.0,
                dev.fairtune.train.TrainerConfig.Sampling.POISSON, 100, 7.95, 100, 7.95, "BALLE_2020", List.of());
        var provenance = new dev.fairtune.train.TrainingProvenance("m", List.of("0", "1"), "train", "fp", 800, "val", "fv",
                100, "g", List.of("absent", "present"), "absent", List.of(), null, "fpr_gap", config, "embeddings frozen",
                List.of(), "2026-12-04T00:00:00Z", "2026-12-04T00:10:00Z", privacy);
        var audit = dev.fairtune.privacy.MembershipAudit.builder().setMemberLosses(new double[] {0.1, 0.2, 0.9})
                .setNonMemberLosses(new double[] {0.3, 0.8, 1.0}).optReplicates(20).build().run();
        ReportInput in = ReportInput.builder().setTitle("private").setProvenance(ReportFixtures.provenance())
                .setEvaluationData(DataSummary.of("p.csv", null, List.of("0", "1"), "g", obs))
                .addRun(RunInput.builder().setName("plain").setEvaluation(obs).build())
                .addRun(RunInput.builder().setName("dp").setEvaluation(obs).addTraining(
                        new dev.fairtune.train.TrainingHistory(provenance, List.of(), List.of(), List.of()))
                        .optMembershipAudit(audit).build())
                .optReference("absent").optBootstrap(50, 0.9).build();
        FairnessReport report = FairnessReport.compute(in);
        String sentence = privacy.describe();
        assertEquals("(epsilon 7.95, delta 0.00001)-DP per training example after 100 DP-SGD steps (sampling rate q"
                + " 0.02, noise multiplier sigma 0.8, clip norm C 1; Renyi accountant, BALLE_2020 conversion)", sentence);
        String html = HtmlReport.render(report);
        assertTrue(html.contains("<h2>Privacy</h2>"));
        assertTrue(html.contains(HtmlReport.esc(sentence)), "the guarantee with delta, q, sigma, C and steps");
        assertTrue(html.contains("not private (no DP-SGD)"), "the plain run says it has none");
        assertTrue(html.contains("attack AUC 0.778"), "the audit: AUC 7/9");
        ReportJson json = STRICT.readValue(ReportJson.write(report), ReportJson.class);
        assertNull(json.runs().get(0).privacy());
        assertEquals(sentence, json.runs().get(1).privacy());
        assertEquals(7.95, json.runs().get(1).training().privacy().epsilon(), 1e-12);
        assertEquals(7.0 / 9, json.runs().get(1).membership().get(0).auc().value(), 1e-12);
        assertTrue(json.runs().get(0).membership().isEmpty());
        String card = ModelCard.render(report);
        assertTrue(card.contains("Privacy of **dp**: (epsilon 7.95"), card);
        assertTrue(card.contains("Privacy of **plain**: not trained with differential privacy"), card);
    }

    @Test
    void aRunThatPredictsOneClassIsMarkedNotFairEverywhere() throws IOException {
        var obs = ReportFixtures.scored(ReportFixtures.GROUPS, 200, 0.2, 9);
        var allNegative = dev.fairtune.fairness.Observations.builder().setGroups(obs.groups(), obs.group())
                .setLabels(obs.label()).optPredictions(new int[obs.size()]).build();
        ReportInput in = ReportInput.builder().setTitle("collapse").setProvenance(ReportFixtures.provenance())
                .setEvaluationData(DataSummary.of("p.csv", null, List.of("0", "1"), "g", obs))
                .addRun(RunInput.builder().setName("healthy").setEvaluation(obs).build())
                .addRun(RunInput.builder().setName("collapsed").setEvaluation(allNegative).build())
                .optReference("absent").optBootstrap(50, 0.9).build();
        FairnessReport report = FairnessReport.compute(in);
        assertEquals(0.0, report.runs().get(1).metric(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE, null).estimate().value(),
                "its gap looks perfect");
        String reason = "predicts the negative class for 100.0% of all rows";
        String html = HtmlReport.render(report);
        assertTrue(html.contains("<tr class=\"collapsed\"><td>"), "the run's row is red");
        assertTrue(html.contains("Not a fair model: it " + reason), "with the reason");
        assertFalse(html.contains("Against healthy, collapsed"), "and no comparison claims it is fairer");
        ReportJson json = STRICT.readValue(ReportJson.write(report), ReportJson.class);
        assertNull(json.runs().get(0).collapsed());
        assertEquals(reason, json.runs().get(1).collapsed());
        assertTrue(ModelCard.render(report).contains("**Not a fair model: it " + reason));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("report.json");
        AtomicFiles.writeString(target, "old");
        Path blocker = dir.resolve("sub");
        Files.writeString(blocker, "a file where a folder should be");
        assertThrows(IOException.class, () -> AtomicFiles.writeString(blocker.resolve("x.json"), "new"));
        AtomicFiles.writeString(target, "new");
        assertEquals("new", Files.readString(target));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count());
        }
    }

    @Test
    void aFolderIsReplacedWholeOrNotAtAll() throws IOException {
        Path target = dir.resolve("model");
        AtomicFiles.writeFolder(target, f -> Files.writeString(f.resolve("a.txt"), "first"));
        AtomicFiles.writeFolder(target, f -> Files.writeString(f.resolve("b.txt"), "second"));
        assertFalse(Files.exists(target.resolve("a.txt")), "the old folder is replaced, not merged");
        assertEquals("second", Files.readString(target.resolve("b.txt")));
        assertThrows(IOException.class, () -> AtomicFiles.writeFolder(target, f -> {
            Files.writeString(f.resolve("c.txt"), "half");
            throw new IOException("disk full");
        }));
        assertEquals("second", Files.readString(target.resolve("b.txt")), "a failed write leaves the old folder");
        assertFalse(Files.exists(target.resolve("c.txt")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("model"), s.map(p -> p.getFileName().toString()).toList(), "no temporary folder");
        }
    }

    private static void assertThrows(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(type, e);
    }
}
