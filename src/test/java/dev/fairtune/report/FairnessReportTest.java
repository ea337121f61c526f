package dev.fairtune.report;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.fairness.ScoreStatistic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.CountMetric;
import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.fairness.stats.Bootstrap;
import dev.fairtune.fairness.stats.BootstrapInterval;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The computed report agrees with the metric package, value for value and interval for interval. */
class FairnessReportTest {

    @Test
    void valuesAndIntervalsEqualTheMetricPackage() {
        ReportInput in = ReportFixtures.input(200);
        FairnessReport report = FairnessReport.compute(in);
        assertEquals(2, report.runs().size());
        RunResult plain = report.run("plain");
        Observations obs = plain.run().evaluation();
        MetricFrame lib = MetricFrame.of(obs, "absent");
        long seed = in.provenance().seed();

        // The headline and a signed metric: same estimate and same interval as Bootstrap.interval.
        BootstrapInterval eod = Bootstrap.interval(obs, FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.asCountMetric(),
                200, 0.95, seed);
        assertSame(eod, plain.headline());
        assertSame(eod, plain.metric(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE, null));
        assertSame(Bootstrap.interval(obs, FairnessMetric.AVERAGE_ODDS_DIFFERENCE.versus(1, 0), 200, 0.95, seed),
                plain.metric(FairnessMetric.AVERAGE_ODDS_DIFFERENCE, "present"));
        assertSame(Bootstrap.interval(obs, CountMetric.rate(Rate.FPR, 1), 200, 0.95, seed),
                plain.rate(Rate.FPR, "present"));
        assertSame(Bootstrap.interval(obs, c -> Rate.ACCURACY.of(c.overall()), 200, 0.95, seed),
                plain.rate(Rate.ACCURACY, RunResult.OVERALL));
        assertEquals(lib.metrics().size(), plain.metrics().size());
        assertEquals(RunResult.RATES.size() * 3, plain.rates().size());
        assertEquals(lib.metric(FairnessMetric.DISPARATE_IMPACT, "present"),
                plain.metric(FairnessMetric.DISPARATE_IMPACT, "present").estimate());
        // The inequality and differential fairness metrics: the frame's estimate and Bootstrap's interval.
        for (FairnessMetric m : List.of(FairnessMetric.COEFFICIENT_OF_VARIATION,
                FairnessMetric.BETWEEN_GROUP_COEFFICIENT_OF_VARIATION, FairnessMetric.BETWEEN_GROUP_MEAN_LOG_DEVIATION,
                FairnessMetric.DIFFERENTIAL_FAIRNESS, FairnessMetric.LABEL_DIFFERENTIAL_FAIRNESS,
                FairnessMetric.DIFFERENTIAL_FAIRNESS_BIAS_AMPLIFICATION)) {
            assertEquals(lib.metric(m), plain.metric(m, null).estimate(), m.name());
            assertTrue(lib.metric(m).isDefined(), m.name());
            assertSame(Bootstrap.interval(obs, m.asCountMetric(), 200, 0.95, seed), plain.metric(m, null));
        }

        // Score statistics: estimates are the library's; intervals bracket them.
        Interval auc = plain.score(ScoreStatistic.AUC, RunResult.OVERALL);
        assertEquals(ScoreMetrics.summarize(obs).overallAuc(), auc.estimate());
        assertTrue(auc.lower().value() < auc.estimate().value() && auc.estimate().value() < auc.upper().value(),
                auc.toString());
        assertEquals(ScoreMetrics.summarize(obs).group("present").bpsnAuc(),
                plain.score(ScoreStatistic.BPSN_AUC, "present").estimate());

        // The plain run's false-positive shortcut shows; the fair run's gap is smaller.
        assertTrue(plain.rate(Rate.FPR, "present").estimate().value() > plain.rate(Rate.FPR, "absent").estimate().value() + 0.2);
        assertTrue(report.run("fair").headline().estimate().value() < plain.headline().estimate().value());

        // The sweep: the point at the run's threshold equals the frame.
        RunResult.SweepPoint at50 = plain.sweep().stream().filter(p -> p.threshold() == 0.5).findFirst().orElseThrow();
        assertEquals(lib.overall().get(Rate.ACCURACY), at50.accuracy());
        assertEquals(lib.metric(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE), at50.headline());
        assertEquals(lib.group("present").get(Rate.TPR), at50.tpr().get(1));
        assertEquals(99, plain.sweep().size());
        assertNull(plain.counterfactual());
    }

