package dev.fairtune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.explain.AttributionMethod;
import dev.fairtune.explain.Explanation;
import dev.fairtune.explain.IdentityDiagnostic;
import dev.fairtune.explain.WordAttribution;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Value;
import dev.fairtune.model.TestModels;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.text.TokenizedText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The explanation section and model-card lines from hand-set attributions on the fixture runs. */
class ExplanationReportTest {

    /**
     * Explains rows 0..39 of a run's evaluation: texts of group "present" name "muslim" and put
     * {@code identityWeight} of their positive mass on it; texts of "absent" name no identity.
     */
    private static IdentityDiagnostic diagnostic(Observations obs, double identityWeight, TextEncoder enc) {
        List<IdentityDiagnostic.Text> texts = new ArrayList<>();
        IdentityLexicon lexicon = IdentityLexicon.builtIn();
        for (int row = 0; row < 40; row++) {
            int g = obs.group()[row];
            String s = g == 1 ? "my muslim neighbour is a clown" : "my busy neighbour is a clown";
            TokenizedText t = enc.tokenize(s);
            double[] a = {0, 0.05, identityWeight, 0.05, -0.1, 0, 0.9 - identityWeight, 0};
            List<WordAttribution> words = WordAttribution.merge(t, a);
            Explanation e = new Explanation(t, AttributionMethod.INTEGRATED_GRADIENTS, 1, "abusive", 1, 0.7, 0.1, a,
                    words, Value.of(0), 16);
            texts.add(IdentityDiagnostic.text(row, g, obs.label()[row], e, g == 1 ? 0.7 - identityWeight : Double.NaN,
                    lexicon));
        }
        return IdentityDiagnostic.of(new ArrayList<>(lexicon.categories()), obs.groups().names(), texts, "test IG");
    }

    private static FairnessReport report() throws Exception {
        try (TextEncoder enc = TextEncoder.builder(TestModels.tokenizerJson()).build()) {
            RunInput plain = ReportFixtures.run("plain", 0.25, 0, 11);
            RunInput fair = ReportFixtures.run("fair", 0.05, 2.0, 12);
            RunInput p = RunInput.builder().setName("plain").setEvaluation(plain.evaluation())
                    .optExplanations(diagnostic(plain.evaluation(), 0.6, enc)).build();
            RunInput f = RunInput.builder().setName("fair").setEvaluation(fair.evaluation())
                    .optExplanations(diagnostic(fair.evaluation(), 0.2, enc)).build();
            return FairnessReport.compute(ReportInput.builder().setTitle("explained").setProvenance(ReportFixtures.provenance())
                    .setEvaluationData(DataSummary.of("synthetic test", "abc", List.of("benign", "abusive"),
                            "target_identity", plain.evaluation()))
                    .addRun(p).addRun(f).optReference("absent").optBootstrap(200, 0.95).build());
        }
    }

    @Test
    void theSectionShowsTheDiagnosticSideBySideAndColouredTexts() throws Exception {
        FairnessReport report = report();
        ExplanationResult plain = report.run("plain").explanations();
        // per present text: P = 0.05 + 0.6 + 0.05 + 0.3 = 1.0, on "muslim" 0.6
        Interval share = plain.get(IdentityDiagnostic.Kind.IDENTITY_SHARE, IdentityDiagnostic.Scope.GROUP, "present");
        assertEquals(0.6, share.estimate().value(), 1e-12);
        assertTrue(share.isDefined());
        Interval absent = plain.get(IdentityDiagnostic.Kind.IDENTITY_SHARE, IdentityDiagnostic.Scope.GROUP, "absent");
        assertEquals("no identity term in the text (absent)", absent.estimate().describe());
        // |score change| = identity weight for every present text
        assertEquals(0.2, report.run("fair").explanations().get(IdentityDiagnostic.Kind.MEAN_ABS_SCORE_CHANGE,
                IdentityDiagnostic.Scope.OVERALL, "overall").estimate().value(), 1e-12);

        String html = HtmlReport.render(report);
        assertTrue(html.contains("<h2>Explanations</h2>"), "section");
        assertTrue(html.contains("identity share, group present"), "statistic rows");
        assertTrue(html.contains("plain: most-attributed words by group"), "word tables");
        assertTrue(html.contains("<b>muslim</b> 0.600 &times; 12"), "muslim leads the present group's words");
        assertTrue(html.contains("background:rgba(213,94,0,0.80)\">clown") || html.contains(
                "background:rgba(213,94,0,0.80)\">muslim"), "the largest word is fully coloured");
        assertTrue(html.contains("False positives of present (highest FPR"), html.substring(html.indexOf("highlighted")));
        assertTrue(!html.contains("category gender"), "categories no text names are left out");
        assertTrue(html.contains("<th>delta</th>") && html.contains("<td class=\"num\">0.0e+00</td>"),
                "each highlighted text's convergence delta");

        String json = ReportJson.write(report);
        assertTrue(json.contains("\"statistic\" : \"IDENTITY_SHARE\""), "the diagnostic in report.json");

        String card = ModelCard.render(report);
        assertTrue(card.contains("Reliance on identity words (plain, 40 test texts explained)"), card);
        assertTrue(card.contains("Attributions explain the model, not the texts"), card);
    }

    @Test
    void explanationsMustMatchTheEvaluationsRows() throws Exception {
        try (TextEncoder enc = TextEncoder.builder(TestModels.tokenizerJson()).build()) {
            RunInput plain = ReportFixtures.run("plain", 0.25, 0, 11);
            Observations other = ReportFixtures.scored(dev.fairtune.fairness.Groups.of("absent", "a", "b"), 600, 0.2, 99);
            IdentityDiagnostic d = diagnostic(other, 0.5, enc);
            // explanations of texts with other groups
            assertThrows(IllegalArgumentException.class, () -> RunInput.builder().setName("x")
                    .setEvaluation(plain.evaluation()).optExplanations(d).build());
        }
    }
}
