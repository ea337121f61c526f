package dev.fairtune.report;

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
}