    @Test
    void counterfactualIntervals() {
        Groups groups = ReportFixtures.GROUPS;
        Observations obs = ReportFixtures.scored(groups, 200, 0.2, 3);
        int[] g = {1, 1, 1, 1, 0, 0};
        double[] s = {0.9, 0.6, 0.55, 0.3, 0.2, 0.7};
        double[] t = {0.2, 0.4, 0.6, 0.3, 0.2, 0.8};
        RunInput run = RunInput.builder().setName("r").setEvaluation(obs)
                .optCounterfactual(new CounterfactualPairs(g, s, t)).build();
        ReportInput in = ReportInput.builder().setTitle("t").setProvenance(ReportFixtures.provenance())
                .setEvaluationData(DataSummary.of("d", null, List.of("0", "1"), "g", obs)).addRun(run)
                .optBootstrap(300, 0.9).build();
        RunResult r = FairnessReport.compute(in).runs().get(0);
        RunResult.CounterfactualResult cf = r.counterfactual();
        assertEquals(6, cf.pairs());
        // present: |d| = 0.7, 0.2, 0.05, 0 -> 0.2375; (0.9, 0.2) and (0.6, 0.4) flip, (0.55, 0.6) and (0.3, 0.3)
        // do not -> 2 / 4; absent: no flip -> 2 / 6 overall.
        Interval mad = cf.get(CounterfactualFairness.Statistic.MEAN_ABSOLUTE_DIFFERENCE, "present").interval();
        assertEquals(0.2375, mad.estimate().value(), 1e-12);
        assertEquals(0.5, cf.get(CounterfactualFairness.Statistic.FLIP_RATE, "present").interval().estimate().value(), 1e-12);
        assertEquals(1.0 / 3, cf.get(CounterfactualFairness.Statistic.FLIP_RATE, RunResult.OVERALL).interval()
                .estimate().value(), 1e-12);
        assertTrue(mad.lower().value() <= 0.2375 && mad.upper().value() >= 0.2375);
        assertTrue(mad.lower().value() >= 0 && mad.upper().value() <= 0.7);
        assertEquals(4, cf.get(CounterfactualFairness.Statistic.FLIP_RATE, "present").pairs());
    }

    @Test
    void undefinedValuesKeepTheirReason() {
        // Group "present" has no positive labels: its TPR and the TPR-based metrics are undefined.
        Groups groups = ReportFixtures.GROUPS;
        int[] g = {0, 0, 0, 0, 1, 1, 1};
        int[] y = {1, 0, 1, 0, 0, 0, 0};
        double[] s = {0.8, 0.2, 0.4, 0.6, 0.7, 0.1, 0.3};
        Observations obs = Observations.builder().setGroups(groups, g).setLabels(y).optScores(s).optThreshold(0.5).build();
        RunInput run = RunInput.builder().setName("r").setEvaluation(obs).build();
        ReportInput in = ReportInput.builder().setTitle("t").setProvenance(ReportFixtures.provenance())
                .setEvaluationData(DataSummary.of("d", null, List.of("0", "1"), "g", obs)).addRun(run)
                .optReference("absent").optBootstrap(50, 0.95).build();
        RunResult r = FairnessReport.compute(in).runs().get(0);
        Interval tpr = r.rate(Rate.TPR, "present");
        assertFalse(tpr.estimate().isDefined());
        assertEquals(Reason.NO_POSITIVE_LABELS, tpr.lower().reason());
        assertEquals(Reason.NO_POSITIVE_LABELS, r.headline().estimate().reason());
        assertEquals(50, tpr.undefinedReplicates());
        // FPR is defined: 1 of 3 negatives of "present" scores >= 0.5.
        assertEquals(1.0 / 3, r.rate(Rate.FPR, "present").estimate().value(), 1e-12);
        assertEquals(Reason.NO_POSITIVE_LABELS, r.score(ScoreStatistic.AUC, "present").estimate().reason());
    }

    @Test
    void badInputIsRejected() {
        Observations obs = ReportFixtures.scored(ReportFixtures.GROUPS, 50, 0, 1);
        Observations other = ReportFixtures.scored(Groups.of("a", "b", "c"), 50, 0, 1);
        ReportInput.Builder b = ReportInput.builder().setTitle("t").setProvenance(ReportFixtures.provenance())
                .setEvaluationData(DataSummary.of("d", null, List.of("0", "1"), "g", obs))
                .addRun(RunInput.builder().setName("a").setEvaluation(obs).build())
                .addRun(RunInput.builder().setName("b").setEvaluation(other).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("same groups"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportInput.builder().setTitle("t")
                .setProvenance(ReportFixtures.provenance())
                .setEvaluationData(DataSummary.of("d", null, List.of("0", "1"), "g", obs))
                .addRun(RunInput.builder().setName("a").setEvaluation(obs).build())
                .optReference("nobody").build());
        assertTrue(e.getMessage().contains("reference 'nobody' is not a group"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE)
                .check(dev.fairtune.fairness.Groups.of("a", "b", "c"), 0));
        assertTrue(e.getMessage().contains("name the compared group"), e.getMessage());
    }

    private static void assertSame(BootstrapInterval expected, Interval actual) {
        assertEquals(expected.estimate(), actual.estimate());
        assertEquals(expected.lower(), actual.lower());
        assertEquals(expected.upper(), actual.upper());
        assertEquals(expected.undefinedReplicates(), actual.undefinedReplicates());
    }
}
