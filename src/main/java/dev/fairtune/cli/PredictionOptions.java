package dev.fairtune.cli;

import dev.fairtune.data.DataException;
import dev.fairtune.data.Table;
import dev.fairtune.data.TableFormat;
import dev.fairtune.data.TableReadOptions;
import dev.fairtune.fairness.GroupColumn;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Observations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options that describe a file of predictions a user already has, shared by {@code audit} and
 * {@code report}, and the reading of that file into {@link Observations}.
 *
 * <p>Cell values are read with surrounding spaces removed, and a column option matches a header
 * name exactly or, failing that, after trimming its spaces (as in UCI Adult's ", " separated files).
 */
final class PredictionOptions {
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

    @Option(names = "--skip-bad-rows", description = "Skip and count malformed rows instead of stopping.")
    boolean skipBadRows;

    @Option(names = "--max-field-chars", paramLabel = "N", defaultValue = "1000000",
            description = "The longest value a cell may hold, in characters; a longer one stops the read naming its "
                    + "line and column (default: ${DEFAULT-VALUE}).")
    int maxFieldChars;

    /**
     * The file read into observations.
     *
     * @param table the rows as read
     * @param observations labels, predictions, scores, weights and groups
     * @param positiveLabels the label values counted as positive
     * @param positivePredictions prediction values counted as positive (empty when negatives were given or no prediction column)
     * @param negativePredictions prediction values counted as negative (empty if unused)
     * @param threshold the threshold that made predictions from scores, or null when they come from a column
     */
    record Predictions(Table table, int[] rows, Observations observations, List<String> positiveLabels,
            List<String> positivePredictions, List<String> negativePredictions, Double threshold) {
        /** A column's trimmed values at the kept rows (the observations' order). */
        String[] column(String name) {
            return pick(PredictionOptions.column(table, name), rows);
        }

        /** The line of the {@code i}-th kept row. */
        long sourceLine(int i) {
            return table.sourceLine(rows[i]);
        }

        /** Rows skipped with --skip-bad-rows: malformed records and rows with an empty or unusable value. */
        long skippedRows() {
            return table.skippedRows() + (table.rowCount() - rows.length);
        }
    }

    /** Reads the file and builds the observations with the library API. */
    Predictions read() {
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
        TableReadOptions.Builder options = TableReadOptions.builder().optSkipBadRows(skipBadRows)
                .optMaxFieldChars(maxFieldChars);
        if (format != null) {
            options.optFormat(format);
        }
        Table table = Table.read(input, options.build());
        if (table.rowCount() == 0) {
            throw new DataException(input, 0, "the file has no rows to measure");
        }
        int[] rows = keptRows(table);
        int n = rows.length;
        if (n == 0) {
            throw new DataException(input, 0, "every row has an empty or unusable value in a column the measure "
                    + "needs, so no row is left to measure (all " + table.rowCount() + " skipped)");
        }
        Predictions view = new Predictions(table, rows, null, null, null, null, null);

        Set<String> positives = new LinkedHashSet<>(positiveLabels);
        String[] labels = view.column(label);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            requireValue(view, i, label, labels[i]);
            y[i] = positives.contains(labels[i]) ? 1 : 0;
        }
        checkSomePositive(view, labels, y, positives);

        Observations.Builder b = Observations.builder().setLabels(y);
        List<String> positivePred = List.of();
        List<String> negativePred = List.of();
        if (prediction != null) {
            String[] preds = view.column(prediction);
            boolean byNegatives = negativePredictions != null;
            Set<String> values = new LinkedHashSet<>(byNegatives ? negativePredictions
                    : positivePredictions != null ? positivePredictions : positiveLabels);
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                requireValue(view, i, prediction, preds[i]);
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
            b.optScores(numbers(view, score, false));
            if (prediction == null) {
                usedThreshold = threshold == null ? 0.5 : threshold;
                b.optThreshold(usedThreshold);
            }
        }
        if (weight != null) {
            b.optWeights(numbers(view, weight, true));
        }
        List<String[]> groupValues = new ArrayList<>();
        for (String g : groupColumns) {
            String[] values = view.column(g);
            for (int i = 0; i < n; i++) {
                requireValue(view, i, g, values[i]);
            }
            groupValues.add(values);
        }
        GroupColumn groups = Groups.intersect(groupValues);
        if (reference != null && !groups.groups().contains(reference)) {
            throw new IllegalArgumentException("--reference '" + reference + "' is not a group; the groups are "
                    + groups.groups().names());
        }
        Observations obs = b.setGroups(groups).build();
        return new Predictions(table, rows, obs, List.copyOf(positives), positivePred, negativePred, usedThreshold);
    }

    /** A column by exact name, else by the unique header whose trimmed name matches; values trimmed. */
    static String[] column(Table table, String name) {
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

    /**
     * The rows to measure: all of them, or with {@code --skip-bad-rows} those whose label,
     * prediction, score, weight and group values are present and usable (the others are skipped
     * and counted, as the error without the option suggests).
     */
    private int[] keptRows(Table table) {
        int all = table.rowCount();
        if (!skipBadRows) {
            int[] every = new int[all];
            for (int i = 0; i < all; i++) {
                every[i] = i;
            }
            return every;
        }
        boolean[] bad = new boolean[all];
        List<String> required = new ArrayList<>();
        required.add(label);
        if (prediction != null) {
            required.add(prediction);
        }
        required.addAll(groupColumns);
        for (String c : required) {
            if (!table.hasColumn(c) && !hasTrimmed(table, c)) {
                continue; // reported as a missing column when read
            }
            String[] v = column(table, c);
            for (int i = 0; i < all; i++) {
                bad[i] |= v[i].isEmpty();
            }
        }
        for (String c : new String[] {score, weight}) {
            if (c == null || (!table.hasColumn(c) && !hasTrimmed(table, c))) {
                continue;
            }
            String[] v = column(table, c);
            for (int i = 0; i < all; i++) {
                bad[i] |= !usableNumber(v[i], c.equals(weight) && !c.equals(score));
            }
        }
        int kept = 0;
        int[] rows = new int[all];
        for (int i = 0; i < all; i++) {
            if (!bad[i]) {
                rows[kept++] = i;
            }
        }
        return java.util.Arrays.copyOf(rows, kept);
    }

    private static boolean hasTrimmed(Table table, String name) {
        return table.columns().stream().anyMatch(c -> c.trim().equals(name.trim()));
    }

    private static boolean usableNumber(String value, boolean weight) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return false;
        }
        return !Double.isNaN(d) && (!weight || (d >= 0 && d < Double.POSITIVE_INFINITY));
    }

    static String[] pick(String[] values, int[] rows) {
        if (rows.length == values.length) {
            return values;
        }
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    private static void requireValue(Predictions table, int row, String column, String value) {
        if (value.isEmpty()) {
            throw new DataException(table.table().source(), table.sourceLine(row),
                    "empty value in column '" + column + "'; fill it in, remove the row, or pass --skip-bad-rows to skip and count such rows");
        }
    }

    private void checkSomePositive(Predictions table, String[] labels, int[] y, Set<String> positives) {
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
        throw new DataException(table.table().source(), 0, "no row of column '" + label + "' has a positive label "
                + positives + "; values seen: " + seen + "; set --positive-label");
    }

    /**
     * A numeric column.
     *
     * @throws DataException naming the line of a value that is not a number (or not a usable weight)
     */
    static double[] numbers(Predictions table, String column, boolean weights) {
        String[] values = table.column(column);
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                out[i] = Double.parseDouble(values[i]);
            } catch (NumberFormatException e) {
                throw new DataException(table.table().source(), table.sourceLine(i),
                        "'" + values[i] + "' in column '" + column + "' is not a number; fix it, or pass --skip-bad-rows to skip and count such rows");
            }
            if (Double.isNaN(out[i]) || (weights && !(out[i] >= 0 && out[i] < Double.POSITIVE_INFINITY))) {
                throw new DataException(table.table().source(), table.sourceLine(i), "'" + values[i] + "' in column '"
                        + column + "' is not " + (weights ? "a finite weight of 0 or more" : "a usable score")
                        + "; fix it, or pass --skip-bad-rows to skip and count such rows");
            }
        }
        return out;
    }
}
