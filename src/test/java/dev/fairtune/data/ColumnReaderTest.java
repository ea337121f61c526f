package dev.fairtune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming column reader gives the values {@link Table} gives for the same file, as codes,
 * numbers and strings, with the lines of the first problems; its number parser agrees with
 * {@link Double#parseDouble} bit for bit.
 */
class ColumnReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void columnsEqualTheTablesValuesTrimmed() throws IOException {
        Path f = write("p.csv", "label, score ,group,text\n1,0.25,a,\"x, y\"\n\n0, -1e-3 ,b ,caf\u00e9\n1,7,a,\"say \"\"hi\"\"\"\n");
        ColumnReader r = ColumnReader.of(f, TableReadOptions.defaults()).optLines();
        ColumnReader.Codes label = r.codes("label");
        ColumnReader.Numbers score = r.numbers("score", v -> !Double.isNaN(v));
        ColumnReader.Codes group = r.codes("group");
        ColumnReader.Texts text = r.text("text");
        ColumnReader.Codes missing = r.codes("nope");
        ColumnReader.Result res = r.read();
        Table t = Table.read(f);
        assertEquals(t.rowCount(), res.rowCount());
        assertEquals(t.columns(), res.columns());
        for (int i = 0; i < t.rowCount(); i++) {
            assertEquals(t.get(i, "label").trim(), label.values().get(label.codes()[i]));
            assertEquals(Double.parseDouble(t.get(i, " score ")), score.values()[i]);
            assertEquals(t.get(i, "group").trim(), group.values().get(group.codes()[i]));
            assertEquals(t.get(i, "text").trim(), text.values()[i]);
            assertEquals(t.sourceLine(i), res.line(i));
        }
        assertEquals(List.of("a", "b"), group.values());
        assertEquals(0, score.problemCount());
        assertEquals(-1, label.emptyCode());
        assertFalse(missing.present());
        DataException e = assertThrows(DataException.class, () -> res.require(missing));
        assertTrue(e.getMessage().contains("no column 'nope'; the available columns are ['label', ' score ', 'group', 'text']"),
                e.getMessage());
    }

    @Test
    void firstProblemsKeepTheirLines() throws IOException {
        Path f = write("q.csv", "label,score,w\n1,0.5,1\n,x,-2\n0,NaN,3\n");
        ColumnReader r = ColumnReader.of(f, TableReadOptions.defaults());
        ColumnReader.Codes label = r.codes("label");
        ColumnReader.Numbers score = r.numbers("score", v -> !Double.isNaN(v));
        ColumnReader.Numbers weight = r.numbers("w", v -> v >= 0);
        r.read();
        assertEquals(3, label.firstEmptyLine());
        assertEquals(label.emptyCode(), label.codes()[1]);
        assertEquals(2, score.problemCount());
        assertEquals("x", score.firstProblem());
        assertTrue(score.firstProblemUnparsable());
        assertEquals(3, score.firstProblemLine());
        assertTrue(score.problem(1) && score.problem(2) && !score.problem(0));
        assertEquals("-2", weight.firstProblem());
        assertFalse(weight.firstProblemUnparsable());
    }

    @Test
    void jsonLinesKeysFirstSeenLaterAreEmptyBefore() throws IOException {
        Path f = write("j.jsonl", "{\"label\": 1}\n{\"label\": 0, \"g\": \"b\"}\n{\"g\": \"a\", \"label\": 1}\n");
        ColumnReader r = ColumnReader.of(f, TableReadOptions.defaults());
        ColumnReader.Codes g = r.codes("g");
        ColumnReader.Codes label = r.codes("label");
        r.read();
        assertEquals(List.of("b", "a", ""), g.values());
        assertArrayEquals(new int[] {2, 0, 1}, g.codes());
        assertEquals(1, g.firstEmptyLine());
        assertEquals(List.of("1", "0"), label.values());
    }

    @Test
    void longFileAcrossManyChunksAndManyDistinctValues() throws IOException {
        StringBuilder csv = new StringBuilder("id,score,name\n");
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            csv.append(i).append(',').append(i % 1000 / 1000.0).append(',').append("\"name ").append(i % 5000).append("\"\r\n");
        }
        Path f = write("long.csv", csv.toString());
        ColumnReader r = ColumnReader.of(f, TableReadOptions.defaults()).optLines();
        ColumnReader.Codes id = r.codes("id");
        ColumnReader.Numbers score = r.numbers("score", v -> true);
        ColumnReader.Codes name = r.codes("name");
        ColumnReader.Result res = r.read();
        assertEquals(n, res.rowCount());
        assertEquals(n, id.values().size());
        assertEquals(5000, name.values().size());
        for (int i = 0; i < n; i += 997) {
            assertEquals(String.valueOf(i), id.values().get(id.codes()[i]));
            assertEquals(i % 1000 / 1000.0, score.values()[i]);
            assertEquals("name " + (i % 5000), name.values().get(name.codes()[i]));
            assertEquals(i + 2, res.line(i));
        }
    }

    @Test
    void numbersParseAsDoubleParseDouble() {
        Random rnd = new Random(11);
        String[] fixed = {"0", "-0", "+1", "1.", ".5", "00012.5000", "1e22", "1e23", "9007199254740993", "123456789012345",
            "1234567890123456", "0.1", "3.14159", "-2.5E-3", "1e-22", "4.9e-324", "1.7976931348623157e308", "1e400",
            "9007199254740992", "900719925474099.3", "0.000000000000009007199254740993", "123456789012345678",
            "1234567890123456789", "0.123456789012345678e-4", "NaN", "-Infinity", "0x1p3", "1.5d", "2f", "", "-", ".", "e5", "1e", "1e+", "1..2", "1,5", "abc", "1 2"};
        for (String s : fixed) {
            check(s);
        }
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            if (rnd.nextInt(4) == 0) {
                s.append(rnd.nextBoolean() ? '-' : '+');
            }
            int digits = rnd.nextInt(18);
            for (int d = 0; d < digits; d++) {
                s.append((char) ('0' + rnd.nextInt(10)));
            }
            if (rnd.nextBoolean()) {
                s.append('.');
                for (int d = rnd.nextInt(12); d > 0; d--) {
                    s.append((char) ('0' + rnd.nextInt(10)));
                }
            }
            if (rnd.nextInt(3) == 0) {
                s.append(rnd.nextBoolean() ? 'e' : 'E').append(rnd.nextInt(60) - 30);
            }
            check(s.toString());
        }
    }

    private static void check(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        double[] out = new double[1];
        boolean ok = DecimalParser.parse(b, 0, b.length, out, 0);
        Double expected;
        try {
            expected = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            expected = null;
        }
        assertEquals(expected != null, ok, s);
        if (expected != null) {
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[0]), s);
        }
    }

    /** Reads with parts (from 0 bytes on) or on one thread, the same requests. */
    private int joined;

    private List<Object> readBoth(Path f, TableReadOptions options, boolean parallel) {
        ColumnReader r = ColumnReader.of(f, options).optLines();
        r.parallelFromBytes = parallel ? 0 : Long.MAX_VALUE;
        ColumnReader.Codes label = r.codes("label");
        ColumnReader.Numbers score = r.numbers("score", v -> v >= 0);
        ColumnReader.Texts text = r.text("text");
        ColumnReader.Result res = r.read();
        joined += r.partsRead > 1 ? 1 : 0;
        List<String> labels = new java.util.ArrayList<>();
        for (int c : label.codes()) {
            labels.add(label.values().get(c));
        }
        return List.of(res.rowCount(), res.skippedRows(), labels, label.values(), label.firstEmptyLine(),
                Arrays.toString(score.values()), score.problemCount(), String.valueOf(score.firstProblem()),
                score.firstProblemLine(), Arrays.asList(text.values()), Arrays.toString(res.lines()));
    }

    @Test
    void partsOnThreadsGiveWhatOneThreadGives() throws IOException {
        Random rnd = new Random(4);
        for (int variant = 0; variant < 6; variant++) {
            StringBuilder csv = new StringBuilder("label,score,text\r\n");
            for (int i = 0; i < 3000; i++) {
                String label = rnd.nextInt(50) == 0 ? "" : String.valueOf(rnd.nextInt(3));
                String score = rnd.nextInt(40) == 0 ? "-1" : String.valueOf(rnd.nextInt(1000) / 100.0);
                // Quoted values with line breaks and doubled quotes: a cut may fall inside one.
                String text = rnd.nextInt(variant + 1) == 0 ? "\"line one\nline \"\"two\"\"\n\nthree\"" : "plain " + i;
                csv.append(label).append(',').append(score).append(',').append(text).append(rnd.nextBoolean() ? "\r\n" : "\n");
                if (rnd.nextInt(100) == 0) {
                    csv.append('\n');
                }
            }
            Path f = write("parts-" + variant + ".csv", csv.toString());
            assertEquals(readBoth(f, TableReadOptions.defaults(), false), readBoth(f, TableReadOptions.defaults(), true),
                    "variant " + variant);
        }
        assertTrue(joined >= 3, "most files joined from parts: " + joined);
    }

    @Test
    void aMalformedRecordInALaterPartIsReportedAsOnOneThread() throws IOException {
        StringBuilder csv = new StringBuilder("label,score,text\n");
        for (int i = 0; i < 3000; i++) {
            csv.append(i % 2).append(",0.5,t").append(i).append(i == 2500 ? ",extra" : "").append('\n');
        }
        Path f = write("bad.csv", csv.toString());
        DataException one = assertThrows(DataException.class, () -> readBoth(f, TableReadOptions.defaults(), false));
        DataException parts = assertThrows(DataException.class, () -> readBoth(f, TableReadOptions.defaults(), true));
        assertEquals(one.getMessage(), parts.getMessage());
        assertEquals(2502, parts.line());
        TableReadOptions skip = TableReadOptions.builder().optSkipBadRows(true).build();
        assertEquals(readBoth(f, skip, false), readBoth(f, skip, true));
        Path good = write("good.csv", csv.toString().replace(",extra", ""));
        joined = 0;
        assertEquals(readBoth(good, skip, false), readBoth(good, skip, true));
        assertEquals(1, joined, "a clean file joins from parts");
    }

    /** JSON Lines of label, score and text; {@code variant} changes what the parts meet. */
    private Path jsonLines(String name, int variant) throws IOException {
        Random rnd = new Random(20 + variant);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            String label = "\"label\": " + (rnd.nextInt(50) == 0 ? "null" : rnd.nextBoolean() ? String.valueOf(rnd.nextInt(3))
                    : "\"" + rnd.nextInt(3) + "\"");
            String score = "\"score\": " + (rnd.nextInt(40) == 0 ? "-1" : String.valueOf(rnd.nextInt(1000) / 100.0));
            String text = "\"text\": \"t\\\"" + i + "\\u00e9\\n\"";
            boolean reordered = variant == 1 && i >= 1500;
            String line = reordered ? "{" + text + ", " + label + ", " + score + "}" : "{" + label + ", " + score + ", " + text + "}";
            if (variant == 2 && i == 2900) {
                line = "{" + label + ", " + score + ", " + text + ", \"extra\": 1}";
            }
            if (variant == 3 && rnd.nextInt(100) == 0) {
                line += "\n  ";
            }
            if (variant == 4 && i == 2500) {
                line = "{" + label + ", " + score + ",}";
            }
            out.append(line).append(variant == 3 && rnd.nextBoolean() ? "\r\n" : "\n");
        }
        return write(name + ".jsonl", out.toString());
    }

    @Test
    void jsonLinesPartsGiveWhatOneThreadGivesOrFallBack() throws IOException {
        // clean, keys reordered from the middle on, a new key late, CRLF and blank lines
        int[] joins = {1, 0, 0, 1};
        for (int variant = 0; variant < joins.length; variant++) {
            Path f = jsonLines("parts-" + variant, variant);
            joined = 0;
            List<Object> one = readBoth(f, TableReadOptions.defaults(), false);
            assertEquals(one, readBoth(f, TableReadOptions.defaults(), true), "variant " + variant);
            assertEquals(joins[variant], joined, "variant " + variant + " joined from parts");
        }
        Path bad = jsonLines("parts-bad", 4);
        DataException one = assertThrows(DataException.class, () -> readBoth(bad, TableReadOptions.defaults(), false));
        DataException parts = assertThrows(DataException.class, () -> readBoth(bad, TableReadOptions.defaults(), true));
        assertEquals(one.getMessage(), parts.getMessage());
        assertEquals(2501, parts.line());
    }
}
