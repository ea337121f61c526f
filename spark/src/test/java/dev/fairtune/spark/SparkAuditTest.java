package dev.fairtune.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairtune.cli.FairTuneCli;
import dev.fairtune.fairness.GroupScores;
import dev.fairtune.fairness.ScoreSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Spark audit against {@code fairtune audit --json} of the same file: every number within 1e-12
 * (AUCs included) with 1, 4 and 16 partitions, bootstrap intervals identical across partitionings.
 */
class SparkAuditTest {
    private static final double EPS = 1e-12;
    private static final ObjectMapper JSON = new ObjectMapper();
    static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** {@code fairtune audit} of a file, its JSON parsed. */
    static JsonNode singleMachine(String... args) throws IOException {
        CommandLine cl = FairTuneCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("audit", "--json"));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(new String[0]));
        assertEquals(0, code, err.toString());
        return JSON.readTree(out.toString());
    }

    static Dataset<Row> csv(Path file) {
        return spark.read().option("header", "true").csv(file.toString());
    }

    /**
     * 8 000 rows: two group columns (3 x 2 intersectional cells, one small), labels "yes"/"no",
     * scores with 3 decimals (many ties, a few above 1 in one cell), predictions at 0.5, weights 1-3.
     */
    static Path generated() throws IOException {
        Path f = dir.resolve("generated.csv");
        if (Files.exists(f)) {
            return f;
        }
        Random r = new Random(11);
        StringBuilder s = new StringBuilder("id,race,sex,outcome,score,predicted,w\n");
        String[] races = {"a", "b", "c"};
        for (int i = 0; i < 8_000; i++) {
            String race = i % 401 == 0 ? "c" : races[r.nextInt(2)];
            String sex = r.nextBoolean() ? "f" : "m";
            boolean y = r.nextDouble() < (race.equals("a") ? 0.4 : 0.3);
            double score = Math.min(1, Math.max(0, (y ? 0.6 : 0.4) + 0.2 * r.nextGaussian()));
            if (race.equals("c") && i % 802 == 0) {
                score = 1.25;
            }
            String sc = String.format("%.3f", score);
            s.append("id").append(i).append(',').append(race).append(',').append(sex).append(',')
                    .append(y ? "yes" : "no").append(',').append(sc).append(',')
                    .append(Double.parseDouble(sc) >= 0.5 ? "yes" : "no").append(',').append(1 + r.nextInt(3))
                    .append('\n');
        }
        Files.writeString(f, s.toString());
        return f;
    }

    private static SparkAudit.Builder generatedAudit(Dataset<Row> data, Path f) {
        return SparkAudit.builder(data).optSource(f.toString()).setLabel("outcome").optPositiveLabels("yes")
                .optPrediction("predicted").optScore("score").addGroup("race").addGroup("sex").optReference("a & f");
    }

    private static final String[] GENERATED_ARGS = {"--label", "outcome", "--positive-label", "yes", "--prediction",
        "predicted", "--score", "score", "--group", "race", "--group", "sex", "--reference", "a & f"};

    private static String[] args(Path f, String[] common, String... more) {
        List<String> all = new ArrayList<>(List.of("-i", f.toString()));
        all.addAll(List.of(common));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void generatedRowsGiveTheSingleMachineJsonWithAnyPartitioning() throws IOException {
        Path f = generated();
        JsonNode expected = singleMachine(args(f, GENERATED_ARGS, "--bootstrap", "20", "--bootstrap-key", "id"));
        JsonNode weighted = singleMachine(args(f, GENERATED_ARGS, "--weight", "w"));
        JsonNode firstIntervals = null;
        for (int partitions : new int[] {1, 4, 16}) {
            Dataset<Row> data = csv(f).repartition(partitions);
            assertEquals(partitions, data.rdd().getNumPartitions());
            SparkAudit.Result r = generatedAudit(data, f).optBootstrap(20, 42, "id").run();
            JsonNode actual = JSON.readTree(r.json().toJson());
            assertJsonEquals(expected, actual, "$ (" + partitions + " partitions)");
            // unweighted counts are integers, so the intervals are identical, not only close
            if (firstIntervals == null) {
                firstIntervals = actual.get("bootstrap");
            }
            assertEquals(firstIntervals, actual.get("bootstrap"), partitions + " partitions");
            assertJsonEquals(weighted, JSON.readTree(generatedAudit(data, f).optWeight("w").run().json().toJson()),
                    "$ weighted (" + partitions + " partitions)");
        }
        // the fixture reaches the cases that matter: undefined calibration, a small cell, ties
        assertEquals("SCORE_OUT_OF_RANGE", expected.at("/scores/overallCalibrationError/reason").asText());
        assertTrue(expected.at("/groups/4/belowMinSize").asBoolean(), expected.at("/groups/4").toString());
        assertEquals(20, expected.at("/bootstrap/replicates").asInt());
    }

    @Test
    void theCommandLineWritesTheSameJson() throws IOException {
        Path f = generated();
        JsonNode expected = singleMachine(args(f, GENERATED_ARGS, "--weight", "w"));
        Path out = dir.resolve("spark-audit.json");
        int code = AuditMain.commandLine().execute(args(f, GENERATED_ARGS, "--weight", "w", "--partitions", "4", "--output-file",
                out.toString()));
        assertEquals(0, code);
        assertJsonEquals(expected, JSON.readTree(out.toFile()), "$");
        CommandLine bad = AuditMain.commandLine();
        StringWriter err = new StringWriter();
        bad.setErr(new PrintWriter(err, true));
        assertEquals(1, bad.execute("-i", f.toString(), "--label", "outcome", "--prediction", "predicted", "-g",
                "race", "--reference", "nobody"), err.toString());
        assertTrue(err.toString().contains("reference 'nobody' is not a group; the groups are [a, b, c]"), err.toString());
        assertEquals(2, AuditMain.commandLine().execute("--label", "outcome", "-g", "race"));
    }

    @Test
    void rowPositionKeysFollowTheFileOrder() throws IOException {
        Path f = generated();
        JsonNode expected = singleMachine(args(f, GENERATED_ARGS, "--bootstrap", "30"));
        spark.conf().set("spark.sql.files.maxPartitionBytes", "25000");
        try {
            Dataset<Row> data = csv(f);
            assertTrue(data.rdd().getNumPartitions() >= 4, "the file is read in several ordered splits");
            JsonNode actual = JSON.readTree(generatedAudit(data, f).optBootstrap(30, 42, null).run().json().toJson());
            assertJsonEquals(expected, actual, "$");
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
    }

    @Test
    void compasGivesTheSingleMachineJson() throws IOException {
        String root = System.getProperty("fairtune.data", System.getenv("FAIRTUNE_DATA"));
        assumeTrue(root != null, "no data folder: set -Dfairtune.data or FAIRTUNE_DATA");
        Path compas = Path.of(root, "compas", "derived_compas_two_years_propublica_filter_nopii.csv");
        assumeTrue(Files.isRegularFile(compas), "COMPAS absent, test skipped: " + compas);
        JsonNode expected = singleMachine("-i", compas.toString(), "--label", "two_year_recid", "--prediction",
                "score_text", "--negative-prediction", "Low", "--score", "decile_score", "--group", "race",
                "--group", "sex", "--reference", "Caucasian & Male", "--bootstrap", "50", "--bootstrap-key", "id");
        for (int partitions : new int[] {1, 4, 16}) {
            SparkAudit.Result r = SparkAudit.builder(csv(compas).repartition(partitions)).optSource(compas.toString())
                    .setLabel("two_year_recid").optPrediction("score_text").optNegativePredictions("Low")
                    .optScore("decile_score").addGroup("race").addGroup("sex").optReference("Caucasian & Male")
                    .optBootstrap(50, 42, "id").run();
            assertJsonEquals(expected, JSON.readTree(r.json().toJson()), "$ (" + partitions + " partitions)");
        }
        assertEquals(6172, expected.at("/input/rows").asLong());
        assertTrue(expected.at("/scores/overallAuc/value").asDouble() > 0.6);
    }

    @Test
    void binnedScoresStayWithinTheirStatedError() {
        Random r = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int y = r.nextInt(2);
            double s = 1 / (1 + Math.exp(-(y - 0.5 + r.nextGaussian())));
            rows.add(org.apache.spark.sql.RowFactory.create(i % 3 == 0 ? "x" : "z", y, s));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("g", "string").add("y", "int").add("s", "double");
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(3);
        SparkAudit.Result exact = SparkAudit.builder(data).setLabel("y").optScore("s").addGroup("g").run();
        SparkAudit.Result binned = SparkAudit.builder(data).setLabel("y").optScore("s").addGroup("g")
                .optScoreBins(100).run();
        SparkAudit.BinnedError e = binned.binnedError();
        assertNotNull(e);
        assertTrue(e.aucBound() > 0 && e.aucBound() < 0.01, e.toString());
        ScoreSummary a = exact.frame().scores();
        ScoreSummary b = binned.frame().scores();
        assertTrue(Math.abs(a.overallAuc().value() - b.overallAuc().value()) <= e.aucBound());
        assertTrue(Math.abs(a.overallCalibrationError().value() - b.overallCalibrationError().value())
                <= e.calibrationBound());
        for (int g = 0; g < 2; g++) {
            GroupScores x = a.byGroup().get(g);
            GroupScores z = b.byGroup().get(g);
            assertTrue(Math.abs(x.auc().value() - z.auc().value()) <= e.aucBound());
            assertTrue(Math.abs(x.bpsnAuc().value() - z.bpsnAuc().value()) <= e.aucBound());
            assertTrue(Math.abs(x.bnspAuc().value() - z.bnspAuc().value()) <= e.aucBound());
            assertTrue(Math.abs(x.calibrationError().value() - z.calibrationError().value()) <= e.calibrationBound());
        }
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> SparkAudit.builder(data).setLabel("y").optScore("s").addGroup("g").optMaxHistogramEntries(1000)
                        .run());
        assertTrue(tooMany.getMessage().contains("optScoreBins"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SparkAudit.builder(data).setLabel("y").optScore("s").addGroup("g").optScoreBins(15).run());
    }

    @Test
    void counterfactualPairsGiveTheLibrarysStatistics() {
        Random r = new Random(9);
        List<Row> rows = new ArrayList<>();
        List<Integer> g = new ArrayList<>();
        List<Double> s = new ArrayList<>();
        List<Double> t = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int group = r.nextInt(3);
            double score = r.nextDouble();
            Double twin = r.nextInt(3) == 0 ? null : Math.min(1, Math.max(0, score + 0.2 * r.nextGaussian()));
            rows.add(org.apache.spark.sql.RowFactory.create("g" + group, r.nextInt(2), score, twin));
            if (twin != null) {
                g.add(group);
                s.add(score);
                t.add(twin);
            }
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("group", "string").add("y", "int").add("s", "double").add("twin", "double");
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(4);
        dev.fairtune.fairness.CounterfactualFairness fromSpark = SparkAudit.builder(data).setLabel("y").optScore("s")
                .optThreshold(0.4).addGroup("group").optCounterfactualScore("twin").run().counterfactual();
        dev.fairtune.fairness.CounterfactualFairness one = dev.fairtune.fairness.CounterfactualFairness.of(
                dev.fairtune.fairness.Groups.of("g0", "g1", "g2"), g.stream().mapToInt(Integer::intValue).toArray(),
                s.stream().mapToDouble(Double::doubleValue).toArray(), t.stream().mapToDouble(Double::doubleValue)
                        .toArray(), 0.4);
        assertEquals(one.pairs(), fromSpark.pairs());
        assertEquals(one.flips(), fromSpark.flips());
        assertTrue(one.flips() > 50, "the fixture flips decisions: " + one.flips());
        for (dev.fairtune.fairness.CounterfactualFairness.Statistic st
                : dev.fairtune.fairness.CounterfactualFairness.Statistic.values()) {
            assertEquals(one.get(st).value(), fromSpark.get(st).value(), EPS, st.name());
            for (int k = 0; k < 3; k++) {
                assertEquals(one.get(st, k).value(), fromSpark.get(st, k).value(), EPS, st + " g" + k);
            }
        }
    }

    @Test
    void badValuesNameTheColumn() {
        List<Row> rows = List.of(org.apache.spark.sql.RowFactory.create("a", "1", "1"),
                org.apache.spark.sql.RowFactory.create("b", "", "0"));
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("g", "string").add("y", "string").add("p", "string");
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkAudit.builder(data).setLabel("y").optPrediction("p").addGroup("g").run());
        assertTrue(e.getMessage().contains("empty value in column 'y'"), e.getMessage());
        IllegalArgumentException ref = assertThrows(IllegalArgumentException.class,
                () -> SparkAudit.builder(data.filter("y = '1'")).setLabel("y").optPrediction("p").addGroup("g")
                        .optReference("nobody").run());
        assertTrue(ref.getMessage().contains("the groups are [a]"), ref.getMessage());
    }

    /** Same structure, same texts and flags, numbers within 1e-12. */
    static void assertJsonEquals(JsonNode expected, JsonNode actual, String path) {
        if (expected.isNumber() && actual.isNumber()) {
            double a = expected.asDouble();
            double b = actual.asDouble();
            assertTrue(a == b || Math.abs(a - b) <= EPS * Math.max(1, Math.abs(a)), path + ": " + a + " vs " + b);
            return;
        }
        assertEquals(expected.getNodeType(), actual.getNodeType(), path);
        if (expected.isObject()) {
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertEquals(names, actualNames, path);
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                assertJsonEquals(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey());
            }
        } else if (expected.isArray()) {
            assertEquals(expected.size(), actual.size(), path);
            for (int i = 0; i < expected.size(); i++) {
                assertJsonEquals(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, path);
        }
    }
}
