package dev.fairtune.report;

import dev.fairtune.fairness.ScoreStatistic;
import dev.fairtune.fairness.Collapse;
import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Value;
import dev.fairtune.fairness.GroupPolicy;
import java.util.List;

/**
 * The measured results of one run, every value with its bootstrap interval.
 *
 * @param run what the run gave the report ({@link RunInput}), which this measures
 * @param frame the metric frame of the test data (the metric package's view)
 * @param headline the headline metric's interval
 * @param metrics every named metric of the frame, in the frame's order
 * @param rates every proportion rate of all rows ({@link #OVERALL}) and of each group, in group order
 * @param scores the threshold-free statistics; empty without scores
 * @param sweep the threshold sweep, ascending; empty without scores
 * @param counterfactual the counterfactual statistics, or null without counterfactual pairs
 * @param explanations the identity-term diagnostic with intervals, or null without explanations
 * @param collapse whether the test decisions are (nearly) one class, overall or within a group; a
 *     collapsed run's gaps say nothing about fairness, and the report says so in red
 * @param headlineLeftOut the groups the report's {@link dev.fairtune.fairness.GroupPolicy} leaves
 *     out of the headline metric on the test data, with the reasons; empty when strict
 */
public record RunResult(RunInput run, MetricFrame frame, Interval headline, List<MetricEstimate> metrics,
        List<RateEstimate> rates, List<ScoreEstimate> scores, List<SweepPoint> sweep,
        CounterfactualResult counterfactual, ExplanationResult explanations, Collapse collapse,
        List<GroupPolicy.LeftOut> headlineLeftOut) {

    /** The group name of values over all rows. */
    public static final String OVERALL = "overall";


    /** The rates with intervals: every proportion and balanced accuracy. */
    public static final List<Rate> RATES = MetricFrame.DEFAULT_RATES;

    /** Copies the lists. */
    public RunResult {
        metrics = List.copyOf(metrics);
        rates = List.copyOf(rates);
        scores = List.copyOf(scores);
        sweep = List.copyOf(sweep);
        headlineLeftOut = List.copyOf(headlineLeftOut);
    }

    /**
     * A named metric with its interval.
     *
     * @param metric the metric
     * @param group the compared group of a signed metric, else null
     * @param reference the reference group of a signed metric, else null
     * @param interval the value and its interval
     */
    public record MetricEstimate(FairnessMetric metric, String group, String reference, Interval interval) {
    }

    /**
     * A rate of one group (or of all rows) with its interval.
     *
     * @param group the group, or {@link #OVERALL}
     * @param rate the rate
     * @param interval the value and its interval
     */
    public record RateEstimate(String group, Rate rate, Interval interval) {
    }

    /**
     * A score statistic with its interval.
     *
     * @param statistic the statistic
     * @param group the group, or {@link #OVERALL} for all rows and for the power means
     * @param interval the value and its interval
     */
    public record ScoreEstimate(ScoreStatistic statistic, String group, Interval interval) {
    }

    /**
     * Counterfactual statistics of the run's pairs.
     *
     * @param threshold the decision threshold of the flip rate
     * @param pairs the number of pairs
     * @param estimates each {@link CounterfactualFairness.Statistic} of all pairs ({@link #OVERALL})
     *     and of each group
     */
    public record CounterfactualResult(double threshold, long pairs, List<CounterfactualEstimate> estimates) {
        /** Copies the list. */
        public CounterfactualResult {
            estimates = List.copyOf(estimates);
        }

        /** The estimate of a statistic of a group (or {@link #OVERALL}). */
        public CounterfactualEstimate get(CounterfactualFairness.Statistic statistic, String group) {
            for (CounterfactualEstimate e : estimates) {
                if (e.statistic() == statistic && e.group().equals(group)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("no " + statistic + " for '" + group + "'");
        }
    }

    /**
     * A counterfactual statistic with its interval.
     *
     * @param statistic the statistic
     * @param group the group of the original texts, or {@link #OVERALL}
     * @param pairs the pairs it covers
     * @param interval the value and its interval
     */
    public record CounterfactualEstimate(CounterfactualFairness.Statistic statistic, String group, long pairs,
            Interval interval) {
    }

    /**
     * The test data's decisions at one threshold (score at or above it: positive).
     *
     * @param threshold the threshold
     * @param accuracy accuracy of all rows
     * @param headline the headline metric
     * @param tpr each group's true positive rate, in group order
     * @param fpr each group's false positive rate, in group order
     */
    public record SweepPoint(double threshold, Value accuracy, Value headline, List<Value> tpr, List<Value> fpr) {
        /** Copies the lists. */
        public SweepPoint {
            tpr = List.copyOf(tpr);
            fpr = List.copyOf(fpr);
        }
    }

    /** The interval of a rate of a group (or {@link #OVERALL}). */
    public Interval rate(Rate rate, String group) {
        for (RateEstimate r : rates) {
            if (r.rate() == rate && r.group().equals(group)) {
                return r.interval();
            }
        }
        throw new IllegalArgumentException("no " + rate + " for '" + group + "'");
    }

    /** The interval of a named metric; {@code group} is null for an across-groups metric. */
    public Interval metric(FairnessMetric metric, String group) {
        for (MetricEstimate m : metrics) {
            if (m.metric() == metric && (group == null ? m.group() == null : group.equals(m.group()))) {
                return m.interval();
            }
        }
        throw new IllegalArgumentException("no " + metric + (group == null ? "" : " for '" + group + "'"));
    }

    /** The interval of a score statistic of a group (or {@link #OVERALL}); null without scores. */
    public Interval score(ScoreStatistic statistic, String group) {
        for (ScoreEstimate s : scores) {
            if (s.statistic() == statistic && s.group().equals(group)) {
                return s.interval();
            }
        }
        return null;
    }

    /** The threshold of the run's decisions; NaN when decisions were given rather than derived from scores. */
    public double threshold() {
        return run.evaluation().threshold();
    }
}
