package dev.fairtune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDatasetReaderTest {

    @TempDir
    Path dir;

    private static final String CSV = "text,label,grp,w\n"
            + "a nice day,benign,none,1\n"
            + "\"you are\nawful\",toxic,religion,2.5\n"
            + "hello there,benign,religion,0.5\n"
            + "go away,maybe,none,1\n"
            + "fine,toxic,none,1\n";

    private static TextDatasetReader reader(boolean skip) {
        return TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("text").setLabel("label").optGroup("grp").optWeight("w").build())
                .setLabels(LabelMapping.ofNames("benign", "toxic"))
                .optSkipBadRows(skip)
                .build();
    }

    @Test
    void unknownLabelFailsNamingFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("d.csv"), CSV);
        DataException e = assertThrows(DataException.class, () -> reader(false).read(f));
        assertEquals(6, e.line());
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("unknown label 'maybe'"), e.getMessage());
        assertTrue(e.getMessage().contains("[benign, toxic]"), e.getMessage());
    }

    @Test
    void unknownLabelSkippedAndCounted() throws IOException {
        Path f = Files.writeString(dir.resolve("d.csv"), CSV);
        ReadResult r = reader(true).read(f);
        TextDataset d = r.dataset();
        assertEquals(1, r.skippedRows());
        assertEquals(6, r.skipped().get(0).line());
        assertEquals(4, d.size());
        assertEquals(List.of("benign", "toxic"), d.labelNames());
        assertArrayEquals(new int[] {0, 1, 0, 1}, d.labels());
        // 'none' has 2 rows and 'religion' 2: the tie goes to the first in string order.
        GroupAttribute g = d.attribute("grp");
        assertEquals(List.of("none", "religion"), g.groups());
        assertEquals(0, g.reference());
        assertArrayEquals(new int[] {0, 1, 1, 0}, d.groups());
        assertArrayEquals(new float[] {1f, 2.5f, 0.5f, 1f}, d.weights());
        assertEquals("you are\nawful", d.get(1).text());
        assertEquals("d.csv", d.name());
    }

    @Test
    void explicitReferenceGroupGetsIdZero() throws IOException {
        Path f = Files.writeString(dir.resolve("d.csv"), CSV);
        TextDataset d = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("text").setLabel("label").optGroup("grp", "religion").build())
                .setLabels(LabelMapping.builder().setNames("ok", "bad").map("benign", 0).map("toxic", 1).map("maybe", 1).build())
                .build().read(f).dataset();
        assertEquals(List.of("religion", "none"), d.attribute("grp").groups());
        assertArrayEquals(new int[] {1, 0, 0, 1, 1}, d.groups());
        assertArrayEquals(new int[] {0, 1, 0, 1, 1}, d.labels());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1}, d.weights());
    }

    @Test
    void singleValuedGroupColumnIsAnErrorUnlessAllowed() throws IOException {
        Path f = Files.writeString(dir.resolve("one.csv"), "text,label,grp\na,0,x\nb,1,x\n");
        ColumnMapping m = ColumnMapping.builder().setText("text").setLabel("label").optGroup("grp").build();
        DataException e = assertThrows(DataException.class, () -> TextDatasetReader.builder().setColumns(m)
                .setLabels(LabelMapping.ofNames("0", "1")).build().read(f));
        assertTrue(e.getMessage().contains("single value 'x'"), e.getMessage());
        TextDataset d = TextDatasetReader.builder().setColumns(m).setLabels(LabelMapping.ofNames("0", "1"))
                .optAllowSingleGroup(true).build().read(f).dataset();
        assertEquals(2, d.size());
    }

    @Test
    void badWeightBlankTextAndMissingColumn() throws IOException {
        Path f = Files.writeString(dir.resolve("w.csv"), "text,label,w\na,0,-1\n  ,1,1\nc,1,x\nd,0,2\n");
        TextDatasetReader r = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("text").setLabel("label").optWeight("w").build())
                .setLabels(LabelMapping.ofNames("0", "1")).optSkipBadRows(true).build();
        ReadResult res = r.read(f);
        assertEquals(3, res.skippedRows());
        assertEquals(List.of(2L, 3L, 4L), res.skipped().stream().map(SkippedRow::line).toList());
        assertEquals(1, res.dataset().size());
        assertArrayEquals(new float[] {2f}, res.dataset().weights());

        TextDatasetReader missing = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("comment").setLabel("label").build())
                .setLabels(LabelMapping.ofNames("0", "1")).build();
        DataException e = assertThrows(DataException.class, () -> missing.read(f));
        assertTrue(e.getMessage().contains("'comment'") && e.getMessage().contains("'text', 'label', 'w'"), e.getMessage());
        DataException e2 = assertThrows(DataException.class, () -> missing.read(Table.read(f)));
        assertTrue(e2.getMessage().contains("[comment]"), e2.getMessage());
    }

    @Test
    void malformedRecordsAndMappingProblemsAreCountedTogether() throws IOException {
        Path f = Files.writeString(dir.resolve("m.csv"), "text,label\na,0\nb,0,extra\nc,2\nd,1\n");
        ReadResult r = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("text").setLabel("label").build())
                .setLabels(LabelMapping.ofNames("0", "1")).optSkipBadRows(true).build().read(f);
        assertEquals(2, r.skippedRows());
        assertEquals(List.of(3L, 4L), r.skipped().stream().map(SkippedRow::line).toList());
        assertEquals(2, r.dataset().size());
    }

    @Test
    void mappingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ColumnMapping.builder().setText("a").setLabel("a").build());
        assertThrows(IllegalArgumentException.class, () -> ColumnMapping.builder().setText("a").build());
        assertThrows(IllegalArgumentException.class, () -> LabelMapping.builder().setNames("a", "b").map("a", 0).build());
        assertThrows(IllegalArgumentException.class, () -> LabelMapping.builder().setNames("a", "b").map("a", 0).map("b", 2).build());
        assertThrows(IllegalArgumentException.class, () -> LabelMapping.ofNames("a"));
        LabelMapping inferred = LabelMapping.fromValues(new String[] {"10", "2", "2", "1"});
        assertEquals(List.of("1", "2", "10"), inferred.names());
        assertEquals(Optional.of(2), inferred.id("10").stream().boxed().findFirst());
    }

    @Test
    void datasetViewsAndFingerprint() {
        GroupAttribute g = GroupAttribute.of("g", "ref", "other");
        TextDataset d = new TextDataset("t", List.of("n", "p"), List.of(g),
                List.of(Example.of("a", 0, 0), Example.of("b", 1, 1), Example.of("c", 1, 0)));
        assertArrayEquals(new int[] {1, 2}, d.labelCounts());
        assertArrayEquals(new int[][] {{1, 1}, {0, 1}}, d.groupLabelCounts(0));
        TextDataset sub = d.subset("s", new int[] {2, 0});
        assertArrayEquals(new String[] {"c", "a"}, sub.texts());
        assertEquals(d.fingerprint(), new TextDataset("other name", List.of("n", "p"), List.of(g), d.examples()).fingerprint());
        assertNotEquals(d.fingerprint(), sub.fingerprint());
        TextDataset two = d.withAttribute(GroupAttribute.of("h", "x", "y"), new int[] {1, 1, 0});
        assertArrayEquals(new int[] {1, 1, 0}, two.groups("h"));
        assertArrayEquals(new int[] {0, 1, 0}, two.groups("g"));
        assertThrows(IllegalStateException.class, two::groups);
        assertThrows(IllegalArgumentException.class, () -> new TextDataset("bad", List.of("n", "p"), List.of(g),
                List.of(Example.of("a", 2, 0))));
        assertThrows(IllegalArgumentException.class, () -> new TextDataset("bad", List.of("n", "p"), List.of(g),
                List.of(Example.of("a", 0, 2))));
        assertThrows(IllegalArgumentException.class, () -> Example.of("a", 0, 0).withWeight(Float.NaN));
        assertTrue(Example.of("secret words", 0, 0).toString().contains("12 chars"));
    }

    @Test
    void readsRealWikiIntoTextDataset() {
        Path f = RealData.file(RealData.WIKI);
        ReadResult r = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("comment").setLabel("toxic").optGroup("identity_group", "none")
                        .build())
                .setLabels(LabelMapping.builder().setNames("non-toxic", "toxic").map("0", 0).map("1", 1).build())
                .build().read(f);
        TextDataset d = r.dataset();
        assertEquals(0, r.skippedRows());
        assertEquals(1492, d.size());
        assertArrayEquals(new int[] {1244, 248}, d.labelCounts());
        GroupAttribute g = d.attribute("identity_group");
        assertEquals(List.of("none", "religion", "religion+sexual_orientation_or_gender", "sexual_orientation_or_gender"),
                g.groups());
        int[] perGroup = new int[g.size()];
        for (int x : d.groups()) {
            perGroup[x]++;
        }
        assertArrayEquals(new int[] {746, 533, 9, 204}, perGroup);
    }

    @Test
    void readsRealRedditBiasWithLargestGroupAsReference() {
        Path f = RealData.file(RealData.REDDIT);
        TextDataset d = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("comment").setLabel("bias_sent").optGroup("target_group").build())
                .setLabels(LabelMapping.ofNames("0", "1"))
                .build().read(f).dataset();
        assertEquals(11350, d.size());
        assertEquals("female", d.attribute("target_group").referenceName());
        assertArrayEquals(new int[] {4874, 6476}, d.labelCounts());
    }
}
