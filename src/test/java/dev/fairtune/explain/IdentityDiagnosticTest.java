package dev.fairtune.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.Value;
import dev.fairtune.model.TestModels;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.text.TokenizedText;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Identity shares and score changes from hand-set attributions, checked by hand. */
class IdentityDiagnosticTest {

    static final IdentityLexicon LEXICON = IdentityLexicon.builtIn();

    private static IdentityDiagnostic.Text text(TextEncoder enc, int row, int group, String s, double[] a, double twin) {
        TokenizedText t = enc.tokenize(s);
        Explanation e = Explanation.of(t, AttributionMethod.INTEGRATED_GRADIENTS, 1, "abusive", 1, 0.8, 0.5, a, 8);
        return IdentityDiagnostic.text(row, group, 1, e, twin, LEXICON);
    }

    private static Value value(IdentityDiagnostic d, IdentityDiagnostic.Kind kind, IdentityDiagnostic.Scope scope,
            String name) {
        return d.value(new IdentityDiagnostic.Statistic(kind, scope, name));
    }

    @Test
    void sharesAreOfPositiveMassAndUndefinedWithoutIdentityTerms() throws Exception {
        try (TextEncoder enc = TextEncoder.builder(TestModels.tokenizerJson()).build()) {
            // [CLS] my muslim neighbour is a clown [SEP]: P = 0.1 + 0.5 + 0.05 + 0.35 = 1, on "muslim" 0.5
            IdentityDiagnostic.Text a = text(enc, 0, 1, "my muslim neighbour is a clown",
                    new double[] {0, 0.1, 0.5, -0.2, 0, 0.05, 0.35, 0}, 0.6);
            assertEquals(List.of("[CLS]", "my", "muslim", "neighbour", "is", "a", "clown", "[SEP]"),
                    a.explanation().tokens().tokens());
            assertEquals(1.0, a.positiveMass(), 1e-12);
            assertEquals(0.5, a.share().value(), 1e-12);
            assertEquals(0.5, a.share("religion").value(), 1e-12);
            assertEquals(Reason.NO_IDENTITY_TERM, a.share("gender").reason());
            assertEquals(0.6 - 0.8, a.scoreChange().value(), 1e-12);

            // no identity term: no share (not 0), no twin
            IdentityDiagnostic.Text b = text(enc, 1, 0, "you are a clown", new double[] {0, 0.2, 0.1, 0, 0.7, 0},
                    Double.NaN);
            assertEquals(Reason.NO_IDENTITY_TERM, b.share().reason());
            assertEquals(Reason.NO_IDENTITY_TERM, b.scoreChange().reason());

            // an identity term but no positive attribution at all
            IdentityDiagnostic.Text c = text(enc, 2, 1, "muslim friends", new double[] {0, -0.3, -0.1, 0}, 0.9);
            assertEquals(Reason.NO_POSITIVE_ATTRIBUTION, c.share().reason());

            // "christians" also religion: P = 0.2 + 0.6 = 0.8 (the comma is a word of its own), share 0.6 / 0.8
            IdentityDiagnostic.Text d = text(enc, 3, 1, "christians, hello", new double[] {0, 0.6, 0.2, -0.1, 0}, 0.7);
            assertEquals(0.75, d.share().value(), 1e-12);

            IdentityDiagnostic all = IdentityDiagnostic.of(List.of("gender", "religion"), List.of("absent", "present"),
                    List.of(a, b, c, d), "test");
            // shares: mean of a 0.5 and d 0.75; b has no term, c no positive mass
            assertEquals(0.625, value(all, IdentityDiagnostic.Kind.IDENTITY_SHARE, IdentityDiagnostic.Scope.OVERALL,
                    "overall").value(), 1e-12);
            assertEquals(0.625, value(all, IdentityDiagnostic.Kind.IDENTITY_SHARE, IdentityDiagnostic.Scope.CATEGORY,
                    "religion").value(), 1e-12);
            assertEquals(Reason.NO_IDENTITY_TERM, value(all, IdentityDiagnostic.Kind.IDENTITY_SHARE,
                    IdentityDiagnostic.Scope.CATEGORY, "gender").reason());
            assertEquals(Reason.NO_IDENTITY_TERM, value(all, IdentityDiagnostic.Kind.IDENTITY_SHARE,
                    IdentityDiagnostic.Scope.GROUP, "absent").reason());
            // |score change|: a 0.2, c 0.1, d 0.1
            assertEquals(0.4 / 3, value(all, IdentityDiagnostic.Kind.MEAN_ABS_SCORE_CHANGE,
                    IdentityDiagnostic.Scope.GROUP, "present").value(), 1e-12);
            // a bootstrap replicate may repeat texts: a twice and b give 0.5
            assertEquals(0.5, all.compute(new int[] {0, 0, 1})[0].value(), 1e-12);
            // a replicate without the group's texts
            assertEquals(Reason.NO_ROWS, all.compute(new int[] {0})[3].reason());
        }
    }
}
