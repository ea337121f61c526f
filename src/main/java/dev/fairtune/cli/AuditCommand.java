package dev.fairtune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fairtune.data.DataException;
import dev.fairtune.data.Table;
import dev.fairtune.data.TableFormat;
import dev.fairtune.data.TableReadOptions;
import dev.fairtune.fairness.GroupColumn;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.ScoreMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fairtune audit}: the fairness metrics of predictions a user already has, from a CSV, TSV or
 * JSON Lines file. It builds {@link Observations} and a {@link MetricFrame} with the library API and
 * prints the frame's table or writes {@link AuditJson}; it computes nothing of its own.
 *
 * <p>Cell values are read with surrounding spaces removed, and a column option matches a header
 * name exactly or, failing that, after trimming its spaces (as in UCI Adult's ", " separated files).
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the fairness of predictions you already have.",
            "Example (COMPAS): fairtune audit -i compas.csv --label two_year_recid --prediction score_text "
                    + "--negative-prediction Low --score decile_score --group race --reference Caucasian"})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "Predictions file: .csv, .tsv or .jsonl (or give --format).")
    Path input;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "File format when the extension does not say: ${COMPLETION-CANDIDATES}.")
    TableFormat format;

    @Option(names = "--label", required = true, paramLabel = "COLUMN", description = "The true label column.")
    String label;

    @Option(names = "--positive-label", paramLabel = "VALUE", defaultValue = "1", split = ",",
            description = "Label value(s) counted as positive (default: ${DEFAULT-VALUE}); every other value is negative.")
    List<String> positiveLabels;

    @Option(names = "--prediction", paramLabel = "COLUMN", description = "The predicted label column.")
    String prediction;

    @Option(names = "--positive-prediction", paramLabel = "VALUE", split = ",",
            description = "Prediction value(s) counted as positive (default: the positive labels).")
    List<String> positivePredictions;

    @Option(names = "--negative-prediction", paramLabel = "VALUE", split = ",",
            description = "Prediction value(s) counted as negative; every other value is positive.")
    List<String> negativePredictions;

    @Option(names = "--score", paramLabel = "COLUMN",
            description = "A score column (higher: more likely positive) for AUCs and calibration, and for "
                    + "predictions when --prediction is absent.")
    String score;

    @Option(names = "--threshold", paramLabel = "T",
            description = "Without --prediction, a score at or above T is a positive prediction (default 0.5).")
    Double threshold;

    @Option(names = {"-g", "--group"}, required = true, paramLabel = "COLUMN",
            description = "Group column; repeat for intersectional groups (cells named \"a & b\").")
    List<String> groupColumns;

    @Option(names = "--reference", paramLabel = "GROUP",
            description = "The reference (privileged) group of the signed metrics (group minus reference).")
    String reference;

    @Option(names = "--weight", paramLabel = "COLUMN", description = "Sample weight column.")
    String weight;

    @Option(names = "--min-group-size", paramLabel = "N", defaultValue = "30",
            description = "Flag groups with fewer rows (default: ${DEFAULT-VALUE}).")
    int minGroupSize;

    @Option(names = "--skip-bad-rows", description = "Skip and count malformed rows instead of stopping.")
    boolean skipBadRows;

    @Option(names = "--json", description = "Write JSON (docs/audit-json.md) instead of a table.")
    boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of to standard output.")
    Path output;

    /** The frame and the input description, built once and written in either form. */
    record Audit(AuditJson.Input input, MetricFrame frame) {
    }

    @Override
    public Integer call() throws IOException {
        Audit audit = run();
        String text;
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            text = mapper.writeValueAsString(AuditJson.of(audit.input(), audit.frame())) + System.lineSeparator();
        } else {
            text = describe(audit.input()) + audit.frame().toTable();
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                w.write(text);
            }
        }
        return 0;
    }

    /** Reads the file and computes the frame with the library API. */
    Audit run() {
        if (prediction == null && score == null) {
            throw new IllegalArgumentException("give --prediction COLUMN, or --score COLUMN with --threshold");
        }
        if (positivePredictions != null && negativePredictions != null) {
            throw new IllegalArgumentException("give --positive-prediction or --negative-prediction, not both");
        }
        if (prediction == null && (positivePredictions != null || negativePredictions != null)) {
            throw new IllegalArgumentException("--positive-prediction and --negative-prediction need --prediction");
        }
        if (prediction != null && threshold != null) {
            throw new IllegalArgumentException("--threshold applies to --score without --prediction; give one of them");
        }
        if (minGroupSize < 0) {
            throw new IllegalArgumentException("--min-group-size must not be negative, got " + minGroupSize);
        }
        TableReadOptions.Builder options = TableReadOptions.builder().optSkipBadRows(skipBadRows);
        if (format != null) {
            options.optFormat(format);
        }
        Table table = Table.read(input, options.build());
        int n = table.rowCount();
        if (n == 0) {
            throw new DataException(input, 0, "the file has no rows to audit");
        }

        Set<String> positives = new LinkedHashSet<>(positiveLabels);
        String[] labels = column(table, label);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            requireValue(table, i, label, labels[i]);
            y[i] = positives.contains(labels[i]) ? 1 : 0;
        }
        checkSomePositive(table, labels, y, positives);

        Observations.Builder b = Observations.builder().setLabels(y);
        List<String> positivePred = List.of();
        List<String> negativePred = List.of();
        if (prediction != null) {
            String[] preds = column(table, prediction);
            boolean byNegatives = negativePredictions != null;
            Set<String> values = new LinkedHashSet<>(byNegatives ? negativePredictions
                    : positivePredictions != null ? positivePredictions : positiveLabels);
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                requireValue(table, i, prediction, preds[i]);
                p[i] = values.contains(preds[i]) != byNegatives ? 1 : 0;
            }
            b.optPredictions(p);
            if (byNegatives) {
                negativePred = List.copyOf(values);
            } else {
                positivePred = List.copyOf(values);
            }
        }
        Double usedThreshold = null;
        if (score != null) {
            b.optScores(numbers(table, score, false));
            if (prediction == null) {
                usedThreshold = threshold == null ? 0.5 : threshold;
                b.optThreshold(usedThreshold);
            }
        }
        if (weight != null) {
            b.optWeights(numbers(table, weight, true));
        }
        List<String[]> groupValues = new ArrayList<>();
        for (String g : groupColumns) {
            String[] values = column(table, g);
            for (int i = 0; i < n; i++) {
                requireValue(table, i, g, values[i]);
            }
            groupValues.add(values);
        }
        GroupColumn groups = Groups.intersect(groupValues);
        if (reference != null && !groups.groups().contains(reference)) {
            throw new IllegalArgumentException("--reference '" + reference + "' is not a group; the groups are "
                    + groups.groups().names());
        }
        Observations obs = b.setGroups(groups).build();
        MetricFrame.Builder frame = MetricFrame.builder().setCounts(obs.counts()).optReference(reference)
                .optMinGroupSize(minGroupSize);
        if (obs.hasScores()) {
            frame.optScores(ScoreMetrics.summarize(obs));
        }
        AuditJson.Input in = new AuditJson.Input(input.toString(), n, table.skippedRows(), label,
                List.copyOf(positives), prediction, positivePred, negativePred, score, usedThreshold,
                List.copyOf(groupColumns), weight, reference, minGroupSize);
        return new Audit(in, frame.build());
    }

    private static String describe(AuditJson.Input in) {
        StringBuilder s = new StringBuilder();
        s.append("Audit of ").append(in.file()).append(": ").append(in.rows()).append(" rows");
        if (in.skippedRows() > 0) {
            s.append(" (").append(in.skippedRows()).append(" malformed rows skipped)");
        }
        s.append("\nlabel ").append(in.labelColumn()).append(" (positive: ").append(String.join(", ", in.positiveLabels()))
                .append(")");
        if (in.predictionColumn() != null) {
            s.append("; prediction ").append(in.predictionColumn()).append(in.negativePredictions().isEmpty()
                    ? " (positive: " + String.join(", ", in.positivePredictions()) + ")"
                    : " (negative: " + String.join(", ", in.negativePredictions()) + ")");
        }
        if (in.scoreColumn() != null) {
            s.append("; score ").append(in.scoreColumn());
            if (in.threshold() != null) {
                s.append(" (positive at >= ").append(in.threshold()).append(')');
            }
        }
        s.append("; groups ").append(String.join(" x ", in.groupColumns()));
        if (in.weightColumn() != null) {
            s.append("; weights ").append(in.weightColumn());
        }
        return s.append('\n').toString();
    }

    /** A column by exact name, else by the unique header whose trimmed name matches; values trimmed. */
    private static String[] column(Table table, String name) {
        String found = name;
        if (!table.hasColumn(name)) {
            for (String c : table.columns()) {
                if (c.trim().equals(name.trim())) {
                    found = c;
                    break;
                }
            }
        }
        String[] values = table.column(found);
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] == null ? "" : values[i].trim();
        }
        return values;
    }

    private static void requireValue(Table table, int row, String column, String value) {
        if (value.isEmpty()) {
            throw new DataException(table.source(), table.sourceLine(row),
                    "empty value in column '" + column + "'; fill it in or remove the row");
        }
    }

    private void checkSomePositive(Table table, String[] labels, int[] y, Set<String> positives) {
        for (int v : y) {
            if (v == 1) {
                return;
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String l : labels) {
            if (seen.size() < 10) {
                seen.add(l);
            }
        }
        throw new DataException(table.source(), 0, "no row of column '" + label + "' has a positive label "
                + positives + "; values seen: " + seen + "; set --positive-label");
    }

    private static double[] numbers(Table table, String column, boolean weights) {
        String[] values = column(table, column);
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                out[i] = Double.parseDouble(values[i]);
            } catch (NumberFormatException e) {
                throw new DataException(table.source(), table.sourceLine(i),
                        "'" + values[i] + "' in column '" + column + "' is not a number");
            }
            if (Double.isNaN(out[i]) || (weights && !(out[i] >= 0 && out[i] < Double.POSITIVE_INFINITY))) {
                throw new DataException(table.source(), table.sourceLine(i), "'" + values[i] + "' in column '"
                        + column + "' is not " + (weights ? "a finite weight of 0 or more" : "a usable score"));
            }
        }
        return out;
    }
}
