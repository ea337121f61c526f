package dev.fairtune.report;

import dev.fairtune.fairness.MetricSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.fairness.Definition;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.ScoreStatistic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The definitions a report prints are {@code fairness}'s own, not a second copy. */
class ReportDefinitionsTest {
    @Test
    void everyDefinitionInAReportIsTheFairnessDefinitionOfThatName() {
        Map<String, Definition> fairness = new HashMap<>();
        Stream.of(List.of(FairnessMetric.values()), List.of(Rate.values()), List.of(ScoreStatistic.values()),
                List.of(CounterfactualFairness.Statistic.values())).flatMap(List::stream)
                .forEach(d -> fairness.put(d.definition().name(), d.definition()));
        ReportJson json = ReportJson.of(FairnessReport.compute(ReportFixtures.input(50)));
        assertFalse(json.definitions().isEmpty());
        for (Definition d : json.definitions()) {
            assertEquals(fairness.get(d.name()), d, d.name());
        }
        assertTrue(json.definitions().contains(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.definition()), "the headline");
    }

    /** A third group of 4 rows: the omit policy leaves it out of every metric, and the report says so. */
    @Test
    void theGroupPolicyIsStatedAndTheGroupsItLeavesOutAreNamed() {
        dev.fairtune.fairness.Groups three = dev.fairtune.fairness.Groups.of("absent", "present", "tiny");
        dev.fairtune.fairness.Observations big = ReportFixtures.scored(ReportFixtures.GROUPS, 600, 0.2, 3);
        int n = big.size() + 4;
        int[] g = java.util.Arrays.copyOf(big.group(), n);
        int[] y = java.util.Arrays.copyOf(big.label(), n);
        double[] s = java.util.Arrays.copyOf(big.score(), n);
        for (int i = big.size(); i < n; i++) {
            g[i] = 2;
            y[i] = 1;
            s[i] = 0.9;
        }
        dev.fairtune.fairness.Observations obs = dev.fairtune.fairness.Observations.builder().setGroups(three, g)
                .setLabels(y).optScores(s).optThreshold(0.5).build();
        dev.fairtune.fairness.MetricSpec gap = dev.fairtune.fairness.MetricSpec.of(FairnessMetric.FPR_GAP);
        ReportInput.Builder in = ReportInput.builder().setTitle("policy").setProvenance(ReportFixtures.provenance())
                .setEvaluationData(DataSummary.of("d", "f", List.of("0", "1"), "g", obs))
                .addRun(RunInput.builder().setName("run").setEvaluation(obs).build()).optReference("absent")
                .optBootstrap(20, 0.9);

        RunResult strict = FairnessReport.compute(in.optHeadline(gap).build()).runs().get(0);
        assertFalse(strict.headline().estimate().isDefined(), "tiny has no negatives: its FPR is undefined");

        FairnessReport omit = FairnessReport.compute(in.optHeadline(
                gap.withPolicy(dev.fairtune.fairness.GroupPolicy.omitBelow(30))).build());
        RunResult r = omit.runs().get(0);
        assertTrue(r.headline().estimate().isDefined());
        assertEquals(FairnessMetric.FPR_GAP.compute(obs.counts().without(new boolean[] {false, false, true})).value(),
                r.headline().estimate().value(), 1e-15);
        assertEquals("tiny", r.headlineLeftOut().get(0).group());
        ReportJson json = ReportJson.of(omit);
        assertTrue(json.headline().groupPolicy().startsWith("omit: groups with fewer than 30 rows"));
        assertEquals(r.headlineLeftOut(), json.runs().get(0).headlineLeftOut());
        assertTrue(Findings.tradeOffs(omit).get(0).contains("Left out of it by the omit policy: tiny (4 rows (fewer than 30))"),
                Findings.tradeOffs(omit).get(0));
        assertTrue(HtmlReport.render(omit).contains("omit: groups with fewer than 30 rows"));
    }
}
