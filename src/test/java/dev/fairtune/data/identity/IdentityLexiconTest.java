package dev.fairtune.data.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityLexiconTest {

    private static final IdentityLexicon LEX = IdentityLexicon.builtIn();

    @TempDir
    Path dir;

    @Test
    void builtInHasTheSixCategoriesAndConsistentPartners() {
        assertEquals(Set.of("age", "disability", "gender", "race_ethnicity", "religion", "sexual_orientation"),
                LEX.categories());
        assertTrue(LEX.terms().size() > 150, "terms: " + LEX.terms().size());
        for (IdentityTerm t : LEX.terms()) {
            for (String p : t.partners()) {
                assertEquals(t.category(), LEX.term(p).orElseThrow().category(), t + " -> " + p);
            }
        }
        assertEquals(List.of("she"), LEX.term("HE").orElseThrow().partners());
        assertEquals(List.of("christians", "jews"), LEX.term("Muslims").orElseThrow().partners());
        assertTrue(LEX.term("white").orElseThrow().ambiguous());
        assertEquals("able-bodied", LEX.term("able bodied").orElseThrow().term());
    }

    @Test
    void matchesOnWordBoundariesOnly() {
        assertTrue(LEX.find("the theme there").isEmpty(), "'he' is not in 'the'");
        assertTrue(LEX.find("Manchester, human, shelter, hisses, oldest, goldfish").isEmpty());
        List<IdentityMatch> m = LEX.find("He said: she's a Muslim (gay) woman.");
        assertEquals(List.of("He", "she", "Muslim", "gay", "woman"), m.stream().map(IdentityMatch::matched).toList());
        assertEquals(0, m.get(0).start());
        assertEquals(2, m.get(0).end());
        assertEquals("religion", m.get(2).term().category());
        assertTrue(LEX.mentionsAny("anti-MUSLIM"));
        assertFalse(LEX.mentionsAny("nothing here at all"));
    }

    @Test
    void longestTermWinsAndSpacesMatchHyphens() {
        List<IdentityMatch> m = LEX.find("An African-American and a Native  American");
        assertEquals(List.of("african american", "native american"), m.stream().map(x -> x.term().term()).toList());
        assertEquals(Set.of("age"), LEX.categoriesIn("the old people"));
        assertEquals("old people", LEX.find("the old people").get(0).term().term());
    }

    @Test
    void categoriesAndFilters() {
        assertEquals(Set.of("gender", "religion"), LEX.categoriesIn("my sister is jewish"));
        assertTrue(LEX.mentions("a Christian", "religion"));
        assertFalse(LEX.mentions("a Christian", "gender"));
        IdentityLexicon precise = LEX.withoutAmbiguous();
        assertFalse(precise.mentionsAny("a white paper about straight lines, 3 years old"));
        assertTrue(LEX.mentionsAny("a white paper"));
        assertTrue(precise.term("black").isEmpty());
        assertEquals(List.of(), precise.term("asian").orElseThrow().partners(), "partners pointing at dropped terms go");
        IdentityLexicon religion = LEX.onlyCategories("religion");
        assertEquals(Set.of("religion"), religion.categories());
        assertThrows(IllegalArgumentException.class, () -> LEX.onlyCategories("nationality"));
    }

    @Test
    void loadsAUserFileAndReportsBadLines() throws IOException {
        Path ok = Files.writeString(dir.resolve("lex.tsv"),
                "category\tterm\tpartners\tflags\nnationality\tfrench\tgerman\t\nnationality\tgerman\tfrench\t\n");
        IdentityLexicon lex = IdentityLexicon.load(ok);
        assertEquals("German", CounterfactualRewriter.of(lex).rewrite("French").text());

        Path badPartner = Files.writeString(dir.resolve("bad.tsv"),
                "category\tterm\tpartners\tflags\nnationality\tfrench\tgerman\t\n");
        DataException e = assertThrows(DataException.class, () -> IdentityLexicon.load(badPartner));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("'german'"), e.getMessage());

        Path dup = Files.writeString(dir.resolve("dup.tsv"),
                "category\tterm\tpartners\tflags\nx\ta b\t\t\nx\ta-b\t\t\n");
        assertEquals(3, assertThrows(DataException.class, () -> IdentityLexicon.load(dup)).line());

        Path cross = Files.writeString(dir.resolve("cross.tsv"),
                "category\tterm\tpartners\tflags\nx\tone\ttwo\t\ny\ttwo\t\t\n");
        assertTrue(assertThrows(DataException.class, () -> IdentityLexicon.load(cross)).getMessage()
                .contains("within a category"));

        Path flag = Files.writeString(dir.resolve("flag.tsv"), "category\tterm\tpartners\tflags\nx\tone\t\tmaybe\n");
        assertTrue(assertThrows(DataException.class, () -> IdentityLexicon.load(flag)).getMessage().contains("flag"));

        Path cols = Files.writeString(dir.resolve("cols.tsv"), "category\tterm\nx\tone\n");
        assertTrue(assertThrows(DataException.class, () -> IdentityLexicon.load(cols)).getMessage().contains("'partners'"));
    }
}
