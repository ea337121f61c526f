package dev.fairtune.spark;

import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark audit from the command line, for {@code spark-submit --class dev.fairtune.spark.AuditMain}:
 * the options of {@code fairtune audit --json} (same names, same meaning) read a Parquet, CSV, TSV or
 * JSON Lines path or a table, run {@link SparkAudit}, and write the {@code fairtune-audit/1} JSON.
 * Exit codes as {@code fairtune}'s: 0 success, 1 bad input, 2 bad usage.
 */
@Command(name = "fairtune-spark-audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure the fairness of predictions in a Spark Dataset; writes the fairtune-audit/1 JSON.")
public final class AuditMain implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, paramLabel = "PATH",
            description = "Predictions: a .parquet, .csv, .tsv or .jsonl/.json path (file or folder; any Spark file system).")
    String input;

    @Option(names = "--table", paramLabel = "NAME", description = "A table of the Spark catalog instead of --input.")
    String table;

    @Option(names = "--label", required = true, paramLabel = "COLUMN", description = "The true label column.")
    String label;

    @Option(names = "--positive-label", paramLabel = "VALUE", defaultValue = "1", split = ",",
            description = "Label value(s) counted as positive (default: ${DEFAULT-VALUE}).")
    List<String> positiveLabels;

    @Option(names = "--prediction", paramLabel = "COLUMN", description = "The predicted label column.")
    String prediction;

    @Option(names = "--positive-prediction", paramLabel = "VALUE", split = ",",
            description = "Prediction value(s) counted as positive (default: the positive labels).")
    List<String> positivePredictions;

    @Option(names = "--negative-prediction", paramLabel = "VALUE", split = ",",
            description = "Prediction value(s) counted as negative; every other value is positive.")
    List<String> negativePredictions;

    @Option(names = "--score", paramLabel = "COLUMN", description = "A score column (higher: more likely positive).")
    String score;

    @Option(names = "--threshold", paramLabel = "T",
            description = "Without --prediction, a score at or above T is a positive prediction (default 0.5).")
    Double threshold;

    @Option(names = {"-g", "--group"}, required = true, paramLabel = "COLUMN",
            description = "Group column; repeat for intersectional groups.")
    List<String> groups;

    @Option(names = "--reference", paramLabel = "GROUP", description = "The reference (privileged) group.")
    String reference;

    @Option(names = "--weight", paramLabel = "COLUMN", description = "Sample weight column.")
    String weight;

    @Option(names = "--min-group-size", paramLabel = "N", defaultValue = "30",
            description = "Flag groups with fewer rows (default: ${DEFAULT-VALUE}).")
    int minGroupSize;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "0",
            description = "Poisson bootstrap 95%% intervals from N replicates (default: ${DEFAULT-VALUE}, none).")
    int bootstrap;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the bootstrap draws, as fairtune audit --seed.")
    long bootstrapSeed;

    @Option(names = "--bootstrap-key", paramLabel = "COLUMN",
            description = "A column of unique row ids keying the draws (default: the row's position).")
    String bootstrapKey;

    @Option(names = "--counterfactual-score", paramLabel = "COLUMN",
            description = "Score of each row's counterfactual twin (null where none): prints the counterfactual "
                    + "statistics (pairs, flip rate, mean |s - s'|) on standard error.")
    String counterfactualScore;

    @Option(names = "--score-bins", paramLabel = "K", defaultValue = "0",
            description = "Binned mode: scores to the midpoints of K bins (a multiple of 10), with a stated error.")
    int scoreBins;

    @Option(names = "--max-histogram-entries", paramLabel = "N", defaultValue = "5000000",
            description = "The most aggregated entries collected to the driver (default: ${DEFAULT-VALUE}).")
    long maxHistogramEntries;

    @Option(names = "--partitions", paramLabel = "N", description = "Repartition the rows into N partitions first.")
    Integer partitions;

    @Option(names = "--output-file", paramLabel = "FILE",
            description = "Write the JSON here (on the driver) instead of to standard output, as fairtune audit --output-file.")
    Path output;

    /** Runs the command line; exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with bad input (an IllegalArgumentException) mapped to exit code 1. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AuditMain());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof org.apache.spark.sql.AnalysisException) {
                line.getErr().println("fairtune-spark-audit: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl;
    }

    @Override
    public Integer call() throws IOException {
        if ((input == null) == (table == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give --input PATH or --table NAME");
        }
        SparkSession spark = SparkSession.builder().appName("fairtune audit").getOrCreate();
        long start = System.nanoTime();
        Dataset<Row> data = table != null ? spark.table(table) : read(spark, input);
        if (partitions != null) {
            data = data.repartition(partitions);
        }
        SparkAudit.Builder b = SparkAudit.builder(data).optSource(table != null ? table : input).setLabel(label)
                .optPositiveLabels(positiveLabels.toArray(new String[0])).optMinGroupSize(minGroupSize)
                .optReference(reference).optScoreBins(scoreBins).optMaxHistogramEntries(maxHistogramEntries)
                .optBootstrap(bootstrap, bootstrapSeed, bootstrapKey);
        groups.forEach(b::addGroup);
        if (prediction != null) {
            b.optPrediction(prediction);
        }
        if (positivePredictions != null) {
            b.optPositivePredictions(positivePredictions.toArray(new String[0]));
        }
        if (negativePredictions != null) {
            b.optNegativePredictions(negativePredictions.toArray(new String[0]));
        }
        if (score != null) {
            b.optScore(score);
        }
        if (threshold != null) {
            b.optThreshold(threshold);
        }
        if (weight != null) {
            b.optWeight(weight);
        }
        if (counterfactualScore != null) {
            b.optCounterfactualScore(counterfactualScore);
        }
        SparkAudit.Result r = b.run();
        double secs = (System.nanoTime() - start) / 1e9;
        String json = r.json().toJson();
        if (output == null) {
            System.out.print(json);
        } else {
            AtomicFiles.writeString(output, json);
        }
        long rows = r.json().input().rows();
        if (r.counterfactual() != null) {
            System.err.println("counterfactual twins: " + r.counterfactual().pairs() + " pairs, flip rate "
                    + r.counterfactual().get(CounterfactualFairness.Statistic.FLIP_RATE) + ", mean |s - s'| "
                    + r.counterfactual().get(CounterfactualFairness.Statistic.MEAN_ABSOLUTE_DIFFERENCE)
                    + " (threshold " + r.counterfactual().threshold() + ")");
        }
        System.err.printf(Locale.ROOT, "audited %d rows, %d groups, in %.2f s (%.0f rows/s)%s%n", rows,
                r.frame().groups().size(), secs, rows / secs, r.binnedError() == null ? ""
                        : "; binned scores: AUC error at most " + r.binnedError().aucBound()
                                + ", calibration error at most " + r.binnedError().calibrationBound());
        return 0;
    }

    /** A path read by its extension: Parquet, CSV or TSV with a header row, or JSON Lines. */
    static Dataset<Row> read(SparkSession spark, String path) {
        String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (p.endsWith(".parquet")) {
            return spark.read().parquet(path);
        }
        if (p.endsWith(".csv")) {
            return spark.read().option("header", "true").csv(path);
        }
        if (p.endsWith(".tsv")) {
            return spark.read().option("header", "true").option("sep", "\t").csv(path);
        }
        if (p.endsWith(".jsonl") || p.endsWith(".json")) {
            return spark.read().json(path);
        }
        throw new IllegalArgumentException("cannot tell the format of " + path
                + " from its name; give a .parquet, .csv, .tsv, .jsonl or .json path, or --table");
    }
}
