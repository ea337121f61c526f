package dev.fairtune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.fairness.Criterion;
import dev.fairtune.fairness.Definition;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.ScoreStatistic;
import dev.fairtune.penalty.RateGapPenalty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each metric is defined once, in {@code fairness}: the penalties and the Lagrangian target's
 * surrogates resolve to a {@code fairness} definition, and no source outside {@code fairness}
 * writes a formula (the report's definitions: {@code report.ReportDefinitionsTest}).
 */
class MetricIdentityTest {

    /** Every defined quantity of {@code fairness}, by name. */
    static Map<String, Definition> fairnessDefinitions() {
        Map<String, Definition> all = new HashMap<>();
        List<Definition.Defined> defined = new ArrayList<>();
        defined.addAll(List.of(FairnessMetric.values()));
        defined.addAll(List.of(Rate.values()));
        defined.addAll(List.of(ScoreStatistic.values()));
        defined.addAll(List.of(CounterfactualFairness.Statistic.values()));
        for (Definition.Defined d : defined) {
            Definition def = d.definition();
            assertFalse(def.formula().isBlank() || def.sign().isBlank() || def.range().isBlank(), def.name());
            assertEquals(null, all.put(def.name(), def), "two quantities are named " + def.name());
        }
        return all;
    }

    @Test
    void everyPenaltyChoiceNamesTheCriterionItsPenaltyApproximates() {
        Map<String, Definition> defs = fairnessDefinitions();
        for (PenaltyChoice choice : PenaltyChoice.values()) {
            Criterion c = choice.penalty().approximates();
            if (c instanceof Criterion.Other) {
                assertEquals(choice.name(), c.name(), "a score penalty's option value is its criterion's name");
            } else {
                assertTrue(defs.containsKey(c.name()), choice + " approximates " + c + ", which fairness does not define");
                if (c instanceof FairnessMetric) {
                    assertEquals(choice.name(), c.name(), "a rate-gap option value is the metric's name");
                }
            }
        }
    }

    @Test
    void everyTargetSurrogateApproximatesAFairnessMetric() {
        for (FairnessMetric m : FairnessMetric.values()) {
            RateGapPenalty.approximating(m).ifPresent(p -> {
                assertInstanceOf(FairnessMetric.class, p.approximates(), "the surrogate of " + m);
            });
        }
    }

    @Test
    void compositionsWriteTheirOwnFormulas() {
        assertEquals("((FPR_g - FPR_r) + (TPR_g - TPR_r)) / 2", FairnessMetric.AVERAGE_ODDS_DIFFERENCE.definition().formula());
        assertEquals("(|FPR_g - FPR_r| + |TPR_g - TPR_r|) / 2", FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE.definition().formula());
        assertEquals("TPR_g - TPR_r", FairnessMetric.EQUAL_OPPORTUNITY_DIFFERENCE.definition().formula());
        assertEquals("max_g FPR_g - min_g FPR_g", FairnessMetric.FPR_GAP.definition().formula());
        assertEquals("max(max_g TPR_g - min_g TPR_g, max_g FPR_g - min_g FPR_g)",
                FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.definition().formula());
        assertEquals("min(min_g TPR_g / max_g TPR_g, min_g FPR_g / max_g FPR_g)",
                FairnessMetric.EQUALIZED_ODDS_RATIO.definition().formula());
        assertEquals("SR_g / SR_r", FairnessMetric.DISPARATE_IMPACT.definition().formula());
        assertTrue(FairnessMetric.DISPARATE_IMPACT.definition().sign().contains("four-fifths"));
        assertEquals("[-1, 1]", FairnessMetric.STATISTICAL_PARITY_DIFFERENCE.definition().range());
        assertEquals("[0, 1]", FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE.definition().range());
        assertEquals("TP / (TP + FN)", Rate.TPR.definition().formula());
        assertEquals("(TP + FP) / n", Rate.SELECTION_RATE.definition().formula());
        assertEquals("FN / (TN + FN)", Rate.FOR.definition().formula());
        assertEquals("(mean_g AUC_g^p)^(1/p), p = -5", ScoreStatistic.SUBGROUP_AUC_POWER_MEAN.definition().formula());
    }

    /**
     * The notation of a formula ({@code X_g - X_r}, {@code max_g}, {@code TP / (}) appears in no
     * string literal outside {@code fairness}, and no formula of a definition is typed there again.
     */
    @Test
    void noSourceOutsideFairnessWritesAFormula() throws IOException {
        List<String> formulas = fairnessDefinitions().values().stream().map(Definition::formula)
                .filter(f -> f.length() > 8).toList();
        Pattern literal = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
        Pattern notation = Pattern.compile("\\w_g [-/] |max_g |min_g |\\b(TP|FP|TN|FN) / \\(");
        List<String> offenders = new ArrayList<>();
        Path root = Path.of("src/main/java/dev/fairtune");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (root.relativize(f).startsWith("fairness")) {
                    continue;
                }
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) {
                    String text = m.group(1);
                    if (notation.matcher(text).find() || formulas.stream().anyMatch(text::contains)) {
                        offenders.add(root.relativize(f) + ": \"" + text + "\"");
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "formulas written outside fairness");
    }

    @Test
    void signedCriteriaAreTheOnesWithAReference() {
        for (FairnessMetric m : FairnessMetric.values()) {
            Definition d = m.definition();
            if (m.needsReference() && d.formula().contains("_r")) {
                assertTrue(d.formula().contains("_g"), m.name());
            }
            assertInstanceOf(Double.class, d.ideal(), m.name());
        }
    }
}
