package dev.fairtune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static TableReadOptions skipping() {
        return TableReadOptions.builder().optSkipBadRows(true).build();
    }

    @Test
    void readsSimpleCsvWithLines() throws IOException {
        Path f = write("a.csv", "text,label\nhello,1\nworld,0\n");
        Table t = Table.read(f);
        assertEquals(List.of("text", "label"), t.columns());
        assertEquals(2, t.rowCount());
        assertEquals("world", t.get(1, "text"));
        assertArrayEquals(new String[] {"1", "0"}, t.column("label"));
        assertEquals(2, t.sourceLine(0));
        assertEquals(3, t.sourceLine(1));
        assertEquals(f, t.source());
        assertEquals(TableFormat.CSV, t.format());
        assertEquals(0, t.skippedRows());
    }

    @Test
    void multiLineQuotedFieldsKeepTheirStartLine() throws IOException {
        Path f = write("m.csv", "id,text,label\r\n"
                + "1,\"first line\r\nsecond, with comma\",0\r\n"
                + "2,\"say \"\"hi\"\"\",1\r\n"
                + "3,\"a\n\nb\nc\",0\r\n"
                + "4,plain,1");
        Table t = Table.read(f);
        assertEquals(4, t.rowCount());
        assertEquals("first line\r\nsecond, with comma", t.get(0, "text"));
        assertEquals("say \"hi\"", t.get(1, "text"));
        assertEquals("a\n\nb\nc", t.get(2, "text"));
        assertEquals("plain", t.get(3, "text"));
        assertEquals(2, t.sourceLine(0));
        assertEquals(4, t.sourceLine(1));
        assertEquals(5, t.sourceLine(2));
        assertEquals(9, t.sourceLine(3));
    }

    @Test
    void emptyFieldsBlankLinesAndBomAreHandled() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "a,b,c\n,,\n\n\"\",x,\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        Path f = Files.write(dir.resolve("e.csv"), all);
        Table t = Table.read(f);
        assertEquals(List.of("a", "b", "c"), t.columns());
        assertEquals(2, t.rowCount());
        assertArrayEquals(new String[] {"", "", ""}, t.row(0));
        assertArrayEquals(new String[] {"", "x", ""}, t.row(1));
        assertEquals(4, t.sourceLine(1));
    }

    @Test
    void quoteInsideUnquotedFieldIsLiteral() throws IOException {
        Table t = Table.read(write("q.csv", "a,b\n5\" screen,1\n"));
        assertEquals("5\" screen", t.get(0, "a"));
    }

    @Test
    void missingColumnNamesFileAndAvailableColumns() throws IOException {
        Path f = write("c.csv", "text,label\nx,1\n");
        Table t = Table.read(f);
        DataException e = assertThrows(DataException.class, () -> t.column("toxic"));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("'toxic'"), e.getMessage());
        assertTrue(e.getMessage().contains("'text', 'label'"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertThrows(DataException.class, () -> t.get(0, "toxic"));

        DataException required = assertThrows(DataException.class, () -> Table.read(f,
                TableReadOptions.builder().optRequiredColumns("text", "group", "toxic").build()));
        assertEquals(1, required.line());
        assertTrue(required.getMessage().contains("'group', 'toxic'"), required.getMessage());
    }

    @Test
    void wrongDelimiterIsDiagnosed() throws IOException {
        Path f = write("tabs.csv", "text\tlabel\nx\t1\n");
        DataException e = assertThrows(DataException.class,
                () -> Table.read(f, TableReadOptions.builder().optRequiredColumns("label").build()));
        assertTrue(e.getMessage().contains("delimiter looks wrong"), e.getMessage());
        Table t = Table.read(f, TableReadOptions.builder().optDelimiter('\t').build());
        assertEquals("1", t.get(0, "label"));
    }

    @Test
    void unclosedQuoteAtEndOfFileNamesTheRecordStart() throws IOException {
        Path f = write("u.csv", "text,label\nok,1\n\"never closed,0\nmore,1\n");
        DataException e = assertThrows(DataException.class, () -> Table.read(f));
        assertEquals(3, e.line());
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("not closed"), e.getMessage());
        assertTrue(e.getMessage().contains(f + ":3"), e.getMessage());

        Table t = Table.read(f, skipping());
        assertEquals(2, t.rowCount());
        assertEquals("more", t.get(1, "text"));
        assertEquals(4, t.sourceLine(1));
        assertEquals(1, t.skippedRows());
        assertEquals(3, t.skipped().get(0).line());
    }

    @Test
    void wrongFieldCountErrorsOrSkips() throws IOException {
        Path f = write("w.csv", "a,b,c\n1,2,3\n1,2\n\"x\ny\",2,3,4\n7,8,9\n");
        DataException e = assertThrows(DataException.class, () -> Table.read(f));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("2 fields but the header has 3"), e.getMessage());

        Table t = Table.read(f, skipping());
        assertEquals(2, t.rowCount());
        assertEquals(2, t.skippedRows());
        assertEquals(List.of(3L, 4L), t.skipped().stream().map(SkippedRow::line).toList());
        assertEquals(6, t.sourceLine(1));

        Table few = Table.read(f, TableReadOptions.builder().optSkipBadRows(true).optMaxKeptReasons(1).build());
        assertEquals(2, few.skippedRows());
        assertEquals(1, few.skipped().size());
    }

    @Test
    void textAfterClosingQuoteIsMalformed() throws IOException {
        Path f = write("g.csv", "a,b\n\"x\"y,1\nz,2\n");
        DataException e = assertThrows(DataException.class, () -> Table.read(f));
        assertEquals(2, e.line());
        Table t = Table.read(f, skipping());
        assertEquals(1, t.rowCount());
        assertEquals("z", t.get(0, "a"));
    }

    @Test
    void emptyFileIsAClearError() throws IOException {
        for (String content : new String[] {"", "\n\n", "\uFEFF"}) {
            Path f = write("empty.csv", content);
            DataException e = assertThrows(DataException.class, () -> Table.read(f));
            assertEquals(0, e.line());
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
        }
        Path j = write("empty.jsonl", "\n  \n");
        assertTrue(assertThrows(DataException.class, () -> Table.read(j)).getMessage().contains("empty"));
    }

    @Test
    void headerOnlyGivesNoRows() throws IOException {
        Table t = Table.read(write("h.csv", "a,b\n"));
        assertEquals(0, t.rowCount());
        assertEquals(List.of("a", "b"), t.columns());
    }

    @Test
    void duplicateHeaderIsAnError() throws IOException {
        Path f = write("d.csv", "a,b,a\n1,2,3\n");
        DataException e = assertThrows(DataException.class, () -> Table.read(f));
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        byte[] good = "text,label\nfine,1\n\"multi\nline\",0\ncaf".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xE9}; // Latin-1 e-acute, not UTF-8
        byte[] tail = ",1\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[good.length + 1 + tail.length];
        System.arraycopy(good, 0, all, 0, good.length);
        all[good.length] = bad[0];
        System.arraycopy(tail, 0, all, good.length + 1, tail.length);
        Path f = Files.write(dir.resolve("latin1.csv"), all);
        DataException e = assertThrows(DataException.class, () -> Table.read(f, skipping()));
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("0xE9"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void truncatedUtf8AtEndOfFileIsAnError() throws IOException {
        byte[] good = "a\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = {good[0], good[1], (byte) 0xE2, (byte) 0x82};
        Path f = Files.write(dir.resolve("cut.csv"), all);
        assertEquals(2, assertThrows(DataException.class, () -> Table.read(f)).line());
    }

    @Test
    void tsvAndQuotingOff() throws IOException {
        Path f = write("t.tsv", "text\tlabel\n\"quoted\ttab\"\t1\n");
        assertEquals("quoted\ttab", Table.read(f).get(0, "text"));
        Path raw = write("r.tsv", "text\tlabel\n\"Hi\" she said\t1\n");
        Table t = Table.read(raw, TableReadOptions.builder().optQuoting(false).build());
        assertEquals("\"Hi\" she said", t.get(0, "text"));
        assertThrows(DataException.class, () -> Table.read(raw));
    }

    @Test
    void formatFromOptionsOrError() throws IOException {
        Path f = write("data.txt", "a;b\n1;2\n");
        DataException e = assertThrows(DataException.class, () -> Table.read(f));
        assertTrue(e.getMessage().contains("optFormat"), e.getMessage());
        Table t = Table.read(f, TableReadOptions.builder().optFormat(TableFormat.CSV).optDelimiter(';').build());
        assertEquals("2", t.get(0, "b"));
    }

    @Test
    void missingFileIsADataException() {
        Path f = dir.resolve("nope.csv");
        DataException e = assertThrows(DataException.class, () -> Table.read(f));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void jsonLines() throws IOException {
        Path f = write("a.jsonl", "{\"text\": \"caf\u00e9 \\\"ok\\\"\", \"label\": 1, \"w\": 1.50}\n"
                + "\n"
                + "{\"text\": \"b\", \"label\": 0, \"extra\": [1, 2], \"flag\": true, \"w\": null}\r\n"
                + "{\"label\": 1, \"text\": \"c\"}\n");
        Table t = Table.read(f);
        assertEquals(List.of("text", "label", "w", "extra", "flag"), t.columns());
        assertEquals(3, t.rowCount());
        assertArrayEquals(new String[] {"caf\u00e9 \"ok\"", "1", "1.50", "", ""}, t.row(0));
        assertArrayEquals(new String[] {"b", "0", "", "[1,2]", "true"}, t.row(1));
        assertArrayEquals(new String[] {"c", "1", "", "", ""}, t.row(2));
        assertEquals(1, t.sourceLine(0));
        assertEquals(3, t.sourceLine(1));
        assertEquals(4, t.sourceLine(2));
    }

    @Test
    void invalidJsonLineErrorsOrSkips() throws IOException {
        Path f = write("b.ndjson", "{\"text\": \"a\", \"label\": 1}\n"
                + "{\"text\": \"b\", \"label\": }\n"
                + "[1, 2]\n"
                + "{\"text\": \"c\"} {\"text\": \"d\"}\n"
                + "{\"text\": \"e\", \"text\": \"f\"}\n"
                + "{\"text\": \"g\", \"label\": 0}\n");
        DataException e = assertThrows(DataException.class, () -> Table.read(f));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("invalid JSON"), e.getMessage());
        Table t = Table.read(f, skipping());
        assertEquals(2, t.rowCount());
        assertEquals(4, t.skippedRows());
        assertEquals(List.of(2L, 3L, 4L, 5L), t.skipped().stream().map(SkippedRow::line).toList());
        assertEquals(6, t.sourceLine(1));
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> TableReadOptions.builder().optDelimiter('"').build());
        assertThrows(IllegalArgumentException.class,
                () -> TableReadOptions.builder().optFormat(TableFormat.JSONL).optDelimiter(';').build());
        assertThrows(IllegalArgumentException.class, () -> TableReadOptions.builder().optMaxKeptReasons(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> TableReadOptions.builder().optRequiredColumns("a", "a").build());
    }

    @Test
    void readsRealWikiToxicity() {
        Table t = Table.read(RealData.file(RealData.WIKI),
                TableReadOptions.builder().optRequiredColumns("comment", "toxic", "identity_group").build());
        assertEquals(1492, t.rowCount());
        assertEquals(0, t.skippedRows());
        assertEquals(List.of("rev_id", "toxic", "identity_group", "identity_terms", "comment", "fuzzed_comment",
                "fuzzed_differs"), t.columns());
        for (String v : t.column("toxic")) {
            assertTrue(v.equals("0") || v.equals("1"), "toxic must be 0 or 1");
        }
        assertEquals(2, t.sourceLine(0));
        assertTrue(t.sourceLine(t.rowCount() - 1) > t.rowCount(), "multi-line comments push lines past row numbers");
    }

    @Test
    void readsRealRedditBias() {
        Table t = Table.read(RealData.file(RealData.REDDIT),
                TableReadOptions.builder().optRequiredColumns("comment", "bias_sent", "target_group").build());
        assertEquals(11350, t.rowCount());
        assertEquals(0, t.skippedRows());
        long toxic = java.util.Arrays.stream(t.column("bias_sent")).filter("1"::equals).count();
        assertEquals(6476, toxic);
    }
}
