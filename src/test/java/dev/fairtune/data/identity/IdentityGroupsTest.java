package dev.fairtune.data.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.ColumnMapping;
import dev.fairtune.data.Example;
import dev.fairtune.data.LabelMapping;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.TextDatasetReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityGroupsTest {

    private static final IdentityLexicon LEX = IdentityLexicon.builtIn();

    private static TextDataset texts(String... texts) {
        List<Example> ex = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            ex.add(Example.of(texts[i], i % 2));
        }
        return new TextDataset("t", List.of("n", "p"), List.of(), ex);
    }

    private static final TextDataset D = texts("the weather is fine", "my sister is kind", "a muslim woman",
            "an atheist", "then there was nothing");

    @Test
    void mentionGroup() {
        TextDataset d = IdentityGroups.withMentionGroup(D, LEX);
        assertEquals(List.of("none", "identity"), d.attribute(IdentityGroups.MENTION_ATTRIBUTE).groups());
        assertArrayEquals(new int[] {0, 1, 1, 1, 0}, d.groups());
    }

    @Test
    void categoryGroup() {
        TextDataset d = IdentityGroups.withCategoryGroup(D, LEX);
        assertEquals(List.of("none", "gender", "religion", "multiple"), d.attribute(IdentityGroups.CATEGORY_ATTRIBUTE).groups());
        assertArrayEquals(new int[] {0, 1, 3, 2, 0}, d.groups());
    }

    @Test
    void perCategoryGroups() {
        TextDataset d = IdentityGroups.withPerCategoryGroups(D, LEX);
        assertEquals(List.of("mentions_gender", "mentions_religion"), d.attributes().stream().map(a -> a.name()).toList());
        assertArrayEquals(new int[] {0, 1, 1, 0, 0}, d.groups("mentions_gender"));
        assertArrayEquals(new int[] {0, 0, 1, 1, 0}, d.groups("mentions_religion"));
    }

    @Test
    void singleGroupIsRejected() {
        TextDataset none = texts("the weather", "a table");
        assertThrows(IllegalArgumentException.class, () -> IdentityGroups.withMentionGroup(none, LEX));
        assertThrows(IllegalArgumentException.class, () -> IdentityGroups.withPerCategoryGroups(none, LEX));
        assertThrows(IllegalArgumentException.class, () -> IdentityGroups.withMentionGroup(texts("he", "she"), LEX));
    }

    /** The lexicon should find identity terms in most wiki rows the data set marks as mentioning an identity. */
    @Test
    void agreesWithWikiIdentityColumn() {
        String folder = System.getProperty("fairtune.data", System.getenv("FAIRTUNE_DATA"));
        org.junit.jupiter.api.Assumptions.assumeTrue(folder != null, "set -Dfairtune.data to run");
        Path f = Path.of(folder, "wiki_toxicity_identity", "derived_wiki_toxicity_identity.csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(f), "absent: " + f);
        TextDataset d = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("comment").setLabel("toxic").optGroup("identity_group", "none").build())
                .setLabels(LabelMapping.ofNames("0", "1")).build().read(f).dataset();
        TextDataset derived = IdentityGroups.withMentionGroup(d, LEX.withoutAmbiguous());
        int[] given = derived.groups("identity_group");
        int[] found = derived.groups(IdentityGroups.MENTION_ATTRIBUTE);
        int[][] c = new int[2][2];
        for (int i = 0; i < given.length; i++) {
            c[given[i] == 0 ? 0 : 1][found[i]]++;
        }
        double recall = c[1][1] / (double) (c[1][0] + c[1][1]);
        assertTrue(recall > 0.9, "share of identity rows the lexicon finds: " + recall + " " + java.util.Arrays.deepToString(c));
    }
}
