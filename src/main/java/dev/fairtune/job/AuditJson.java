package dev.fairtune.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fairtune.fairness.AggregateValue;
import dev.fairtune.fairness.Confusion;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupRates;
import dev.fairtune.fairness.GroupScores;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.MetricValue;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.ScoreSummary;
import dev.fairtune.fairness.Value;
import dev.fairtune.fairness.stats.MetricInterval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON written by {@code fairtune audit --json}, schema {@value #SCHEMA}, documented field by
 * field in docs/audit-json.md. Every record here maps one-to-one onto a JSON object, so the
 * output parses back into these types.
 *
 * @param schema always {@value #SCHEMA}
 * @param input what was read and how
 * @param overall every rate of all rows
 * @param groups every rate of each group
 * @param aggregates each aggregated rate
 * @param metrics each named metric (signed ones once per non-reference group)
 * @param scores the threshold-free metrics; null without a score column
 * @param bootstrap Poisson bootstrap intervals of the named metrics; null unless asked for (--bootstrap)
 */
public record AuditJson(String schema, Input input, GroupJson overall, List<GroupJson> groups,
        List<AggregateJson> aggregates, List<MetricJson> metrics, ScoresJson scores,
        BootstrapJson bootstrap) {

    /** The schema name and version. */
    public static final String SCHEMA = "fairtune-audit/1";

    /**
     * What the audit read.
     *
     * @param file the input file
     * @param rows rows read
     * @param skippedRows rows skipped with --skip-bad-rows (malformed, or an empty or unusable value)
     * @param labelColumn the label column
     * @param positiveLabels label values counted as positive
     * @param predictionColumn the prediction column, or null
     * @param positivePredictions prediction values counted as positive (when no negative ones are given)
     * @param negativePredictions prediction values counted as negative (every other value is positive); empty if unused
     * @param scoreColumn the score column, or null
     * @param threshold the threshold (score at or above it: positive), or null when predictions come from a column
     * @param groupColumns the group columns (several: intersectional groups)
     * @param weightColumn the weight column, or null
     * @param reference the reference group, or null
     * @param minGroupSize groups with fewer rows are flagged
     */
    public record Input(String file, long rows, long skippedRows, String labelColumn, List<String> positiveLabels,
            String predictionColumn, List<String> positivePredictions, List<String> negativePredictions,
            String scoreColumn, Double threshold, List<String> groupColumns, String weightColumn, String reference,
            int minGroupSize) {
    }

    /**
     * A number that may be undefined.
     *
     * @param value the value; null when undefined (JSON has no NaN)
     * @param reason null when defined, else a {@link dev.fairtune.fairness.Reason} name such as "NO_POSITIVE_LABELS"
     * @param where the group (or "overall") where it became undefined, or null
     * @param text a readable reason such as "no positive labels (Asian)", or null when defined
     */
    public record ValueJson(Double value, String reason, String where, String text) {
        /** The JSON form of a value. */
        public static ValueJson of(Value v) {
            if (v.isDefined()) {
                return new ValueJson(v.value(), null, null, null);
            }
            return new ValueJson(null, v.reason().name(), v.group(), v.describe());
        }
    }

    /**
     * One group (or all rows, named "overall").
     *
     * @param group the name
     * @param rows rows in it
     * @param weight their weight sum
     * @param belowMinSize fewer rows than the minimum group size
     * @param tp true positives (rows)
     * @param fp false positives
     * @param tn true negatives
     * @param fn false negatives
     * @param rates every rate
     */
    public record GroupJson(String group, long rows, double weight, boolean belowMinSize, long tp, long fp, long tn,
            long fn, Map<String, ValueJson> rates) {
        static GroupJson of(GroupRates r) {
            Confusion c = r.confusion();
            return new GroupJson(c.group(), c.count(), c.weight(), r.belowMinSize(), c.tp(), c.fp(), c.tn(), c.fn(),
                    rates(r));
        }

        /** Every rate of {@link MetricFrame#DEFAULT_RATES}, under its {@link Rate} name, in that order. */
        private static Map<String, ValueJson> rates(GroupRates r) {
            Map<String, ValueJson> out = new LinkedHashMap<>();
            for (Rate rate : MetricFrame.DEFAULT_RATES) {
                out.put(rate.name(), ValueJson.of(r.get(rate)));
            }
            return out;
        }
    }

    /**
     * One aggregation of one rate.
     *
     * @param rate a {@link Rate} name
     * @param aggregation a {@link dev.fairtune.fairness.Aggregation} name
     * @param group the compared group of a signed aggregation (DIFFERENCE, RATIO), else null
     * @param reference the reference group of a signed aggregation, else null
     * @param value the aggregate
     */
    public record AggregateJson(String rate, String aggregation, String group, String reference, ValueJson value) {
    }

    /**
     * One named metric.
     *
     * @param metric a {@link FairnessMetric} name
     * @param scope a {@link FairnessMetric.Scope} name
     * @param group the compared group of a signed metric, else null
     * @param reference the reference group of a signed metric, else null
     * @param ideal the value meaning no disparity (0 or 1)
     * @param value the value
     */
    public record MetricJson(String metric, String scope, String group, String reference, double ideal,
            ValueJson value) {
    }

    /**
     * Threshold-free metrics of one group.
     *
     * @param group the name
     * @param rows rows in it
     * @param positives rows labelled positive
     * @param negatives rows labelled negative
     * @param auc the subgroup ROC AUC
     * @param bpsnAuc background-positive, subgroup-negative AUC
     * @param bnspAuc background-negative, subgroup-positive AUC
     * @param calibrationError the expected calibration error
     */
    public record GroupScoresJson(String group, long rows, long positives, long negatives, ValueJson auc,
            ValueJson bpsnAuc, ValueJson bnspAuc, ValueJson calibrationError) {
    }

    /**
     * Threshold-free metrics.
     *
     * @param overallAuc ROC AUC of all rows
     * @param overallCalibrationError expected calibration error of all rows
     * @param calibrationBins equal-width bins of the calibration errors
     * @param powerMeanExponent the exponent p of the power means
     * @param subgroupAucPowerMean power mean of the groups' AUCs
     * @param bpsnAucPowerMean power mean of the BPSN AUCs
     * @param bnspAucPowerMean power mean of the BNSP AUCs
     * @param biasScore (overall AUC + the three power means) / 4
     * @param groups per group
     */
    public record ScoresJson(ValueJson overallAuc, ValueJson overallCalibrationError, int calibrationBins,
            double powerMeanExponent, ValueJson subgroupAucPowerMean, ValueJson bpsnAucPowerMean,
            ValueJson bnspAucPowerMean, ValueJson biasScore, List<GroupScoresJson> groups) {
        static ScoresJson of(ScoreSummary s) {
            List<GroupScoresJson> groups = new ArrayList<>();
            for (GroupScores g : s.byGroup()) {
                groups.add(new GroupScoresJson(g.group(), g.count(), g.positives(), g.negatives(),
                        ValueJson.of(g.auc()), ValueJson.of(g.bpsnAuc()), ValueJson.of(g.bnspAuc()),
                        ValueJson.of(g.calibrationError())));
            }
            return new ScoresJson(ValueJson.of(s.overallAuc()), ValueJson.of(s.overallCalibrationError()),
                    s.calibrationBins(), s.powerMeanExponent(), ValueJson.of(s.subgroupAucMean()),
                    ValueJson.of(s.bpsnAucMean()), ValueJson.of(s.bnspAucMean()), ValueJson.of(s.biasScore()),
                    List.copyOf(groups));
        }
    }

    /**
     * One metric's interval.
     *
     * @param metric a {@link FairnessMetric} name
     * @param group the compared group of a signed metric, else null
     * @param reference the reference group of a signed metric, else null
     * @param estimate the metric on the observed rows (as in {@code metrics})
     * @param lower the lower bound
     * @param upper the upper bound
     * @param undefinedReplicates replicates where the metric was undefined (left out of the quantiles)
     */
    public record IntervalJson(String metric, String group, String reference, ValueJson estimate, ValueJson lower,
            ValueJson upper, int undefinedReplicates) {
    }

    /**
     * Poisson bootstrap intervals ({@link dev.fairtune.fairness.stats.PoissonBootstrap}).
     *
     * @param method always "poisson": row i counts Poisson(1) times per replicate, drawn from (seed, key, replicate)
     * @param replicates the number of replicates
     * @param level the confidence level
     * @param seed the seed
     * @param key the column whose values key the draws, or null for the row's 0-based position
     * @param intervals one per named metric, in the order of {@code metrics}
     */
    public record BootstrapJson(String method, int replicates, double level, long seed, String key,
            List<IntervalJson> intervals) {
        /** The JSON form of intervals from {@link dev.fairtune.fairness.stats.PoissonBootstrap#intervals}. */
        public static BootstrapJson of(int replicates, double level, long seed, String key, List<MetricInterval> all) {
            List<IntervalJson> out = new ArrayList<>(all.size());
            for (MetricInterval i : all) {
                MetricValue m = i.estimate();
                out.add(new IntervalJson(m.metric().name(), m.group(), m.reference(), ValueJson.of(m.value()),
                        ValueJson.of(i.lower()), ValueJson.of(i.upper()), i.undefinedReplicates()));
            }
            return new BootstrapJson("poisson", replicates, level, seed, key, List.copyOf(out));
        }
    }

    /**
     * The JSON of an audit: what was read, and a metric frame (the counts' frame, with the score
     * summary when there are scores), with bootstrap intervals or without (null). A frame built from
     * counts merged elsewhere (a cluster's partitions, say) gives the same JSON as one built from rows.
     */
    public static AuditJson of(Input input, MetricFrame f, BootstrapJson bootstrap) {
        List<GroupJson> groups = new ArrayList<>();
        for (GroupRates r : f.byGroup()) {
            groups.add(GroupJson.of(r));
        }
        List<AggregateJson> aggregates = new ArrayList<>();
        for (AggregateValue a : f.aggregates()) {
            aggregates.add(new AggregateJson(a.rate().name(), a.aggregation().name(), a.group(),
                    a.group() == null ? null : f.reference(), ValueJson.of(a.value())));
        }
        List<MetricJson> metrics = new ArrayList<>();
        for (MetricValue m : f.metrics()) {
            metrics.add(new MetricJson(m.metric().name(), m.metric().scope().name(), m.group(), m.reference(),
                    m.metric().ideal(), ValueJson.of(m.value())));
        }
        return new AuditJson(SCHEMA, input, GroupJson.of(f.overall()), List.copyOf(groups), List.copyOf(aggregates),
                List.copyOf(metrics), f.scores() == null ? null : ScoresJson.of(f.scores()), bootstrap);
    }

    /** The JSON text as {@code fairtune audit --json} writes it: indented, with a final line break. */
    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this)
                    + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the audit JSON could not be written: " + e.getMessage(), e);
        }
    }
}
