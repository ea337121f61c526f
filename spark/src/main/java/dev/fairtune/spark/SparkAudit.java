package dev.fairtune.spark;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.fairtune.job.AuditJob;
import dev.fairtune.job.AuditJson;
import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.fairness.GroupColumn;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.fairness.stats.PoissonBootstrap;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * A fairness audit of a Spark {@code Dataset<Row>} (Parquet, CSV, a table): the same
 * {@code fairtune-audit/1} JSON as {@code fairtune audit --json} of the same rows, computed from
 * statistics aggregated in Spark and read by the library's own classes, so no metric is defined twice.
 *
 * <ul>
 *   <li><b>One aggregation</b> over the rows, {@code (group columns, label, prediction, score) ->
 *       (rows, weight sum)}, collected to the driver. Summed over scores it is the
 *       {@link GroupConfusion} ({@link GroupConfusion#ofCells}) of the {@link MetricFrame}; summed over
 *       predictions it is the histogram of distinct scores per (group, label) that
 *       {@link ScoreMetrics#summarizeHistogram} reads, which gives the rows' AUCs, BPSN/BNSP AUCs,
 *       power means and calibration errors. Row counts are exact; sums of weights and of pair terms
 *       differ from one pass over the rows only in floating-point summation order (not at all for
 *       unweighted rows while the sums stay below 2^53).
 *   <li><b>Too many distinct scores.</b> The collected size is the number of distinct (group, label,
 *       prediction, score) values: without a score column at most 4 per group; a model's
 *       probabilities rounded to a few digits keep it small; full-precision scores of N rows can make
 *       it N. Beyond {@code maxHistogramEntries} (default 5 million, about 100 bytes each on the
 *       driver) the audit stops with a message rather than exhaust the driver; then
 *       {@link Builder#optScoreBins(int) binned mode} rounds scores to K equal-width bins with a
 *       stated error ({@link Result#binnedError()}).
 *   <li><b>Counterfactual twins</b> (optional): per group, the pairs, flips and weighted sums of
 *       |s - s'|, s - s' and flips of the rows with a twin score, read by
 *       {@link CounterfactualFairness#ofSums}.
 *   <li><b>Intervals</b> (optional): the Poisson bootstrap of {@link PoissonBootstrap}, each row's
 *       Poisson(1) draws seeded by (seed, row key, replicate), summed per partition in
 *       {@code mapPartitions} and merged: identical for any partitioning. The row key is the row's
 *       0-based position in the Dataset ({@code zipWithIndex}; the single-machine audit numbers rows
 *       the same way) or an id column's trimmed text. A second pass over the rows.
 * </ul>
 *
 * <p>Values are read as the single-machine audit reads a file: cells as trimmed text (Spark's cast
 * to string), a label positive when it is one of the positive labels, a prediction by its positive
 * (or negative) values, or {@code score >= threshold} without a prediction column. A missing or
 * empty value, a score that is not a number or NaN, or a weight that is negative or not finite
 * stops the audit naming the column (Spark gives no line numbers).
 */
public final class SparkAudit {
    /** The confidence level of the bootstrap intervals: {@code fairtune audit}'s ({@link AuditJob#LEVEL}). */
    public static final double LEVEL = AuditJob.LEVEL;
    /** The default most aggregated (group, label, prediction, score) entries collected to the driver. */
    public static final long DEFAULT_MAX_HISTOGRAM_ENTRIES = 5_000_000;

    private static final String Y = "__ft_y";
    private static final String P = "__ft_p";
    private static final String S = "__ft_s";
    private static final String W = "__ft_w";
    private static final String K = "__ft_key";
    private static final String T = "__ft_twin";

    private SparkAudit() {
    }

    /**
     * The stated error of binned mode, where each score became the midpoint of its bin of width 1 / K.
     * A pair of a positive and a negative in the same bin counts one half, where exact scores count
     * it 0, 1/2 or 1, so an AUC moves by at most half the weight share of such pairs; calibration
     * bins stay whole (K is a multiple of their number), and each score moves by at most 1 / (2K),
     * so an expected calibration error moves by at most 1 / (2K).
     *
     * @param bins K
     * @param aucBound the largest such bound over the overall, subgroup, BPSN and BNSP AUCs
     * @param calibrationBound 1 / (2K)
     */
    public record BinnedError(int bins, double aucBound, double calibrationBound) implements Serializable {
    }

    /**
     * The audit.
     *
     * @param json the {@code fairtune-audit/1} document
     * @param frame the metric frame it was written from
     * @param binnedError the stated error of binned scores; null when scores were exact (or absent)
     * @param counterfactual the counterfactual statistics of the rows with a twin score (mean |s - s'|,
     *     mean s - s', flip rate, by group and overall); null without a twin score column
     */
    public record Result(AuditJson json, MetricFrame frame, BinnedError binnedError,
            CounterfactualFairness counterfactual) {
    }

    /** A builder of the audit of these rows. */
    public static Builder builder(Dataset<Row> data) {
        return new Builder(data);
    }

    /** Builds and runs an audit; set* options are required, opt* optional, named as {@code fairtune audit}'s. */
    public static final class Builder {
        private final Dataset<Row> data;
        private String source;
        private String label;
        private List<String> positiveLabels = List.of("1");
        private String prediction;
        private List<String> positivePredictions;
        private List<String> negativePredictions;
        private String score;
        private Double threshold;
        private final List<String> groups = new ArrayList<>();
        private String weight;
        private String reference;
        private int minGroupSize = 30;
        private int scoreBins;
        private long maxHistogramEntries = DEFAULT_MAX_HISTOGRAM_ENTRIES;
        private int replicates;
        private long seed = 42;
        private String keyColumn;
        private String twinScore;

        private Builder(Dataset<Row> data) {
            this.data = data;
        }

        /** What the rows are, for the JSON's {@code input.file} (a path or a table name; default "spark dataset"). */
        public Builder optSource(String source) {
            this.source = source;
            return this;
        }

        /** The true label column (required). */
        public Builder setLabel(String column) {
            this.label = column;
            return this;
        }

        /** Label values counted as positive (default "1"). */
        public Builder optPositiveLabels(String... values) {
            this.positiveLabels = List.of(values);
            return this;
        }

        /** The predicted label column. */
        public Builder optPrediction(String column) {
            this.prediction = column;
            return this;
        }

        /** Prediction values counted as positive (default: the positive labels). */
        public Builder optPositivePredictions(String... values) {
            this.positivePredictions = List.of(values);
            return this;
        }

        /** Prediction values counted as negative; every other value is positive. */
        public Builder optNegativePredictions(String... values) {
            this.negativePredictions = List.of(values);
            return this;
        }

        /** A score column (higher: more likely positive), for AUCs and calibration, and for predictions without a prediction column. */
        public Builder optScore(String column) {
            this.score = column;
            return this;
        }

        /** Without a prediction column, a score at or above this is a positive prediction (default 0.5). */
        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** A group column; add several for intersectional groups (cells named "a &amp; b"). At least one. */
        public Builder addGroup(String column) {
            this.groups.add(column);
            return this;
        }

        /**
         * The column of each row's counterfactual twin's score ({@link SparkScoring#TWIN_SCORE}), null
         * where a row has none: adds {@link CounterfactualFairness} of the rows with a twin, at the
         * decision threshold (the score threshold, or 0.5 with a prediction column, as {@code
         * fairtune report} does). Needs the score column.
         */
        public Builder optCounterfactualScore(String column) {
            this.twinScore = column;
            return this;
        }

        /** The sample weight column. */
        public Builder optWeight(String column) {
            this.weight = column;
            return this;
        }

        /** The reference (privileged) group of the signed metrics. */
        public Builder optReference(String group) {
            this.reference = group;
            return this;
        }

        /** Flags groups with fewer rows (default 30). */
        public Builder optMinGroupSize(int rows) {
            this.minGroupSize = rows;
            return this;
        }

        /**
         * Binned mode: each score becomes the midpoint of its bin {@code [k/K, (k+1)/K)} (1 in the
         * last bin), so the histogram has at most K entries per (group, label) for scores in [0, 1].
         * K must be a multiple of the 10 calibration bins; 0 (the default) keeps exact scores.
         */
        public Builder optScoreBins(int bins) {
            this.scoreBins = bins;
            return this;
        }

        /** The most aggregated entries collected to the driver (default {@value #DEFAULT_MAX_HISTOGRAM_ENTRIES}). */
        public Builder optMaxHistogramEntries(long entries) {
            this.maxHistogramEntries = entries;
            return this;
        }

        /**
         * Poisson bootstrap intervals of the named metrics.
         *
         * @param replicates the number of replicates (0: none)
         * @param seed the seed of the draws
         * @param keyColumn a column of unique row ids keying the draws, or null for the row position
         */
        public Builder optBootstrap(int replicates, long seed, String keyColumn) {
            this.replicates = replicates;
            this.seed = seed;
            this.keyColumn = keyColumn;
            return this;
        }

        /**
         * Runs the audit: one aggregation for the counts and the score histogram, and one more pass
         * for the bootstrap (when asked).
         *
         * @throws IllegalArgumentException for missing or contradictory options and bad values,
         *     with the column named and what to do
         */
        public Result run() {
            check();
            List<Column> groupCols = new ArrayList<>();
            for (String g : groups) {
                groupCols.add(text(g).as(g));
            }
            List<Column> cols = new ArrayList<>(groupCols);
            cols.add(when(text(label).isin(positiveLabels.toArray()), 1).otherwise(0).as(Y));
            Column s = score == null ? null : col(score).cast("double");
            boolean byNegatives = negativePredictions != null;
            List<String> predictionValues = byNegatives ? negativePredictions
                    : positivePredictions != null ? positivePredictions : positiveLabels;
            Double usedThreshold = null;
            if (prediction != null) {
                Column in = text(prediction).isin(predictionValues.toArray());
                cols.add(when(byNegatives ? in.unary_$bang() : in, 1).otherwise(0).as(P));
            } else {
                usedThreshold = threshold == null ? 0.5 : threshold;
                cols.add(when(s.geq(usedThreshold), 1).otherwise(0).as(P));
            }
            if (s != null) {
                cols.add(s.as(S));
            }
            cols.add((weight == null ? lit(1.0) : col(weight).cast("double")).as(W));
            List<String> required = new ArrayList<>(groups);
            required.add(label);
            if (prediction != null) {
                required.add(prediction);
            }
            cols.add(missing(required, s, weight).as("__ft_bad"));
            if (keyColumn != null) {
                cols.add(text(keyColumn).as(K));
            }
            if (twinScore != null) {
                cols.add(col(twinScore).cast("double").as(T));
            }
            Dataset<Row> rows = data.select(cols.toArray(new Column[0]));

            // 1. one aggregation: (groups, label, prediction[, score]) -> rows, weight sum, least weight, a bad value
            int k = groups.size();
            List<Column> by = new ArrayList<>();
            for (String g : groups) {
                by.add(col(g));
            }
            by.add(col(Y));
            by.add(col(P));
            if (s != null) {
                by.add(binned(col(S)).as(S));
            }
            int at = k + (s == null ? 2 : 3);
            List<Row> cells = rows.groupBy(by.toArray(new Column[0]))
                    .agg(count(lit(1)), sum(W), min(W), max(col("__ft_bad")))
                    .limit((int) Math.min(Integer.MAX_VALUE - 1, maxHistogramEntries + 1)).collectAsList();
            if (cells.size() > maxHistogramEntries) {
                throw new IllegalArgumentException("the scores have more than " + maxHistogramEntries
                        + " distinct (group, label, prediction, score) values, too many to collect to the driver "
                        + "exactly; round the scores, raise the limit (optMaxHistogramEntries) if the driver has "
                        + "the memory (about 100 bytes an entry), or use binned mode (optScoreBins, with its "
                        + "stated error)");
            }
            if (cells.isEmpty()) {
                throw new IllegalArgumentException("the Dataset has no rows to measure");
            }
            for (Row r : cells) {
                String bad = r.getString(at + 3);
                if (bad != null) {
                    throw new IllegalArgumentException(bad + "; fill it in or filter such rows out of the Dataset");
                }
                if (!(r.getDouble(at + 2) >= 0) || !(r.getDouble(at + 1) < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException("column '" + weight + "' holds a weight that is negative, "
                            + "NaN or not finite; weights must be finite and 0 or more");
                }
            }
            Map<List<String>, Integer> ids = new HashMap<>();
            Groups g = groupsOf(cells, k, ids);
            if (reference != null && !g.contains(reference)) {
                throw new IllegalArgumentException("reference '" + reference + "' is not a group; the groups are "
                        + g.names());
            }
            long[] c = new long[g.size() * 4];
            double[] w = new double[g.size() * 4];
            int m = cells.size();
            Histogram h = new Histogram(s == null ? 0 : m);
            long n = 0;
            boolean anyPositive = false;
            for (int i = 0; i < m; i++) {
                Row r = cells.get(i);
                int group = ids.get(key(r, k));
                int y = r.getInt(k);
                int cell = group * 4 + y * 2 + r.getInt(k + 1);
                long rowsIn = r.getLong(at);
                double weightIn = r.getDouble(at + 1);
                c[cell] += rowsIn;
                w[cell] += weightIn;
                n += rowsIn;
                anyPositive |= y == 1;
                if (s != null) {
                    h.group[i] = group;
                    h.label[i] = y;
                    h.score[i] = r.getDouble(k + 2);
                    h.rows[i] = rowsIn;
                    h.weight[i] = weightIn;
                }
            }
            if (!anyPositive) {
                throw new IllegalArgumentException("no row of column '" + label + "' has a positive label "
                        + positiveLabels + "; set the positive labels");
            }
            MetricFrame.Builder frame = MetricFrame.builder().setCounts(GroupConfusion.ofCells(g, c, w))
                    .optReference(reference).optMinGroupSize(minGroupSize);

            // 2. the score metrics, from the same aggregation
            BinnedError binned = null;
            if (s != null) {
                frame.optScores(ScoreMetrics.summarizeHistogram(g, h.group, h.label, h.score, h.rows, h.weight,
                        ScoreMetrics.DEFAULT_CALIBRATION_BINS, ScoreMetrics.BORKAN_POWER));
                if (scoreBins > 0) {
                    binned = new BinnedError(scoreBins, h.aucErrorBound(g.size()), 0.5 / scoreBins);
                }
            }
            MetricFrame f = frame.build();

            // 3. the counterfactual pairs
            CounterfactualFairness cf = twinScore == null ? null
                    : counterfactual(rows, k, g, ids, usedThreshold == null ? 0.5 : usedThreshold);

            // 4. the bootstrap
            AuditJson.BootstrapJson intervals = null;
            if (replicates > 0) {
                PoissonBootstrap b = bootstrap(rows, k, g, ids);
                intervals = AuditJson.BootstrapJson.of(replicates, LEVEL, seed, keyColumn, b.intervals(f, LEVEL));
            }
            List<String> positivePred = prediction == null || byNegatives ? List.of() : List.copyOf(predictionValues);
            List<String> negativePred = prediction != null && byNegatives ? List.copyOf(predictionValues) : List.of();
            AuditJson.Input in = new AuditJson.Input(source == null ? "spark dataset" : source, n, 0, label,
                    List.copyOf(new LinkedHashSet<>(positiveLabels)), prediction, positivePred, negativePred, score,
                    usedThreshold, List.copyOf(groups), weight, reference, minGroupSize);
            return new Result(AuditJson.of(in, f, intervals), f, binned, cf);
        }

        private void check() {
            if (label == null) {
                throw new IllegalArgumentException("the label column is required: call setLabel");
            }
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("at least one group column is required: call addGroup");
            }
            if (prediction == null && score == null) {
                throw new IllegalArgumentException("give a prediction column, or a score column with a threshold");
            }
            if (positivePredictions != null && negativePredictions != null) {
                throw new IllegalArgumentException("give positive or negative prediction values, not both");
            }
            if (prediction == null && (positivePredictions != null || negativePredictions != null)) {
                throw new IllegalArgumentException("positive and negative prediction values need a prediction column");
            }
            if (prediction != null && threshold != null) {
                throw new IllegalArgumentException("the threshold applies to a score without a prediction column; "
                        + "give one of them");
            }
            if (minGroupSize < 0 || replicates < 0 || maxHistogramEntries < 1) {
                throw new IllegalArgumentException("minimum group size and replicates must not be negative, the "
                        + "histogram limit must be positive");
            }
            if (twinScore != null && score == null) {
                throw new IllegalArgumentException("a counterfactual score column needs the score column (the "
                        + "original texts' scores)");
            }
            if (scoreBins < 0 || scoreBins % ScoreMetrics.DEFAULT_CALIBRATION_BINS != 0) {
                throw new IllegalArgumentException("score bins must be a positive multiple of "
                        + ScoreMetrics.DEFAULT_CALIBRATION_BINS + " (so calibration bins stay whole), or 0, got "
                        + scoreBins);
            }
        }

        /** The first problem of a row as text, or null: a missing or empty value, a missing or NaN score. */
        private static Column missing(List<String> required, Column s, String weight) {
            Column bad = lit(null).cast("string");
            if (weight != null) {
                bad = when(col(weight).cast("double").isNull(), lit("a weight in column '" + weight
                        + "' is missing or not a number")).otherwise(bad);
            }
            if (s != null) {
                bad = when(s.isNull().or(s.isNaN()), lit("a score is missing, NaN or not a number")).otherwise(bad);
            }
            for (int i = required.size() - 1; i >= 0; i--) {
                String c = required.get(i);
                bad = when(coalesce(text(c), lit("")).equalTo(""), lit("empty value in column '" + c + "'"))
                        .otherwise(bad);
            }
            return bad;
        }

        /**
         * Per group: pairs, weight, the weighted sums of |s - s'|, s - s' and flips, and the flips, of
         * the rows with a twin score, read by {@link CounterfactualFairness#ofSums}.
         */
        private static CounterfactualFairness counterfactual(Dataset<Row> rows, int k, Groups g,
                Map<List<String>, Integer> ids, double threshold) {
            Column s = col(S);
            Column t = col(T);
            Column w = col(W);
            Column d = s.minus(t);
            Column flip = s.geq(threshold).notEqual(t.geq(threshold));
            List<Column> by = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                by.add(col(rows.columns()[i]));
            }
            List<Row> sums = rows.filter(t.isNotNull()).groupBy(by.toArray(new Column[0]))
                    .agg(count(lit(1)), sum(w), sum(w.multiply(abs(d))), sum(w.multiply(d)),
                            sum(when(flip, w).otherwise(0.0)), sum(when(flip, 1L).otherwise(0L)), max(t.isNaN()))
                    .collectAsList();
            int n = g.size();
            long[] pairs = new long[n];
            long[] flips = new long[n];
            double[] weight = new double[n];
            double[] sum = new double[3 * n];
            for (Row r : sums) {
                if (r.getBoolean(k + 6)) {
                    throw new IllegalArgumentException("a counterfactual score is NaN; leave it empty (null) for "
                            + "rows without a twin");
                }
                int id = ids.get(key(r, k));
                pairs[id] = r.getLong(k);
                weight[id] = r.getDouble(k + 1);
                sum[3 * id] = r.getDouble(k + 2);
                sum[3 * id + 1] = r.getDouble(k + 3);
                sum[3 * id + 2] = r.getDouble(k + 4);
                flips[id] = r.getLong(k + 5);
            }
            return CounterfactualFairness.ofSums(g, threshold, pairs, flips, weight, sum);
        }

        /** The score, or in binned mode the midpoint of its bin. */
        private Column binned(Column score) {
            if (scoreBins == 0) {
                return score;
            }
            Column bin = when(score.equalTo(1.0), scoreBins - 1).otherwise(floor(score.multiply(scoreBins)));
            return bin.plus(0.5).divide((double) scoreBins);
        }

        /** The Poisson bootstrap's replicates, summed per partition and merged. */
        private PoissonBootstrap bootstrap(Dataset<Row> rows, int k, Groups g, Map<List<String>, Integer> ids) {
            List<String> names = g.names();
            int reps = replicates;
            long s = seed;
            boolean byColumn = keyColumn != null;
            JavaRDD<Tuple2<Row, Long>> keyed = byColumn ? rows.javaRDD().map(r -> new Tuple2<>(r, 0L))
                    : rows.javaRDD().zipWithIndex().map(t -> new Tuple2<>(t._1(), t._2()));
            int yAt = k;
            int pAt = k + 1;
            int wAt = rows.schema().fieldIndex(W);
            int keyAt = byColumn ? rows.schema().fieldIndex(K) : -1;
            FlatMapFunction<Iterator<Tuple2<Row, Long>>, Cells> partition = it -> {
                PoissonBootstrap b = new PoissonBootstrap(Groups.of(names), reps, s);
                while (it.hasNext()) {
                    Tuple2<Row, Long> t = it.next();
                    Row r = t._1();
                    long key = byColumn ? PoissonBootstrap.key(r.getString(keyAt)) : t._2();
                    b.add(key, ids.get(key(r, k)), r.getInt(yAt), r.getInt(pAt), r.getDouble(wAt));
                }
                return List.of(new Cells(b.cellCounts(), b.cellWeights())).iterator();
            };
            Cells all = keyed.mapPartitions(partition).treeReduce(Cells::plus);
            return PoissonBootstrap.ofCells(g, reps, s, all.counts, all.weights);
        }
    }

    /** A cell's text as the single-machine audit reads it: the value as a string, trimmed. */
    private static Column text(String column) {
        return trim(col(column).cast("string"));
    }

    /** The group tuple in the first k fields of a row. */
    private static List<String> key(Row r, int k) {
        List<String> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(r.getString(i));
        }
        return out;
    }

    /**
     * The groups of the count cells, named and ordered as {@link Groups#intersect} orders the rows'
     * value tuples; fills {@code ids} with each tuple's group id.
     */
    private static Groups groupsOf(List<Row> cells, int k, Map<List<String>, Integer> ids) {
        List<List<String>> tuples = new ArrayList<>(new LinkedHashSet<>(cells.stream().map(r -> key(r, k)).toList()));
        List<String[]> columns = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            String[] values = new String[tuples.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = tuples.get(i).get(c);
            }
            columns.add(values);
        }
        GroupColumn gc = Groups.intersect(columns);
        for (int i = 0; i < tuples.size(); i++) {
            ids.put(tuples.get(i), gc.ids()[i]);
        }
        return gc.groups();
    }

    /** Summed replicate cells of one partition. */
    private record Cells(long[] counts, double[] weights) implements Serializable {
        Cells plus(Cells o) {
            long[] c = counts.clone();
            double[] w = weights.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] += o.counts[i];
                w[i] += o.weights[i];
            }
            return new Cells(c, w);
        }
    }

    /** The collected score histogram, and the binned-mode AUC error bound. */
    private static final class Histogram {
        final int[] group;
        final int[] label;
        final double[] score;
        final long[] rows;
        final double[] weight;

        Histogram(int n) {
            group = new int[n];
            label = new int[n];
            score = new double[n];
            rows = new long[n];
            weight = new double[n];
        }

        /**
         * {@code max over AUCs of 0.5 sum_b W+(b) W-(b) / (W+ W-)} with the positive and negative sets of
         * the overall, subgroup, BPSN and BNSP AUCs; bins are the distinct binned scores.
         */
        double aucErrorBound(int groups) {
            Map<Double, double[]> bins = new HashMap<>();
            double[] total = new double[groups * 2];
            for (int i = 0; i < score.length; i++) {
                double[] b = bins.computeIfAbsent(score[i] + 0.0, x -> new double[groups * 2]);
                b[group[i] * 2 + label[i]] += weight[i];
                total[group[i] * 2 + label[i]] += weight[i];
            }
            // sets: overall (all +, all -), then per group: subgroup (g+, g-), BPSN (bg+, g-), BNSP (g+, bg-)
            int sets = 1 + 3 * groups;
            double[] tied = new double[sets];
            double[] pos = new double[sets];
            double[] neg = new double[sets];
            fill(total, groups, pos, neg);
            double[] p = new double[sets];
            double[] q = new double[sets];
            for (double[] b : bins.values()) {
                fill(b, groups, p, q);
                for (int s = 0; s < sets; s++) {
                    tied[s] += p[s] * q[s];
                }
            }
            double bound = 0;
            for (int s = 0; s < sets; s++) {
                if (pos[s] > 0 && neg[s] > 0) {
                    bound = Math.max(bound, 0.5 * tied[s] / (pos[s] * neg[s]));
                }
            }
            return bound;
        }

        private static void fill(double[] w, int groups, double[] pos, double[] neg) {
            double allPos = 0;
            double allNeg = 0;
            for (int g = 0; g < groups; g++) {
                allNeg += w[g * 2];
                allPos += w[g * 2 + 1];
            }
            pos[0] = allPos;
            neg[0] = allNeg;
            for (int g = 0; g < groups; g++) {
                double gp = w[g * 2 + 1];
                double gn = w[g * 2];
                pos[1 + 3 * g] = gp;
                neg[1 + 3 * g] = gn;
                pos[2 + 3 * g] = allPos - gp;
                neg[2 + 3 * g] = gn;
                pos[3 + 3 * g] = gp;
                neg[3 + 3 * g] = allNeg - gn;
            }
        }
    }
}
