package dev.fairtune.report;

import dev.fairtune.fairness.CountMetric;
import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.fairness.Collapse;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.GroupScores;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.fairness.MetricValue;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.fairness.ScoreSummary;
import dev.fairtune.fairness.ThresholdSweep;
import dev.fairtune.fairness.Value;
import dev.fairtune.report.RunResult.CounterfactualEstimate;
import dev.fairtune.report.RunResult.CounterfactualResult;
import dev.fairtune.report.RunResult.MetricEstimate;
import dev.fairtune.report.RunResult.RateEstimate;
import dev.fairtune.report.RunResult.ScoreEstimate;
import dev.fairtune.fairness.ScoreStatistic;
import dev.fairtune.report.RunResult.SweepPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * A computed report: for every run, the metric frame of its test data and every value with a
 * percentile bootstrap interval, the threshold sweep and the counterfactual statistics.
 *
 * <p>Intervals: each replicate resamples the test rows within each group (group sizes stay fixed,
 * as in {@link dev.fairtune.fairness.stats.Bootstrap}, whose draws it repeats exactly), and all
 * count metrics, rates and score statistics of a run are computed on the same replicates, seeded
 * with the provenance's seed. Counterfactual pairs are resampled the same way, within the group of
 * the original text. A replicate where a value is undefined is left out of that value's quantiles
 * and counted ({@link Interval#undefinedReplicates()}).
 *
 * @param input what was measured
 * @param runs the results, in the order of {@link ReportInput#runs()}
 */
public record FairnessReport(ReportInput input, List<RunResult> runs) {

    /** Copies the list. */
    public FairnessReport {
        runs = List.copyOf(runs);
    }

    /** Measures every run of the input. */
    public static FairnessReport compute(ReportInput input) {
        List<RunResult> out = new ArrayList<>();
        for (RunInput run : input.runs()) {
            out.add(measure(input, run));
        }
        return new FairnessReport(input, out);
    }

    /**
     * The findings in plain sentences, as the page and the model card show them: each run's headline
     * metric and accuracy with intervals, how later runs compare with the first, and warnings
     * (small groups, undefined values, wide intervals).
     */
    public List<String> findings() {
        List<String> out = new ArrayList<>(Findings.tradeOffs(this));
        out.addAll(Findings.warnings(this));
        return out;
    }

    /** The result of a named run. */
    public RunResult run(String name) {
        for (RunResult r : runs) {
            if (r.run().name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no run named '" + name + "'");
    }

    private static RunResult measure(ReportInput in, RunInput run) {
        Observations obs = run.evaluation();
        Groups groups = obs.groups();
        GroupConfusion all = obs.counts();
        MetricFrame.Builder fb = MetricFrame.builder().setCounts(all).optReference(in.reference())
                .optMinGroupSize(in.minGroupSize());
        ScoreSummary summary = obs.hasScores() ? ScoreMetrics.summarize(obs) : null;
        if (summary != null) {
            fb.optScores(summary);
        }
        MetricFrame frame = fb.build();
        int reference = in.reference() == null ? -1 : groups.id(in.reference());
        CountMetric headline = in.headline().countMetric(groups, reference);

        // Count statistics: the headline, every named metric (under the headline's group policy),
        // every rate of all rows and of each group.
        List<CountMetric> countStats = new ArrayList<>();
        countStats.add(headline);
        for (MetricValue m : frame.metrics()) {
            countStats.add(new MetricSpec(m.metric(), m.group(), in.groupPolicy())
                    .countMetric(groups, m.reference() == null ? -1 : groups.id(m.reference())));
        }
        for (Rate r : RunResult.RATES) {
            countStats.add(c -> r.of(c.overall()));
            for (int g = 0; g < groups.size(); g++) {
                countStats.add(CountMetric.rate(r, g));
            }
        }
        int nCount = countStats.size();
        int nScore = summary == null ? 0 : scoreValues(summary).size();
        Value[] estimates = new Value[nCount + nScore];
        for (int s = 0; s < nCount; s++) {
            estimates[s] = countStats.get(s).compute(all);
        }
        if (summary != null) {
            List<Value> sv = scoreValues(summary);
            for (int s = 0; s < nScore; s++) {
                estimates[nCount + s] = sv.get(s);
            }
        }
        int[] group = obs.group();
        int[] label = obs.label();
        int[] pred = obs.prediction();
        double[] weight = obs.weight();
        double[] score = obs.hasScores() ? obs.score() : null;
        int n = obs.size();
        int[] rg = new int[n];
        int[] ry = new int[n];
        int[] rp = new int[n];
        double[] rw = weight == null ? null : new double[n];
        double[] rs = score == null ? null : new double[n];
        GroupConfusion c = new GroupConfusion(groups);
        RowBootstrap.Statistics stats = (rows, values) -> {
            for (int k = 0; k < n; k++) {
                int i = rows[k];
                rg[k] = group[i];
                ry[k] = label[i];
                rp[k] = pred[i];
                if (rw != null) {
                    rw[k] = weight[i];
                }
                if (rs != null) {
                    rs[k] = score[i];
                }
            }
            c.reset();
            c.update(rg, ry, rp, rw, 0, n);
            for (int s = 0; s < nCount; s++) {
                values[s] = countStats.get(s).compute(c);
            }
            if (nScore > 0) {
                List<Value> sv = scoreValues(ScoreMetrics.summarize(groups, rg, ry, rs, rw,
                        ScoreMetrics.DEFAULT_CALIBRATION_BINS, ScoreMetrics.BORKAN_POWER));
                for (int s = 0; s < nScore; s++) {
                    values[nCount + s] = sv.get(s);
                }
            }
        };
        List<Interval> intervals = new RowBootstrap(group, groups.size())
                .intervals(estimates, stats, in.replicates(), in.level(), in.provenance().seed());

        int at = 1;
        List<MetricEstimate> metrics = new ArrayList<>();
        for (MetricValue m : frame.metrics()) {
            metrics.add(new MetricEstimate(m.metric(), m.group(), m.reference(), intervals.get(at++)));
        }
        List<RateEstimate> rates = new ArrayList<>();
        for (Rate r : RunResult.RATES) {
            rates.add(new RateEstimate(RunResult.OVERALL, r, intervals.get(at++)));
            for (int g = 0; g < groups.size(); g++) {
                rates.add(new RateEstimate(groups.name(g), r, intervals.get(at++)));
            }
        }
        List<ScoreEstimate> scores = new ArrayList<>();
        if (summary != null) {
            List<ScoreEstimate> keys = scoreKeys(summary);
            for (ScoreEstimate k : keys) {
                scores.add(new ScoreEstimate(k.statistic(), k.group(), intervals.get(at++)));
            }
        }
        List<SweepPoint> sweep = score == null ? List.of() : sweep(in, obs, headline);
        CounterfactualResult cf = run.counterfactual() == null ? null
                : counterfactual(in, groups, run.counterfactual(), Double.isNaN(obs.threshold()) ? 0.5 : obs.threshold());
        ExplanationResult explanations = run.explanations() == null ? null
                : ExplanationResult.compute(run.explanations(), in);
        return new RunResult(run, frame, intervals.get(0), metrics, rates, scores, sweep, cf, explanations,
                Collapse.of(all), in.headline().leftOut(all));
    }

    /** Score statistics in a fixed order: all rows, each group's four, the power means, the bias score. */
    private static List<Value> scoreValues(ScoreSummary s) {
        List<Value> v = new ArrayList<>();
        v.add(s.overallAuc());
        v.add(s.overallCalibrationError());
        for (GroupScores g : s.byGroup()) {
            v.add(g.auc());
            v.add(g.bpsnAuc());
            v.add(g.bnspAuc());
            v.add(g.calibrationError());
        }
        v.add(s.subgroupAucMean());
        v.add(s.bpsnAucMean());
        v.add(s.bnspAucMean());
        v.add(s.biasScore());
        return v;
    }

    /** The statistic and group of each slot of {@link #scoreValues}, with no interval yet. */
    private static List<ScoreEstimate> scoreKeys(ScoreSummary s) {
        List<ScoreEstimate> k = new ArrayList<>();
        k.add(new ScoreEstimate(ScoreStatistic.AUC, RunResult.OVERALL, null));
        k.add(new ScoreEstimate(ScoreStatistic.CALIBRATION_ERROR, RunResult.OVERALL, null));
        for (GroupScores g : s.byGroup()) {
            k.add(new ScoreEstimate(ScoreStatistic.AUC, g.group(), null));
            k.add(new ScoreEstimate(ScoreStatistic.BPSN_AUC, g.group(), null));
            k.add(new ScoreEstimate(ScoreStatistic.BNSP_AUC, g.group(), null));
            k.add(new ScoreEstimate(ScoreStatistic.CALIBRATION_ERROR, g.group(), null));
        }
        k.add(new ScoreEstimate(ScoreStatistic.SUBGROUP_AUC_POWER_MEAN, RunResult.OVERALL, null));
        k.add(new ScoreEstimate(ScoreStatistic.BPSN_AUC_POWER_MEAN, RunResult.OVERALL, null));
        k.add(new ScoreEstimate(ScoreStatistic.BNSP_AUC_POWER_MEAN, RunResult.OVERALL, null));
        k.add(new ScoreEstimate(ScoreStatistic.BIAS_SCORE, RunResult.OVERALL, null));
        return k;
    }

    private static List<SweepPoint> sweep(ReportInput in, Observations obs, CountMetric headline) {
        double[] t = thresholds(in, obs.score());
        Groups groups = obs.groups();
        ThresholdSweep sweep = ThresholdSweep.of(groups, obs.group(), obs.label(), obs.score(), obs.weight(), t);
        double[] sorted = sweep.thresholds();
        List<SweepPoint> out = new ArrayList<>(sorted.length);
        for (int j = 0; j < sorted.length; j++) {
            GroupConfusion c = sweep.counts(j);
            List<Value> tpr = new ArrayList<>();
            List<Value> fpr = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                tpr.add(Rate.TPR.of(c.group(g)));
                fpr.add(Rate.FPR.of(c.group(g)));
            }
            out.add(new SweepPoint(sorted[j], Rate.ACCURACY.of(c.overall()), headline.compute(c), tpr, fpr));
        }
        return out;
    }

    /** The input's thresholds, or the defaults described at {@link ReportInput#thresholds()}. */
    static double[] thresholds(ReportInput in, double[] score) {
        if (!in.thresholds().isEmpty()) {
            return in.thresholds().stream().mapToDouble(Double::doubleValue).toArray();
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double s : score) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        double[] t = new double[99];
        boolean unit = min >= 0 && max <= 1;
        for (int j = 0; j < 99; j++) {
            // Probabilities: 0.01 .. 0.99; other scores: 99 even steps strictly inside their range.
            t[j] = unit ? (j + 1) / 100.0 : min + (max - min) * (j + 1) / 100.0;
        }
        if (!unit && !(max > min)) {
            return new double[] {min};
        }
        return t;
    }

    private static CounterfactualResult counterfactual(ReportInput in, Groups groups, CounterfactualPairs pairs,
            double threshold) {
        CounterfactualFairness.Statistic[] statistics = CounterfactualFairness.Statistic.values();
        int per = groups.size() + 1;
        CounterfactualFairness whole = CounterfactualFairness.of(groups, pairs.group(), pairs.score(),
                pairs.twinScore(), threshold);
        Value[] estimates = new Value[statistics.length * per];
        fill(whole, statistics, groups.size(), estimates);
        int n = pairs.size();
        int[] rg = new int[n];
        double[] rs = new double[n];
        double[] rt = new double[n];
        CounterfactualFairness c = new CounterfactualFairness(groups, threshold);
        RowBootstrap.Statistics stats = (rows, values) -> {
            for (int k = 0; k < n; k++) {
                rg[k] = pairs.group()[rows[k]];
                rs[k] = pairs.score()[rows[k]];
                rt[k] = pairs.twinScore()[rows[k]];
            }
            c.reset();
            c.update(rg, rs, rt, null, 0, n);
            fill(c, statistics, groups.size(), values);
        };
        List<Interval> intervals = new RowBootstrap(pairs.group(), groups.size())
                .intervals(estimates, stats, in.replicates(), in.level(), in.provenance().seed());
        List<CounterfactualEstimate> out = new ArrayList<>();
        int at = 0;
        for (CounterfactualFairness.Statistic st : statistics) {
            out.add(new CounterfactualEstimate(st, RunResult.OVERALL, whole.pairs(), intervals.get(at++)));
            for (int g = 0; g < groups.size(); g++) {
                out.add(new CounterfactualEstimate(st, groups.name(g), whole.pairs(g), intervals.get(at++)));
            }
        }
        return new CounterfactualResult(threshold, whole.pairs(), out);
    }

    private static void fill(CounterfactualFairness c, CounterfactualFairness.Statistic[] statistics, int groups,
            Value[] out) {
        int at = 0;
        for (CounterfactualFairness.Statistic st : statistics) {
            out[at++] = c.get(st);
            for (int g = 0; g < groups; g++) {
                out[at++] = c.get(st, g);
            }
        }
    }
}
