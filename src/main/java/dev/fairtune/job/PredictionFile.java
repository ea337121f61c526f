package dev.fairtune.job;

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
import java.util.Objects;
import java.util.Set;

/**
 * A file of predictions a user already has (CSV, TSV or JSON Lines) and which of its columns hold
 * the label, the prediction or score, the groups and the weights: the typed request that
 * {@link AuditJob} and {@link PredictionReportJob} read, and the reading itself.
 *
 * <p>The file is read in one streaming pass straight into primitive columns (labels, predictions and
 * groups as dictionary codes, scores and weights as numbers); no per-row object is kept. Cell values
 * are read with surrounding spaces removed, and a column name matches a header exactly or, failing
 * that, after trimming its spaces (as in UCI Adult's ", " separated files). A row's prediction is 1
 * when its prediction value is a positive one (by default the positive labels), or 0 when it is a
 * negative one where negative values are given; without a prediction column it is
 * {@code score >= threshold}.
 */
public final class PredictionFile {
    private final Builder b;

    private PredictionFile(Builder b) {
        this.b = b;
    }

    /**
     * A new builder.
     *
     * @param file the predictions file
     * @param labelColumn the true label column
     * @param groupColumns the group columns (several: intersectional cells named "a &amp; b")
     */
    public static Builder builder(Path file, String labelColumn, List<String> groupColumns) {
        return new Builder(file, labelColumn, groupColumns);
    }

    /**
     * The file read.
     *
     * @param file the file read
     * @param observations labels, predictions, scores, weights and groups
     * @param positiveLabels the label values counted as positive
     * @param positivePredictions prediction values counted as positive (empty when negatives were given or no prediction column)
     * @param negativePredictions prediction values counted as negative (empty if unused)
     * @param threshold the threshold that made predictions from scores, or null when they come from a column
     * @param skippedRows rows skipped (with optSkipBadRows): malformed records and rows with an empty or unusable value
     * @param texts the extra columns asked for, trimmed, at the kept rows (the observations' order)
     * @param lines the line of each kept row when extra columns were asked for, else null
     */
    public record Table(Path file, Observations observations, List<String> positiveLabels,
            List<String> positivePredictions, List<String> negativePredictions, Double threshold, long skippedRows,
            Map<String, String[]> texts, long[] lines) {
        /** An extra column's trimmed values at the kept rows (one named to {@link PredictionFile#read(List)}). */
        public String[] column(String name) {
            String[] values = texts.get(name);
            if (values == null) {
                throw new IllegalArgumentException("column '" + name + "' was not asked for; the extra columns read are "
                        + texts.keySet());
            }
            return values;
        }

        /** The line of the {@code i}-th kept row (when extra columns were asked for). */
        public long sourceLine(int i) {
            return lines[i];
        }
    }

    /** The file. */
    public Path file() {
        return b.file;
    }

    /** The true label column. */
    public String labelColumn() {
        return b.label;
    }

    /** The prediction column, or null when predictions come from the score and threshold. */
    public String predictionColumn() {
        return b.prediction;
    }

    /** The score column, or null. */
    public String scoreColumn() {
        return b.score;
    }

    /** The group columns. */
    public List<String> groupColumns() {
        return b.groups;
    }

    /** The weight column, or null. */
    public String weightColumn() {
        return b.weight;
    }

    /** The reference group of the signed metrics, or null. */
    public String reference() {
        return b.reference;
    }

    /** Reads the file into observations. */
    public Table read() {
        return read(List.of());
    }

