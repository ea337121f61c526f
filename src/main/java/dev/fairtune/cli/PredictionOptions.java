package dev.fairtune.cli;

import dev.fairtune.data.ColumnReader;
import dev.fairtune.data.DataException;
import dev.fairtune.data.TableFormat;
import dev.fairtune.data.TableReadOptions;
import dev.fairtune.fairness.GroupColumn;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Observations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
     * @param file the file read
     * @param observations labels, predictions, scores, weights and groups
     * @param positiveLabels the label values counted as positive
     * @param positivePredictions prediction values counted as positive (empty when negatives were given or no prediction column)
     * @param negativePredictions prediction values counted as negative (empty if unused)
     * @param threshold the threshold that made predictions from scores, or null when they come from a column
     * @param skippedRows rows skipped with --skip-bad-rows: malformed records and rows with an empty or unusable value
     * @param texts the extra columns asked for, trimmed, at the kept rows (the observations' order)
     * @param lines the line of each kept row when extra columns were asked for, else null
     */
    record Predictions(Path file, Observations observations, List<String> positiveLabels,
            List<String> positivePredictions, List<String> negativePredictions, Double threshold, long skippedRows,
            Map<String, String[]> texts, long[] lines) {
        /** An extra column's trimmed values at the kept rows (one named to {@link #read(List)}). */
        String[] column(String name) {
            return texts.get(name);
        }

        /** The line of the {@code i}-th kept row (when extra columns were asked for). */
        long sourceLine(int i) {
            return lines[i];
        }
    }

    /** Reads the file and builds the observations with the library API. */
    Predictions read() {
        return read(List.of());
    }

    /**
     * Reads the file in one streaming pass straight into primitive columns (labels, predictions and
     * groups as dictionary codes, scores and weights as numbers) and builds the observations with the
     * library API; no per-row object is kept.
     *
     * @param textColumns further columns wanted as strings (with every kept row's line)
     */
    Predictions read(List<String> textColumns) {
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
        ColumnReader reader = ColumnReader.of(input, options.build());
        ColumnReader.Codes labelColumn = reader.codes(label);
        ColumnReader.Codes predictionColumn = prediction == null ? null : reader.codes(prediction);
        ColumnReader.Numbers scoreColumn = score == null ? null : reader.numbers(score, v -> !Double.isNaN(v));
        ColumnReader.Numbers weightColumn = weight == null ? null
                : reader.numbers(weight, v -> v >= 0 && v < Double.POSITIVE_INFINITY);
        List<ColumnReader.Codes> groupColumnsRead = new ArrayList<>();
        for (String g : groupColumns) {
            groupColumnsRead.add(reader.codes(g));
        }
        Map<String, ColumnReader.Texts> textsRead = new LinkedHashMap<>();
        for (String t : textColumns) {
            textsRead.put(t, reader.text(t));
        }
        if (!textColumns.isEmpty()) {
            reader.optLines();
        }
        ColumnReader.Result read = reader.read();
        if (read.rowCount() == 0) {
            throw new DataException(input, 0, "the file has no rows to measure");
        }
        List<ColumnReader.Codes> required = new ArrayList<>();
        required.add(labelColumn);
        if (predictionColumn != null) {
            required.add(predictionColumn);
        }
        required.addAll(groupColumnsRead);
        boolean[] bad = skipBadRows ? badRows(read.rowCount(), required, scoreColumn, weightColumn) : null;
        int[] rows = keptRows(read.rowCount(), bad);
        int n = rows.length;
        if (n == 0) {
            throw new DataException(input, 0, "every row has an empty or unusable value in a column the measure "
                    + "needs, so no row is left to measure (all " + read.rowCount() + " skipped)");
        }

        read.require(labelColumn);
        requireValues(labelColumn);
        Set<String> positives = new LinkedHashSet<>(positiveLabels);
        int[] y = pick(flags(labelColumn.values(), positives, false), labelColumn.codes(), rows);
        checkSomePositive(labelColumn, rows, y, positives);

        Observations.Builder b = Observations.builder().setLabels(y);
        List<String> positivePred = List.of();
        List<String> negativePred = List.of();
        if (predictionColumn != null) {
            read.require(predictionColumn);
            requireValues(predictionColumn);
            boolean byNegatives = negativePredictions != null;
            Set<String> values = new LinkedHashSet<>(byNegatives ? negativePredictions
                    : positivePredictions != null ? positivePredictions : positiveLabels);
            b.optPredictions(pick(flags(predictionColumn.values(), values, byNegatives), predictionColumn.codes(), rows));
            if (byNegatives) {
                negativePred = List.copyOf(values);
            } else {
                positivePred = List.copyOf(values);
            }
        }
        Double usedThreshold = null;
        if (scoreColumn != null) {
            b.optScores(numbers(read, scoreColumn, rows, false));
            if (prediction == null) {
                usedThreshold = threshold == null ? 0.5 : threshold;
                b.optThreshold(usedThreshold);
            }
        }
        if (weightColumn != null) {
            b.optWeights(numbers(read, weightColumn, rows, true));
        }
        List<List<String>> groupValues = new ArrayList<>();
        List<int[]> groupCodes = new ArrayList<>();
        for (ColumnReader.Codes g : groupColumnsRead) {
            read.require(g);
            requireValues(g);
            groupValues.add(g.values());
            groupCodes.add(pick(g.codes(), rows));
        }
        GroupColumn groups = Groups.intersectCodes(groupValues, groupCodes);
        if (reference != null && !groups.groups().contains(reference)) {
            throw new IllegalArgumentException("--reference '" + reference + "' is not a group; the groups are "
                    + groups.groups().names());
        }
        Observations obs = b.setGroups(groups).build();
        Map<String, String[]> texts = new LinkedHashMap<>();
        for (Map.Entry<String, ColumnReader.Texts> t : textsRead.entrySet()) {
            read.require(t.getValue());
            String[] all = t.getValue().values();
            String[] kept = new String[n];
            for (int i = 0; i < n; i++) {
                kept[i] = all[rows[i]];
            }
            texts.put(t.getKey(), kept);
        }
        long[] lines = null;
        if (!textColumns.isEmpty()) {
            lines = new long[n];
            for (int i = 0; i < n; i++) {
                lines[i] = read.line(rows[i]);
            }
        }
        return new Predictions(input, obs, List.copyOf(positives), positivePred, negativePred, usedThreshold,
                read.skippedRows() + (long) (read.rowCount() - n), texts, lines);
    }

    /**
     * With --skip-bad-rows, the rows to drop: those whose label, prediction or group value is empty,
     * or whose score or weight is not a usable number (the others are skipped and counted, as the
     * error without the option suggests). A column absent from the file is reported when it is used.
     */
    private static boolean[] badRows(int all, List<ColumnReader.Codes> required, ColumnReader.Numbers score,
            ColumnReader.Numbers weight) {
        boolean[] bad = new boolean[all];
        for (ColumnReader.Codes c : required) {
            if (!c.present()) {
                continue;
            }
            int empty = c.emptyCode();
            if (empty >= 0) {
                int[] codes = c.codes();
                for (int i = 0; i < all; i++) {
                    bad[i] |= codes[i] == empty;
                }
            }
        }
        for (ColumnReader.Numbers c : new ColumnReader.Numbers[] {score, weight}) {
            if (c != null && c.present() && c.problemCount() > 0) {
                for (int i = 0; i < all; i++) {
                    bad[i] |= c.problem(i);
                }
            }
        }
        return bad;
    }

    /** The rows not marked bad (all when {@code bad} is null). */
    private static int[] keptRows(int all, boolean[] bad) {
        int kept = 0;
        int[] rows = new int[all];
        for (int i = 0; i < all; i++) {
            if (bad == null || !bad[i]) {
                rows[kept++] = i;
            }
        }
        return kept == all ? rows : Arrays.copyOf(rows, kept);
    }

    /** 1 for each dictionary value in {@code set} (or not in it, when {@code negate}), else 0. */
    private static int[] flags(List<String> values, Set<String> set, boolean negate) {
        int[] out = new int[values.size()];
        for (int v = 0; v < out.length; v++) {
            out[v] = set.contains(values.get(v)) != negate ? 1 : 0;
        }
        return out;
    }

    /** {@code map[codes[rows[i]]]} for each kept row. */
    private static int[] pick(int[] map, int[] codes, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = map[codes[rows[i]]];
        }
        return out;
    }

    /** {@code codes[rows[i]]} for each kept row. */
    private static int[] pick(int[] codes, int[] rows) {
        if (rows.length == codes.length) {
            return codes;
        }
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = codes[rows[i]];
        }
        return out;
    }

    /** An empty value in a column the measure needs stops the read (with --skip-bad-rows no such row is left). */
    private void requireValues(ColumnReader.Codes column) {
        if (!skipBadRows && column.emptyCode() >= 0) {
            throw new DataException(input, column.firstEmptyLine(), "empty value in column '" + column.name()
                    + "'; fill it in, remove the row, or pass --skip-bad-rows to skip and count such rows");
        }
    }

    private void checkSomePositive(ColumnReader.Codes labels, int[] rows, int[] y, Set<String> positives) {
        for (int v : y) {
            if (v == 1) {
                return;
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        int[] codes = labels.codes();
        for (int i = 0; i < rows.length && seen.size() < 10; i++) {
            seen.add(labels.values().get(codes[rows[i]]));
        }
        throw new DataException(input, 0, "no row of column '" + label + "' has a positive label "
                + positives + "; values seen: " + seen + "; set --positive-label");
    }

    /**
     * A numeric column at the kept rows.
     *
     * @throws DataException naming the line of a value that is not a number (or not a usable weight)
     */
    private double[] numbers(ColumnReader.Result read, ColumnReader.Numbers column, int[] rows, boolean weights) {
        read.require(column);
        if (!skipBadRows && column.problemCount() > 0) {
            String value = column.firstProblem();
            String what = column.firstProblemUnparsable() ? "a number"
                    : weights ? "a finite weight of 0 or more" : "a usable score";
            throw new DataException(input, column.firstProblemLine(), "'" + value + "' in column '" + column.name()
                    + "' is not " + what + "; fix it, or pass --skip-bad-rows to skip and count such rows");
        }
        double[] all = column.values();
        if (rows.length == all.length) {
            return all;
        }
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = all[rows[i]];
        }
        return out;
    }
}
