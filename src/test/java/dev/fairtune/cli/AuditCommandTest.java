package dev.fairtune.cli;

import dev.fairtune.job.AuditJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairtune.data.Table;
import dev.fairtune.fairness.Aggregation;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Value;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The audit command: same numbers as the library, JSON that parses back, clear errors. */
class AuditCommandTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    @TempDir
    Path dir;

    /** Runs the CLI; returns exit code, standard output and standard error. */
    private static String[] run(String... args) {
        CommandLine cl = FairTuneCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private static Path compasFile() {
        String root = System.getProperty("fairtune.data", System.getenv("FAIRTUNE_DATA"));
        assumeTrue(root != null, "no data folder: set -Dfairtune.data or FAIRTUNE_DATA");
        Path p = Path.of(root, "compas", "derived_compas_two_years_propublica_filter_nopii.csv");
        assumeTrue(Files.isRegularFile(p), "COMPAS absent, test skipped: " + p);
        return p;
    }

    @Test
    void compasJsonEqualsTheLibraryAndParsesBack() throws IOException {
        Path compas = compasFile();
        Path json = dir.resolve("compas.json");
        String[] r = run("audit", "-i", compas.toString(), "--label", "two_year_recid", "--prediction", "score_text",
                "--negative-prediction", "Low", "--score", "decile_score", "--group", "race", "--reference",
                "Caucasian", "--json", "--output-file", json.toString());
        assertEquals("0", r[0], r[2]);
        AuditJson audit = STRICT.readValue(json.toFile(), AuditJson.class);
        assertEquals(AuditJson.SCHEMA, audit.schema());
        assertEquals(6172, audit.input().rows());

        // The library API on the same file.
        Table t = Table.read(compas);
        int n = t.rowCount();
        int[] y = new int[n];
        int[] p = new int[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = "1".equals(t.get(i, "two_year_recid")) ? 1 : 0;
            p[i] = "Low".equals(t.get(i, "score_text")) ? 0 : 1;
            s[i] = Double.parseDouble(t.get(i, "decile_score"));
        }
        MetricFrame lib = MetricFrame.of(Observations.builder().setGroups(Groups.fromColumn(t.column("race")))
                .setLabels(y).optPredictions(p).optScores(s).build(), "Caucasian");

        AuditJson.MetricJson aod = audit.metrics().stream()
                .filter(m -> m.metric().equals("AVERAGE_ODDS_DIFFERENCE") && "African-American".equals(m.group()))
                .findFirst().orElseThrow();
        assertEquals(0.207412, aod.value().value(), 5e-7);
        assertEquals("Caucasian", aod.reference());
        assertEquals(lib.metrics().size(), audit.metrics().size());
        for (AuditJson.MetricJson m : audit.metrics()) {
            FairnessMetric metric = FairnessMetric.valueOf(m.metric());
            Value v = m.group() == null ? lib.metric(metric) : lib.metric(metric, m.group());
            assertSame(v, m.value());
        }
        assertEquals(lib.aggregates().size(), audit.aggregates().size());
        for (AuditJson.AggregateJson a : audit.aggregates()) {
            assertSame(lib.aggregate(Rate.valueOf(a.rate()), Aggregation.valueOf(a.aggregation()), a.group()), a.value());
        }
        for (AuditJson.GroupJson g : audit.groups()) {
            assertEquals(lib.group(g.group()).confusion().tp(), g.tp());
            assertSame(lib.group(g.group()).get(Rate.FPR), g.rates().get("FPR"));
            assertSame(lib.group(g.group()).get(Rate.FOR), g.rates().get("FOR"));
            assertSame(lib.group(g.group()).get(Rate.BALANCED_ACCURACY), g.rates().get("BALANCED_ACCURACY"));
        }
        assertEquals(1188, audit.groups().stream().filter(g -> g.group().equals("African-American")).findFirst()
                .orElseThrow().tp());
        assertTrue(audit.groups().stream().filter(g -> g.group().equals("Native American")).findFirst().orElseThrow()
                .belowMinSize());
        assertSame(lib.scores().overallAuc(), audit.scores().overallAuc());
        assertSame(lib.scores().group("Asian").bpsnAuc(), audit.scores().groups().get(1).bpsnAuc());
        // Deciles are not probabilities: the reason is in the JSON.
        assertNull(audit.scores().overallCalibrationError().value());
        assertEquals("SCORE_OUT_OF_RANGE", audit.scores().overallCalibrationError().reason());
        assertEquals("overall", audit.scores().overallCalibrationError().where());
        everyValueHasValueOrReason(audit);
    }

    @Test
    void compasTableAndThresholdedScores() {
        Path compas = compasFile();
        String[] r = run("audit", "-i", compas.toString(), "--label", "two_year_recid", "--score", "decile_score",
                "--threshold", "5", "--group", "race", "--group", "sex", "--reference", "Caucasian & Male");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("African-American & Male"), r[1]);
        assertTrue(r[1].contains("Asian & Female*"), r[1]);
        assertTrue(r[1].contains("AVERAGE_ODDS_DIFFERENCE"), r[1]);
        assertTrue(r[1].contains("positive at >= 5.0"), r[1]);
    }

    /** The two-group fixture of docs/metrics.md as a CSV with string labels, a score and a weight column. */
    private Path fixtureCsv() throws IOException {
        StringBuilder csv = new StringBuilder("group,outcome,predicted,score,w\n");
        // A: TP 3, FP 1, TN 4, FN 2; B: TP 1, FP 3, TN 3, FN 1; group "C" has no positive labels.
        String[][] cells = {{"A", "3", "1", "4", "2"}, {"B", "1", "3", "3", "1"}, {"C", "0", "1", "2", "0"}};
        for (String[] c : cells) {
            int[] k = {Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3]), Integer.parseInt(c[4])};
            String[][] rows = {{"yes", "yes", "0.8"}, {"no", "yes", "0.7"}, {"no", "no", "0.2"}, {"yes", "no", "0.3"}};
            for (int cell = 0; cell < 4; cell++) {
                for (int i = 0; i < k[cell]; i++) {
                    csv.append(c[0]).append(',').append(rows[cell][0]).append(',').append(rows[cell][1]).append(',')
                            .append(rows[cell][2]).append(",1\n");
                }
            }
        }
        Path f = dir.resolve("fixture.csv");
        Files.writeString(f, csv.toString());
        return f;
    }

    @Test
    void fixtureValuesAndUndefinedReasonsInJson() throws IOException {
        String[] r = run("audit", "-i", fixtureCsv().toString(), "--label", "outcome", "--positive-label", "yes",
                "--prediction", "predicted", "--score", "score", "--weight", "w", "--group", "group",
                "--reference", "A", "--min-group-size", "0", "--json");
        assertEquals("0", r[0], r[2]);
        AuditJson audit = STRICT.readValue(r[1], AuditJson.class);
        AuditJson.MetricJson aod = audit.metrics().stream()
                .filter(m -> m.metric().equals("AVERAGE_ODDS_DIFFERENCE") && "B".equals(m.group())).findFirst()
                .orElseThrow();
        assertEquals(0.1, aod.value().value(), 1e-12);
        AuditJson.MetricJson aodC = audit.metrics().stream()
                .filter(m -> m.metric().equals("AVERAGE_ODDS_DIFFERENCE") && "C".equals(m.group())).findFirst()
                .orElseThrow();
        assertNull(aodC.value().value());
        assertEquals("NO_POSITIVE_LABELS", aodC.value().reason());
        assertEquals("C", aodC.value().where());
        assertEquals("no positive labels (C)", aodC.value().text());
        AuditJson.GroupJson c = audit.groups().get(2);
        assertEquals("NO_POSITIVE_LABELS", c.rates().get("TPR").reason());
        assertEquals(1.0 / 3, c.rates().get("FPR").value(), 1e-12);
        assertEquals("NO_POSITIVE_LABELS", audit.scores().groups().get(2).auc().reason());
        assertEquals(List.of("yes"), audit.input().positiveLabels());
        everyValueHasValueOrReason(audit);
    }

    /**
     * The three-group fixture of docs/metrics.md as intersectional cells of two columns: A = "f & x",
     * B = "f & y", C = "m & x" ("m & y" has no rows), with the inequality and differential fairness
     * metrics worked out by hand (docs/metrics.md, "Inequality and differential fairness").
     */
    @Test
    void inequalityAndDifferentialFairnessInJson() throws IOException {
        StringBuilder csv = new StringBuilder("sex,race,outcome,predicted\n");
        // {TP, FP, TN, FN}: A 3 1 4 2, B 1 3 3 1, C 2 0 5 3.
        String[][] cells = {{"f", "x", "3", "1", "4", "2"}, {"f", "y", "1", "3", "3", "1"}, {"m", "x", "2", "0", "5", "3"}};
        String[] rows = {"1,1", "0,1", "0,0", "1,0"};
        for (String[] c : cells) {
            for (int cell = 0; cell < 4; cell++) {
                for (int i = 0; i < Integer.parseInt(c[2 + cell]); i++) {
                    csv.append(c[0]).append(',').append(c[1]).append(',').append(rows[cell]).append('\n');
                }
            }
        }
        Path f = dir.resolve("cells.csv");
        Files.writeString(f, csv.toString());
        String[] r = run("audit", "-i", f.toString(), "--label", "outcome", "--prediction", "predicted",
                "--group", "sex", "--group", "race", "--min-group-size", "0", "--json");
        assertEquals("0", r[0], r[2]);
        AuditJson audit = STRICT.readValue(r[1], AuditJson.class);
        assertEquals(List.of("f & x", "f & y", "m & x"), audit.groups().stream().map(AuditJson.GroupJson::group).toList());
        // Benefits b = prediction - label + 1: 18 correct (1), 4 false positives (2), 6 false negatives (0);
        // n = 28, mu = 26/28 = 13/14, E[b^2] = 34/28, variance 17/14 - 169/196 = 69/196.
        // CV = sqrt(69)/14 / (13/14) = sqrt(69)/13 = 0.638971; GE(2) = CV^2 / 2 = 69/338.
        assertEquals(Math.sqrt(69) / 13, metric(audit, "COEFFICIENT_OF_VARIATION"), 1e-12);
        assertEquals(69.0 / 338, metric(audit, "GENERALIZED_ENTROPY_INDEX"), 1e-12);
        // Group means 9/10, 5/4, 7/10 (10, 8, 10 rows): E[mu_g^2] = (8.1 + 12.5 + 4.9) / 28 = 25.5/28,
        // variance 9.5/196, CV_between = sqrt(9.5) / 13 = 0.237093.
        assertEquals(Math.sqrt(9.5) / 13, metric(audit, "BETWEEN_GROUP_COEFFICIENT_OF_VARIATION"), 1e-12);
        // GE(0) takes ln 0 at each false negative: undefined, with its reason.
        AuditJson.ValueJson mld = value(audit, "MEAN_LOG_DEVIATION");
        assertNull(mld.value());
        assertEquals("ZERO_BENEFIT", mld.reason());
        assertEquals("overall", mld.where());
        // -(1/28) [10 ln(0.9/mu) + 8 ln(1.25/mu) + 10 ln(0.7/mu)] = 0.027149.
        double mu = 13.0 / 14;
        assertEquals(-(10 * Math.log(0.9 / mu) + 8 * Math.log(1.25 / mu) + 10 * Math.log(0.7 / mu)) / 28,
                metric(audit, "BETWEEN_GROUP_MEAN_LOG_DEVIATION"), 1e-12);
        assertEquals(0.027149391612417823, metric(audit, "BETWEEN_GROUP_MEAN_LOG_DEVIATION"), 1e-12);
        // Smoothed P(pred = 1 | s) = (N_1 + 1/2) / (N + 1): 4.5/11, 4.5/9, 2.5/11 -> ln((1/2) / (5/22)) = ln(11/5);
        // labels 5.5/11, 2.5/9, 5.5/11 -> ln(9/5); amplification ln(11/5) - ln(9/5) = ln(11/9).
        assertEquals(Math.log(11.0 / 5), metric(audit, "DIFFERENTIAL_FAIRNESS"), 1e-12);
        assertEquals(Math.log(9.0 / 5), metric(audit, "LABEL_DIFFERENTIAL_FAIRNESS"), 1e-12);
        assertEquals(Math.log(11.0 / 9), metric(audit, "DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION"), 1e-12);
        AuditJson.MetricJson df = audit.metrics().stream().filter(m -> m.metric().equals("DIFFERENTIAL_FAIRNESS"))
                .findFirst().orElseThrow();
        assertEquals("ACROSS_GROUPS", df.scope());
        assertEquals(0.0, df.ideal());
        assertNull(df.group());
        everyValueHasValueOrReason(audit);
        // The table shows them too.
        String[] table = run("audit", "-i", f.toString(), "--label", "outcome", "--prediction", "predicted",
                "--group", "sex", "--group", "race");
        assertEquals("0", table[0], table[2]);
        assertTrue(table[1].contains("DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION"), table[1]);
        assertTrue(table[1].contains("COEFFICIENT_OF_VARIATION"), table[1]);
    }

    private static AuditJson.ValueJson value(AuditJson audit, String metric) {
        return audit.metrics().stream().filter(m -> m.metric().equals(metric)).findFirst().orElseThrow().value();
    }

    private static double metric(AuditJson audit, String metric) {
        Double v = value(audit, metric).value();
        assertNotNull(v, metric + " is undefined: " + value(audit, metric));
        return v;
    }

    @Test
    void badInputGivesOneClearMessage() throws IOException {
        Path f = fixtureCsv();
        String[] r = run("audit", "-i", f.toString(), "--label", "outcome", "--prediction", "predicted", "--group", "group");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("no row of column 'outcome' has a positive label [1]; values seen: [yes, no]"), r[2]);
        r = run("audit", "-i", f.toString(), "--label", "outcome", "--positive-label", "yes", "--prediction",
                "predicted", "--group", "group", "--reference", "Z");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--reference 'Z' is not a group; the groups are [A, B, C]"), r[2]);
        r = run("audit", "-i", f.toString(), "--label", "outcome", "--positive-label", "yes", "--group", "group");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("give --prediction COLUMN, or --score COLUMN"), r[2]);
        r = run("audit", "-i", f.toString(), "--label", "outcome", "--positive-label", "yes", "--score", "group",
                "--group", "group");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("fixture.csv:2: 'A' in column 'group' is not a number"), r[2]);
        r = run("audit", "-i", f.toString(), "--label", "outcome");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("Missing required option"), r[2]);
        assertTrue(!r[2].contains("Exception"), r[2]);
    }

    private static void assertSame(Value expected, AuditJson.ValueJson actual) {
        if (expected.isDefined()) {
            assertEquals(expected.value(), actual.value(), 0.0);
            assertNull(actual.reason());
        } else {
            assertNull(actual.value());
            assertEquals(expected.reason().name(), actual.reason());
            assertEquals(expected.group(), actual.where());
        }
    }

    /** The schema's invariant: a value or a reason, never both, never neither. */
    private static void everyValueHasValueOrReason(AuditJson audit) {
        List<AuditJson.GroupJson> groups = new java.util.ArrayList<>(audit.groups());
        groups.add(audit.overall());
        for (AuditJson.GroupJson g : groups) {
            assertEquals(dev.fairtune.fairness.MetricFrame.DEFAULT_RATES.stream().map(Enum::name).toList(),
                    List.copyOf(g.rates().keySet()), "every rate, in order");
            g.rates().values().forEach(AuditCommandTest::check);
        }
        audit.metrics().forEach(m -> check(m.value()));
        audit.aggregates().forEach(a -> check(a.value()));
    }

    private static void check(AuditJson.ValueJson v) {
        assertNotNull(v);
        assertTrue((v.value() == null) == (v.reason() != null), v.toString());
        assertTrue((v.reason() == null) == (v.text() == null), v.toString());
    }

    /** --bootstrap: one interval per named metric, its estimate the metric's value; keyed by position or a column. */
    @Test
    void poissonBootstrapIntervalsInJson() throws IOException {
        StringBuilder csv = new StringBuilder("id,group,label,predicted\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 600; i++) {
            int g = i % 2;
            csv.append("r").append(i).append(',').append(g == 0 ? "A" : "B").append(',').append(random.nextInt(2))
                    .append(',').append(random.nextDouble() < (g == 0 ? 0.4 : 0.6) ? 1 : 0).append('\n');
        }
        Path f = dir.resolve("rows.csv");
        Files.writeString(f, csv.toString());
        String[] base = {"audit", "-i", f.toString(), "--label", "label", "--prediction", "predicted", "--group",
            "group", "--reference", "A", "--json", "--bootstrap", "200"};
        String[] r = run(base);
        assertEquals("0", r[0], r[2]);
        AuditJson audit = STRICT.readValue(r[1], AuditJson.class);
        AuditJson.BootstrapJson b = audit.bootstrap();
        assertEquals("poisson", b.method());
        assertEquals(200, b.replicates());
        assertNull(b.key());
        assertEquals(audit.metrics().size(), b.intervals().size());
        for (int i = 0; i < b.intervals().size(); i++) {
            AuditJson.IntervalJson in = b.intervals().get(i);
            AuditJson.MetricJson m = audit.metrics().get(i);
            assertEquals(m.metric(), in.metric());
            assertEquals(m.value(), in.estimate());
        }
        AuditJson.IntervalJson spd = b.intervals().stream()
                .filter(i -> i.metric().equals("STATISTICAL_PARITY_DIFFERENCE")).findFirst().orElseThrow();
        assertTrue(spd.lower().value() < spd.estimate().value() && spd.estimate().value() < spd.upper().value());
        String[] keyed = java.util.Arrays.copyOf(base, base.length + 2);
        keyed[base.length] = "--bootstrap-key";
        keyed[base.length + 1] = "id";
        AuditJson byId = STRICT.readValue(run(keyed)[1], AuditJson.class);
        assertEquals("id", byId.bootstrap().key());
        assertTrue(!byId.bootstrap().intervals().equals(b.intervals()), "other keys draw other weights");
        assertEquals(b, STRICT.readValue(run(base)[1], AuditJson.class).bootstrap(), "same seed, same intervals");
        assertNull(STRICT.readValue(run(java.util.Arrays.copyOf(base, base.length - 2))[1], AuditJson.class).bootstrap());
        String[] noJson = {"audit", "-i", f.toString(), "--label", "label", "--prediction", "predicted", "--group",
            "group", "--bootstrap", "10"};
        assertEquals("1", run(noJson)[0], "an option that needs --json is bad input");
    }
}