    /**
     * Reads the file into observations, with further columns as strings.
     *
     * @param textColumns further columns wanted as strings (with every kept row's line)
     * @throws DataException naming the line of a missing, empty or unusable value, or when no row is left
     * @throws IllegalArgumentException when the reference is not one of the groups
     */
    public Table read(List<String> textColumns) {
        TableReadOptions.Builder options = TableReadOptions.builder().optSkipBadRows(b.skipBadRows)
                .optMaxFieldChars(b.maxFieldChars);
        if (b.format != null) {
            options.optFormat(b.format);
        }
        Path input = b.file;
        ColumnReader reader = ColumnReader.of(input, options.build());
        ColumnReader.Codes labelColumn = reader.codes(b.label);
        ColumnReader.Codes predictionColumn = b.prediction == null ? null : reader.codes(b.prediction);
        ColumnReader.Numbers scoreColumn = b.score == null ? null : reader.numbers(b.score, v -> !Double.isNaN(v));
        ColumnReader.Numbers weightColumn = b.weight == null ? null
                : reader.numbers(b.weight, v -> v >= 0 && v < Double.POSITIVE_INFINITY);
        List<ColumnReader.Codes> groupColumnsRead = new ArrayList<>();
        for (String g : b.groups) {
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
        boolean[] bad = b.skipBadRows ? badRows(read.rowCount(), required, scoreColumn, weightColumn) : null;
        int[] rows = keptRows(read.rowCount(), bad);
        int n = rows == null ? read.rowCount() : rows.length;
        if (n == 0) {
            throw new DataException(input, 0, "every row has an empty or unusable value in a column the measure "
                    + "needs, so no row is left to measure (all " + read.rowCount() + " skipped)");
        }

        read.require(labelColumn);
        requireValues(labelColumn);
        Set<String> positives = new LinkedHashSet<>(b.positiveLabels);
        int[] y = pick(flags(labelColumn.values(), positives, false), labelColumn.codes(), rows);
        checkSomePositive(labelColumn, rows, y, positives);

        Observations.Builder obs = Observations.builder().setLabels(y);
        List<String> positivePred = List.of();
        List<String> negativePred = List.of();
        if (predictionColumn != null) {
            read.require(predictionColumn);
            requireValues(predictionColumn);
            boolean byNegatives = b.negativePredictions != null;
            Set<String> values = new LinkedHashSet<>(byNegatives ? b.negativePredictions
                    : b.positivePredictions != null ? b.positivePredictions : b.positiveLabels);
            obs.optPredictions(pick(flags(predictionColumn.values(), values, byNegatives), predictionColumn.codes(), rows));
            if (byNegatives) {
                negativePred = List.copyOf(values);
            } else {
                positivePred = List.copyOf(values);
            }
        }
        Double usedThreshold = null;
        if (scoreColumn != null) {
            obs.optScores(numbers(read, scoreColumn, rows, false));
            if (b.prediction == null) {
                usedThreshold = b.threshold == null ? DEFAULT_THRESHOLD : b.threshold;
                obs.optThreshold(usedThreshold);
            }
        }
        if (weightColumn != null) {
            obs.optWeights(numbers(read, weightColumn, rows, true));
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
        if (b.reference != null && !groups.groups().contains(b.reference)) {
            throw new IllegalArgumentException("the reference group '" + b.reference + "' is not a group; the groups are "
                    + groups.groups().names());
        }
        Observations built = obs.setGroups(groups).build();
        Map<String, String[]> texts = new LinkedHashMap<>();
        for (Map.Entry<String, ColumnReader.Texts> t : textsRead.entrySet()) {
            read.require(t.getValue());
            String[] all = t.getValue().values();
            String[] kept = new String[n];
            for (int i = 0; i < n; i++) {
                kept[i] = all[rows == null ? i : rows[i]];
            }
            texts.put(t.getKey(), kept);
        }
        long[] lines = null;
        if (!textColumns.isEmpty()) {
            lines = new long[n];
            for (int i = 0; i < n; i++) {
                lines[i] = read.line(rows == null ? i : rows[i]);
            }
        }
        return new Table(input, built, List.copyOf(positives), positivePred, negativePred, usedThreshold,
                read.skippedRows() + (long) (read.rowCount() - n), texts, lines);
    }

    /** The threshold of scores when none is given: a score at or above it is a positive prediction. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /**
     * With optSkipBadRows, the rows to drop: those whose label, prediction or group value is empty,
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

    /** The rows not marked bad, or null when that is every row (no copies are made then). */
    private static int[] keptRows(int all, boolean[] bad) {
        if (bad == null) {
            return null;
        }
        int kept = 0;
        int[] rows = new int[all];
        for (int i = 0; i < all; i++) {
            if (!bad[i]) {
                rows[kept++] = i;
            }
        }
        return kept == all ? null : Arrays.copyOf(rows, kept);
    }

    /** 1 for each dictionary value in {@code set} (or not in it, when {@code negate}), else 0. */
    private static int[] flags(List<String> values, Set<String> set, boolean negate) {
        int[] out = new int[values.size()];
        for (int v = 0; v < out.length; v++) {
            out[v] = set.contains(values.get(v)) != negate ? 1 : 0;
        }
        return out;
    }

    /** {@code map[codes[rows[i]]]} for each kept row (every row when {@code rows} is null). */
    private static int[] pick(int[] map, int[] codes, int[] rows) {
        if (rows == null) {
            int[] out = new int[codes.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = map[codes[i]];
            }
            return out;
        }
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = map[codes[rows[i]]];
        }
        return out;
    }

    /** {@code codes[rows[i]]} for each kept row (the codes themselves when {@code rows} is null). */
    private static int[] pick(int[] codes, int[] rows) {
        if (rows == null) {
            return codes;
        }
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = codes[rows[i]];
        }
        return out;
    }

    /** An empty value in a column the measure needs stops the read (when skipping bad rows no such row is left). */
    private void requireValues(ColumnReader.Codes column) {
        if (!b.skipBadRows && column.emptyCode() >= 0) {
            throw new DataException(b.file, column.firstEmptyLine(), "empty value in column '" + column.name()
                    + "'; fill it in, remove the row, or " + SKIP_ADVICE);
        }
    }

    /** The advice that ends a bad-value message; the command line rewrites it into its option. */
    static final String SKIP_ADVICE = "build the PredictionFile with optSkipBadRows(true) to skip and count such rows";

