package dev.fairtune.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable table of named string columns read from a CSV, TSV or JSON Lines file, remembering
 * for every row the line of the file where its record starts.
 *
 * <p>Reading is strict: the file must be UTF-8 (a malformed byte is an error naming its line, never a
 * replacement character), must not be empty, and every record must parse and have as many fields as
 * the header. Malformed records fail the read with a {@link DataException} naming the file and the
 * 1-based line where the record starts, unless {@link TableReadOptions#skipBadRows()} asks to skip
 * and count them ({@link #skippedRows()}, {@link #skipped()}).
 */
public final class Table {

    private final Path source;
    private final TableFormat format;
    private final List<String> columns;
    private final Map<String, Integer> index;
    /** Column-major values: {@code values[column][row]}. */
    private final String[][] values;
    private final long[] lines;
    private final int skippedRows;
    private final List<SkippedRow> skipped;

    private Table(Path source, TableFormat format, List<String> columns, String[][] values, long[] lines,
            int skippedRows, List<SkippedRow> skipped) {
        this.source = source;
        this.format = format;
        this.columns = List.copyOf(columns);
        this.index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        this.values = values;
        this.lines = lines;
        this.skippedRows = skippedRows;
        this.skipped = List.copyOf(skipped);
    }

    /** Reads a file with {@link TableReadOptions#defaults()}: format from the extension, fail on the first bad row. */
    public static Table read(Path file) {
        return read(file, TableReadOptions.defaults());
    }

    /**
     * Reads a whole file into memory.
     *
     * @param file a {@code .csv}, {@code .tsv}/{@code .tab} or {@code .jsonl}/{@code .ndjson} file,
     *     or any file when the options name the format
     * @throws DataException when the file is missing, unreadable, empty, not UTF-8, has a duplicate
     *     or missing required column, or (unless skipping) a malformed record
     */
    public static Table read(Path file, TableReadOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        TableFormat format = formatOf(file, options);
        try (InputStream in = StrictUtf8.open(file)) {
            return parse(file, format, in, options);
        } catch (IOException e) {
            throw new DataException(file, 0, "cannot read the file (" + e + "); check that it is a readable file", e);
        }
    }

    /**
     * Reads a whole stream (for example a class-path resource) as {@link #read(Path, TableReadOptions)}
     * reads a file; the stream is not closed.
     *
     * @param name the name used in messages and as {@link #source()}; its extension gives the format
     *     unless the options name one
     * @throws DataException as {@link #read(Path, TableReadOptions)}, or when the stream cannot be read
     */
    public static Table read(InputStream in, Path name, TableReadOptions options) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        return parse(name, formatOf(name, options), in, options);
    }

    /**
     * Streams a file through the one parser of its format into a sink; returns the columns.
     *
     * @throws DataException when the file is empty, not UTF-8, has a duplicate header name, or (unless
     *     skipping) a malformed record
     */
    static List<String> stream(Path file, TableFormat format, InputStream in, RowSink sink) {
        TableReadOptions options = sink.options;
        ByteWindow window = new ByteWindow(file, in);
        if (format == TableFormat.JSONL) {
            return new JsonLinesParser(file, window, options.maxFieldChars()).parse(sink);
        }
        char delimiter = options.delimiter().orElse(format.defaultDelimiter());
        List<String> header = new DelimitedParser(file, window, delimiter, options.quoting(), options.maxFieldChars())
                .parse(sink);
        checkHeader(file, header);
        return header;
    }

    static TableFormat formatOf(Path file, TableReadOptions options) {
        TableFormat format = options.format().or(() -> TableFormat.fromExtension(file)).orElseThrow(
                () -> new DataException(file, 0, "cannot tell the format from the file name; use a .csv, .tsv,"
                        + " .jsonl or .ndjson extension, or name the format with"
                        + " TableReadOptions.builder().optFormat(TableFormat.CSV)"));
        if (format == TableFormat.JSONL && options.delimiter().isPresent()) {
            throw new IllegalArgumentException("a delimiter makes no sense for JSONL (" + file + "); remove optDelimiter");
        }
        return format;
    }

    private static Table parse(Path file, TableFormat format, InputStream in, TableReadOptions options) {
        StringColumns sink = new StringColumns(file, options);
        List<String> header = stream(file, format, in, sink);
        List<String> missing = new ArrayList<>();
        for (String required : options.requiredColumns()) {
            if (!header.contains(required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw new DataException(file, format == TableFormat.JSONL ? 0 : 1, "required column"
                    + (missing.size() == 1 ? " " : "s ") + quoted(missing) + " not found; "
                    + availableHint(header, format));
        }
        return new Table(file, format, header, sink.values(), sink.lines(), sink.skippedCount, sink.skipped);
    }

    /** The sink that keeps every value as a string, column by column. */
    private static final class StringColumns extends RowSink {
        private final List<String[]> columns = new ArrayList<>();
        /** The last record each column got a value in. */
        private int[] filled = new int[8];
        private long[] lines = new long[64];
        private int rows;

        StringColumns(Path file, TableReadOptions options) {
            super(file, options);
        }

        @Override
        void column(String name) {
            String[] values = new String[Math.max(16, lines.length)];
            Arrays.fill(values, 0, rows, "");
            columns.add(values);
            if (filled.length < columns.size()) {
                filled = Arrays.copyOf(filled, filled.length * 2);
            }
            filled[columns.size() - 1] = -1;
        }

        @Override
        void field(int column, byte[] b, int off, int len) {
            String[] values = columns.get(column);
            if (values.length <= rows) {
                values = Arrays.copyOf(values, Math.max(rows + 1, values.length * 2));
                columns.set(column, values);
            }
            values[rows] = len == 0 ? "" : Bytes.string(b, off, len);
            filled[column] = rows;
        }

        @Override
        void endRecord(long line) {
            for (int c = 0; c < columns.size(); c++) {
                if (filled[c] != rows) {
                    field(c, null, 0, 0);
                }
            }
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, rows * 2);
            }
            lines[rows++] = line;
        }

        String[][] values() {
            String[][] out = new String[columns.size()][];
            for (int c = 0; c < out.length; c++) {
                out[c] = Arrays.copyOf(columns.get(c), rows);
            }
            return out;
        }

        long[] lines() {
            return Arrays.copyOf(lines, rows);
        }
    }

    private static void checkHeader(Path file, List<String> header) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Integer before = seen.put(header.get(i), i);
            if (before != null) {
                throw new DataException(file, 1, "column name '" + header.get(i) + "' appears twice in the header"
                        + " (columns " + (before + 1) + " and " + (i + 1) + "); rename one of them");
            }
        }
    }

    private static String quoted(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String s : names) {
            sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(s).append('\'');
        }
        return sb.toString();
    }

    static String availableHint(List<String> header, TableFormat format) {
        String hint = "the available columns are [" + quoted(header) + "]";
        if (header.size() == 1 && format != TableFormat.JSONL
                && (header.get(0).indexOf(',') >= 0 || header.get(0).indexOf('\t') >= 0
                        || header.get(0).indexOf(';') >= 0)) {
            hint += "; the header was read as one column, so the delimiter looks wrong: set it with"
                    + " TableReadOptions.builder().optDelimiter(...)";
        } else {
            hint += "; check the spelling (names are case-sensitive)";
        }
        return hint;
    }

    /** The file this table was read from. */
    public Path source() {
        return source;
    }

    /** The format the file was read as. */
    public TableFormat format() {
        return format;
    }

    /** Column names in file order. */
    public List<String> columns() {
        return columns;
    }

    /** Whether a column of this name exists. */
    public boolean hasColumn(String name) {
        return index.containsKey(name);
    }

    /** Number of rows read (skipped rows not included). */
    public int rowCount() {
        return lines.length;
    }

    /**
     * The value in one cell.
     *
     * @throws DataException when the column is absent (naming the available ones)
     * @throws IndexOutOfBoundsException when the row is outside {@code [0, rowCount())}
     */
    public String get(int row, String column) {
        return values[columnIndex(column)][Objects.checkIndex(row, rowCount())];
    }

    /**
     * A copy of one column's values, in row order.
     *
     * @throws DataException when the column is absent (naming the file and the available columns)
     */
    public String[] column(String name) {
        return values[columnIndex(name)].clone();
    }

    /** Index of a column in {@link #columns()}; a {@link DataException} naming the available ones when absent. */
    public int columnIndex(String name) {
        Integer i = index.get(Objects.requireNonNull(name, "column name"));
        if (i == null) {
            throw new DataException(source, 0, "no column '" + name + "'; " + availableHint(columns, format));
        }
        return i;
    }

    /** The 1-based line of the file where row {@code row}'s record starts. */
    public long sourceLine(int row) {
        return lines[Objects.checkIndex(row, rowCount())];
    }

    /** How many malformed rows were skipped (0 unless the options asked to skip them). */
    public int skippedRows() {
        return skippedRows;
    }

    /** The first {@link TableReadOptions#maxKeptReasons()} skipped rows, with their lines and reasons. */
    public List<SkippedRow> skipped() {
        return skipped;
    }

    @Override
    public String toString() {
        return "Table[" + source + ", " + format + ", " + rowCount() + " rows, columns " + columns
                + (skippedRows > 0 ? ", " + skippedRows + " skipped" : "") + "]";
    }

    /** A copy of one row's values in {@link #columns()} order. */
    public String[] row(int row) {
        Objects.checkIndex(row, rowCount());
        String[] out = new String[columns.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = values[c][row];
        }
        return out;
    }
}