    private void checkSomePositive(ColumnReader.Codes labels, int[] rows, int[] y, Set<String> positives) {
        for (int v : y) {
            if (v == 1) {
                return;
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        int[] codes = labels.codes();
        for (int i = 0; i < y.length && seen.size() < 10; i++) {
            seen.add(labels.values().get(codes[rows == null ? i : rows[i]]));
        }
        throw new DataException(b.file, 0, "no row of column '" + b.label + "' has a positive label "
                + positives + "; values seen: " + seen + "; name the positive values with optPositiveLabels");
    }

    /**
     * A numeric column at the kept rows.
     *
     * @throws DataException naming the line of a value that is not a number (or not a usable weight)
     */
    private double[] numbers(ColumnReader.Result read, ColumnReader.Numbers column, int[] rows, boolean weights) {
        read.require(column);
        if (!b.skipBadRows && column.problemCount() > 0) {
            String value = column.firstProblem();
            String what = column.firstProblemUnparsable() ? "a number"
                    : weights ? "a finite weight of 0 or more" : "a usable score";
            throw new DataException(b.file, column.firstProblemLine(), "'" + value + "' in column '" + column.name()
                    + "' is not " + what + "; fix it, or " + SKIP_ADVICE);
        }
        double[] all = column.values();
        if (rows == null) {
            return all;
        }
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = all[rows[i]];
        }
        return out;
    }

    /** Builds a {@link PredictionFile}. */
    public static final class Builder {
        private final Path file;
        private final String label;
        private final List<String> groups;
        private TableFormat format;
        private List<String> positiveLabels = List.of("1");
        private String prediction;
        private List<String> positivePredictions;
        private List<String> negativePredictions;
        private String score;
        private Double threshold;
        private String reference;
        private String weight;
        private boolean skipBadRows;
        private int maxFieldChars = TableReadOptions.DEFAULT_MAX_FIELD_CHARS;

        private Builder(Path file, String label, List<String> groups) {
            this.file = Objects.requireNonNull(file, "file");
            this.label = Objects.requireNonNull(label, "labelColumn");
            this.groups = List.copyOf(groups);
            if (this.groups.isEmpty()) {
                throw new IllegalArgumentException("name at least one group column");
            }
        }

        /** The file format; default from the extension (.csv, .tsv, .jsonl). */
        public Builder optFormat(TableFormat format) {
            this.format = format;
            return this;
        }

        /** The label values counted as positive (default "1"); every other value is negative. */
        public Builder optPositiveLabels(List<String> values) {
            this.positiveLabels = List.copyOf(values);
            return this;
        }

        /** The predicted label column. */
        public Builder optPrediction(String column) {
            this.prediction = column;
            return this;
        }

        /** Prediction values counted as positive (default: the positive labels). */
        public Builder optPositivePredictions(List<String> values) {
            this.positivePredictions = values == null ? null : List.copyOf(values);
            return this;
        }

        /** Prediction values counted as negative; every other value is positive. */
        public Builder optNegativePredictions(List<String> values) {
            this.negativePredictions = values == null ? null : List.copyOf(values);
            return this;
        }

        /** A score column (higher: more likely positive), for AUCs and calibration, and for predictions without a prediction column. */
        public Builder optScore(String column) {
            this.score = column;
            return this;
        }

        /** Without a prediction column, a score at or above {@code t} is a positive prediction (default {@value PredictionFile#DEFAULT_THRESHOLD}). */
        public Builder optThreshold(Double t) {
            this.threshold = t;
            return this;
        }

        /** The reference (privileged) group of the signed metrics. */
        public Builder optReference(String group) {
            this.reference = group;
            return this;
        }

        /** A sample weight column. */
        public Builder optWeight(String column) {
            this.weight = column;
            return this;
        }

        /** Skip and count malformed rows and rows with an empty or unusable value, instead of stopping. */
        public Builder optSkipBadRows(boolean skip) {
            this.skipBadRows = skip;
            return this;
        }

        /** The longest value a cell may hold, in characters. */
        public Builder optMaxFieldChars(int chars) {
            this.maxFieldChars = chars;
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalArgumentException when neither a prediction nor a score column is named, or the
         *     options contradict each other
         */
        public PredictionFile build() {
            if (prediction == null && score == null) {
                throw new IllegalArgumentException("name a prediction column (optPrediction), or a score column "
                        + "(optScore) with a threshold (optThreshold)");
            }
            if (positivePredictions != null && negativePredictions != null) {
                throw new IllegalArgumentException("give positive prediction values (optPositivePredictions) or negative "
                        + "ones (optNegativePredictions), not both");
            }
            if (prediction == null && (positivePredictions != null || negativePredictions != null)) {
                throw new IllegalArgumentException("positive or negative prediction values need a prediction column "
                        + "(optPrediction)");
            }
            if (prediction != null && threshold != null) {
                throw new IllegalArgumentException("a threshold (optThreshold) applies to a score without a prediction "
                        + "column (optPrediction); give one of them");
            }
            if (positiveLabels.isEmpty()) {
                throw new IllegalArgumentException("name at least one positive label value (optPositiveLabels)");
            }
            return new PredictionFile(this);
        }
    }
}
