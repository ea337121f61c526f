package dev.fairtune.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoublePredicate;

/**
 * Reads chosen columns of a CSV, TSV or JSON Lines file straight into primitive arrays, for files
 * too large to hold as strings (a prediction file of millions of rows): values are dictionary codes
 * ({@link Codes}), numbers ({@link Numbers}) or, for a few columns, strings ({@link Texts}). The file
 * streams through the same parsers, with the same errors and options, as {@link Table#read}; no
 * per-row object is kept, and memory holds one chunk of the file besides the columns.
 *
 * <p>Every value is trimmed as {@link String#trim()} does. A requested name matches a column of that
 * name, or failing that, the first column whose name is equal after trimming both (as in UCI Adult's
 * ", " separated files). Request columns, call {@link #read()} once, then read the requests.
 *
 * <p>A large CSV, TSV or JSON Lines file is read in parts on up to four threads ({@link ParallelRead}), with
 * the same result as one thread; a file whose parts do not join (or that holds a malformed record)
 * is read again on one thread.
 */
public final class ColumnReader {

    private final Path file;
    private final TableReadOptions options;
    private final List<Column> requests = new ArrayList<>();
    private boolean keepLines;
    private boolean done;
    /** Files at least this large are read in parts on several threads ({@link ParallelRead}). */
    long parallelFromBytes = ParallelRead.MIN_BYTES;
    /** How many parts the read joined (1 on one thread). */
    int partsRead = 1;

    private ColumnReader(Path file, TableReadOptions options) {
        this.file = Objects.requireNonNull(file, "file");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A reader of this file with these options (format, delimiter, quoting, skipping bad rows, the field cap). */
    public static ColumnReader of(Path file, TableReadOptions options) {
        return new ColumnReader(file, options);
    }

    /** Requests a column as dictionary codes (for labels, predictions, groups: few distinct values). */
    public Codes codes(String column) {
        return add(new Codes(column));
    }

    /**
     * Requests a column as numbers.
     *
     * @param usable which parsed values are usable; a value that is not a number, or not usable, is a
     *     problem of its row ({@link Numbers#problem(int)})
     */
    public Numbers numbers(String column, DoublePredicate usable) {
        return add(new Numbers(column, Objects.requireNonNull(usable, "usable")));
    }

    /** Requests a column as strings. */
    public Texts text(String column) {
        return add(new Texts(column));
    }

    /** Keeps every row's line ({@link Result#line(int)}); without it only the lines of the first problems are known. */
    public ColumnReader optLines() {
        keepLines = true;
        return this;
    }

    Path file() {
        return file;
    }

    /** The file's size, or 0 when it cannot be read (the read then reports why). */
    static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * About how many rows {@code bytes} of the file hold, from the line length of its first 64 KB,
     * 2% over, so that the columns rarely grow (and never much: a short estimate still doubles).
     */
    static int estimateRows(Path file, long bytes) {
        byte[] head = new byte[1 << 16];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return 1024;
        }
        int lines = 0;
        for (int i = 0; i < n; i++) {
            lines += head[i] == '\n' ? 1 : 0;
        }
        if (lines == 0 || n == 0) {
            return 1024;
        }
        double estimate = bytes / ((double) n / lines) * 1.02 + 16;
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(16, estimate));
    }

    TableReadOptions options() {
        return options;
    }

    List<Column> requests() {
        return requests;
    }

    boolean keepLines() {
        return keepLines;
    }

    private <C extends Column> C add(C column) {
        if (done) {
            throw new IllegalStateException("request columns before read()");
        }
        requests.add(column);
        return column;
    }

    /**
     * Reads the file once, filling every request.
     *
     * @throws DataException as {@link Table#read(Path, TableReadOptions)} does for the file (a missing
     *     requested column is not an error here: see {@link Result#require})
     */
    public Result read() {
        if (done) {
            throw new IllegalStateException("read() was called already");
        }
        done = true;
        TableFormat format = Table.formatOf(file, options);
        Result parallel = ParallelRead.attempt(this, format, parallelFromBytes);
        if (parallel != null) {
            partsRead = Math.max(2, partsRead);
            return parallel;
        }
        int capacity = estimateRows(file, fileSize(file));
        for (Column c : requests) {
            c.reserve(capacity);
        }
        Sink sink = new Sink(file, options, requests, format == TableFormat.JSONL);
        List<String> columns;
        try (InputStream in = StrictUtf8.open(file)) {
            columns = Table.stream(file, format, in, sink);
        } catch (IOException e) {
            throw new DataException(file, 0, "cannot read the file (" + e + "); check that it is a readable file", e);
        }
        for (Column c : requests) {
            c.finish(sink.rows, sink.firstLine);
        }
        return new Result(columns, format, sink.rows, sink.skippedCount, sink.skipped,
                keepLines ? Arrays.copyOf(sink.lines, sink.rows) : null);
    }

    /**
     * What was read besides the requested columns.
     *
     * @param columns the file's columns in order
     * @param format the format it was read as
     * @param rowCount rows read (malformed records skipped with the options are not rows)
     * @param skippedRows malformed records skipped
     * @param skipped the first skipped records, with lines and reasons
     * @param lines each row's line, when {@link #optLines()} asked for them, else null
     */
    public record Result(List<String> columns, TableFormat format, int rowCount, int skippedRows,
            List<SkippedRow> skipped, long[] lines) {
        /** Copies the lists. */
        public Result {
            columns = List.copyOf(columns);
            skipped = List.copyOf(skipped);
        }

        /**
         * Checks that a requested column was in the file.
         *
         * @throws DataException naming the available columns when it was not
         */
        public void require(Column column) {
            if (!column.present()) {
                throw new DataException(column.file(), 0, "no column '" + column.name() + "'; "
                        + Table.availableHint(columns, format));
            }
        }

        /** The 1-based line where row {@code row}'s record starts (needs {@link #optLines()}). */
        public long line(int row) {
            if (lines == null) {
                throw new IllegalStateException("lines were not kept: call optLines() before read()");
            }
            return lines[Objects.checkIndex(row, rowCount)];
        }
    }

    /** A requested column; its values are there once {@link #read()} returned. */
    public abstract sealed class Column permits Codes, Numbers, Texts {
        private final String name;
        /** The file column it reads, or -1 when none matched (yet). */
        int source = -1;
        boolean exact;
        /** Rows read before its column appeared (a JSON Lines key first seen after row 0): their values are empty. */
        int firstRow;
        int lastFilled = -1;
        /** The sink feeding it. */
        Sink owner;

        Column(String name) {
            this.name = Objects.requireNonNull(name, "column name");
        }

        /** The requested name. */
        public String name() {
            return name;
        }

        /** Whether the file had the column. */
        public boolean present() {
            return source >= 0;
        }

        Path file() {
            return file;
        }

        abstract void accept(byte[] b, int off, int len, int row);

        /** Rows {@code [0, firstRow)} had no value; called once the read is complete. */
        abstract void finish(int rows, long firstLine);

        /** Room for this many rows before any array grows (an estimate from the file's size). */
        abstract void reserve(int capacity);

        /** A new, empty request of the same column and kind (for one part of a parallel read). */
        abstract Column fresh();

        /**
         * Takes the values of the parts of a parallel read, in file order (part k holds rows
         * {@code [rowStart[k], rowStart[k + 1])}).
         *
         * @param rowStart the first row of each part
         * @param lineShift what to add to each part's lines (counted from 1 at its start)
         */
        abstract void merge(List<Column> parts, int[] rowStart, long[] lineShift, int rows);
    }

    /**
     * A column as dictionary codes: {@link #codes()}{@code [row]} indexes {@link #values()}, the
     * distinct trimmed values in order of first appearance.
     */
    public final class Codes extends Column {
        private int[] codes = new int[1024];
        private final ByteDictionary dictionary = new ByteDictionary();
        private List<String> values;
        private long firstEmptyLine;
        private boolean emptyPending;

        Codes(String name) {
            super(name);
        }

        @Override
        void accept(byte[] b, int off, int len, int row) {
            int from = off;
            int to = off + len;
            while (from < to && Bytes.trimmed(b[from])) {
                from++;
            }
            while (to > from && Bytes.trimmed(b[to - 1])) {
                to--;
            }
            if (row == codes.length) {
                codes = Arrays.copyOf(codes, row * 2);
            }
            codes[row] = dictionary.code(b, from, to - from);
            if (from == to && firstEmptyLine == 0 && !emptyPending) {
                emptyPending = true;
                owner.pending = true;
            }
        }

        @Override
        void finish(int rows, long firstLine) {
            codes = codes.length == rows ? codes : Arrays.copyOf(codes, rows);
            if (firstRow > 0) {
                Arrays.fill(codes, 0, Math.min(firstRow, rows), dictionary.code(new byte[0], 0, 0));
                firstEmptyLine = firstLine;
            }
            values = dictionary.strings();
        }

        @Override
        Column fresh() {
            return new Codes(name());
        }

        @Override
        void reserve(int capacity) {
            codes = new int[capacity];
        }

        @Override
        void merge(List<Column> parts, int[] rowStart, long[] lineShift, int rows) {
            codes = new int[rows];
            for (int k = 0; k < parts.size(); k++) {
                Codes part = (Codes) parts.get(k);
                int[] map = dictionary.addAll(part.dictionary);
                int[] from = part.codes;
                int count = (k + 1 < parts.size() ? rowStart[k + 1] : rows) - rowStart[k];
                for (int i = 0; i < count; i++) {
                    codes[rowStart[k] + i] = map[from[i]];
                }
                if (firstEmptyLine == 0 && part.firstEmptyLine != 0) {
                    firstEmptyLine = part.firstEmptyLine + lineShift[k];
                }
                source = part.source;
            }
            values = dictionary.strings();
        }

        /** Each row's code. */
        public int[] codes() {
            return codes;
        }

        /** The distinct values, indexed by code. */
        public List<String> values() {
            return values;
        }

        /** The code of the empty value, or -1 when no row is empty. */
        public int emptyCode() {
            return values.indexOf("");
        }

        /** The line of the first row whose value is empty, or 0 when none is. */
        public long firstEmptyLine() {
            return firstEmptyLine;
        }
    }

    /** A column as numbers: {@link #values()}, NaN where a value is not a number. */
    public final class Numbers extends Column {
        private final DoublePredicate usable;
        private double[] values = new double[1024];
        private boolean[] problems;
        private int problemCount;
        private String firstProblem;
        private boolean firstUnparsable;
        private long firstProblemLine;
        private boolean problemPending;

        Numbers(String name, DoublePredicate usable) {
            super(name);
            this.usable = usable;
        }

        @Override
        void accept(byte[] b, int off, int len, int row) {
            int from = off;
            int to = off + len;
            while (from < to && Bytes.trimmed(b[from])) {
                from++;
            }
            while (to > from && Bytes.trimmed(b[to - 1])) {
                to--;
            }
            if (row == values.length) {
                values = Arrays.copyOf(values, row * 2);
            }
            boolean unparsable = !DecimalParser.parse(b, from, to, values, row);
            if (unparsable || !usable.test(values[row])) {
                problem(row, Bytes.string(b, from, to - from), unparsable);
            }
        }

        private void problem(int row, String text, boolean unparsable) {
            if (problems == null) {
                problems = new boolean[Math.max(values.length, row + 1)];
            } else if (problems.length <= row) {
                problems = Arrays.copyOf(problems, Math.max(row + 1, values.length));
            }
            problems[row] = true;
            problemCount++;
            if (firstProblem == null) {
                firstProblem = text;
                firstUnparsable = unparsable;
                problemPending = true;
                if (owner != null) {
                    owner.pending = true;
                }
            }
        }

        @Override
        void finish(int rows, long firstLine) {
            values = values.length == rows ? values : Arrays.copyOf(values, rows);
            if (firstRow > 0) {
                firstProblem = null;
                for (int r = 0; r < Math.min(firstRow, rows); r++) {
                    values[r] = Double.NaN;
                    problem(r, "", true);
                }
                firstProblemLine = firstLine;
            }
            if (problems != null) {
                problems = Arrays.copyOf(problems, rows);
            }
        }

        @Override
        Column fresh() {
            return new Numbers(name(), usable);
        }

        @Override
        void reserve(int capacity) {
            values = new double[capacity];
        }

        @Override
        void merge(List<Column> parts, int[] rowStart, long[] lineShift, int rows) {
            values = new double[rows];
            for (int k = 0; k < parts.size(); k++) {
                Numbers part = (Numbers) parts.get(k);
                int count = (k + 1 < parts.size() ? rowStart[k + 1] : rows) - rowStart[k];
                System.arraycopy(part.values, 0, values, rowStart[k], count);
                if (part.problemCount > 0) {
                    if (problems == null) {
                        problems = new boolean[rows];
                    }
                    System.arraycopy(part.problems, 0, problems, rowStart[k], Math.min(count, part.problems.length));
                    problemCount += part.problemCount;
                    if (firstProblem == null) {
                        firstProblem = part.firstProblem;
                        firstUnparsable = part.firstUnparsable;
                        firstProblemLine = part.firstProblemLine + lineShift[k];
                    }
                }
                source = part.source;
            }
        }

        /** Each row's value; NaN where it is not a number. */
        public double[] values() {
            return values;
        }

        /** Whether row {@code row}'s value is not a number or not usable. */
        public boolean problem(int row) {
            return problems != null && problems[row];
        }

        /** How many rows have a problem. */
        public int problemCount() {
            return problemCount;
        }

        /** The first problem value as written (trimmed), or null when there is none. */
        public String firstProblem() {
            return firstProblem;
        }

        /** Whether the first problem value is not a number at all (rather than a number that is not usable). */
        public boolean firstProblemUnparsable() {
            return firstUnparsable;
        }

        /** The line of the first problem, or 0 when there is none. */
        public long firstProblemLine() {
            return firstProblemLine;
        }
    }

    /** A column as trimmed strings. */
    public final class Texts extends Column {
        private String[] values = new String[1024];

        Texts(String name) {
            super(name);
        }

        @Override
        void accept(byte[] b, int off, int len, int row) {
            int from = off;
            int to = off + len;
            while (from < to && Bytes.trimmed(b[from])) {
                from++;
            }
            while (to > from && Bytes.trimmed(b[to - 1])) {
                to--;
            }
            if (row == values.length) {
                values = Arrays.copyOf(values, row * 2);
            }
            values[row] = Bytes.string(b, from, to - from);
        }

        @Override
        void finish(int rows, long firstLine) {
            values = values.length == rows ? values : Arrays.copyOf(values, rows);
            Arrays.fill(values, 0, Math.min(firstRow, rows), "");
        }

        @Override
        Column fresh() {
            return new Texts(name());
        }

        @Override
        void reserve(int capacity) {
            values = new String[capacity];
        }

        @Override
        void merge(List<Column> parts, int[] rowStart, long[] lineShift, int rows) {
            values = new String[rows];
            for (int k = 0; k < parts.size(); k++) {
                Texts part = (Texts) parts.get(k);
                int count = (k + 1 < parts.size() ? rowStart[k + 1] : rows) - rowStart[k];
                System.arraycopy(part.values, 0, values, rowStart[k], count);
                source = part.source;
            }
        }

        /** Each row's value. */
        public String[] values() {
            return values;
        }
    }

    /** Routes each field to the requests reading its column. */
    final class Sink extends RowSink {
        private final List<Column> requests;
        /** Whether a record may lack some columns (JSON Lines), which then hold the empty value. */
        private final boolean sparse;
        /** Whether the current record holds a first empty value or a first problem, whose line {@code endRecord} records. */
        boolean pending;
        private Column[][] byColumn = new Column[8][];
        private int columnCount;
        int rows;
        long[] lines;
        private static final byte[] EMPTY = {};

        Sink(Path file, TableReadOptions options, List<Column> requests, boolean sparse) {
            super(file, options);
            this.requests = requests;
            this.sparse = sparse;
            lines = new long[keepLines ? 1024 : 0];
        }

        @Override
        void column(String name) {
            int index = columnCount++;
            if (index == byColumn.length) {
                byColumn = Arrays.copyOf(byColumn, index * 2);
            }
            for (Column c : requests) {
                boolean exact = name.equals(c.name());
                boolean trimmed = !exact && name.trim().equals(c.name().trim());
                // An exact match replaces a trimmed one while no row is read (a header); otherwise the first match stays.
                if ((exact && (c.source < 0 || (!c.exact && rows == 0))) || (trimmed && c.source < 0)) {
                    if (c.source >= 0) {
                        byColumn[c.source] = remove(byColumn[c.source], c);
                    }
                    c.source = index;
                    c.owner = this;
                    c.exact = exact;
                    c.firstRow = rows;
                    byColumn[index] = append(byColumn[index], c);
                }
            }
        }

        private Column[] append(Column[] list, Column c) {
            Column[] out = list == null ? new Column[1] : Arrays.copyOf(list, list.length + 1);
            out[out.length - 1] = c;
            return out;
        }

        private Column[] remove(Column[] list, Column c) {
            Column[] out = Arrays.stream(list).filter(x -> x != c).toArray(Column[]::new);
            return out.length == 0 ? null : out;
        }

        @Override
        void field(int column, byte[] b, int off, int len) {
            Column[] cs = byColumn[column];
            if (cs == null) {
                return;
            }
            for (Column c : cs) {
                // A switch over the final classes, so that each call inlines (one virtual call site would see three types).
                if (c instanceof Codes k) {
                    k.accept(b, off, len, rows);
                } else if (c instanceof Numbers n) {
                    n.accept(b, off, len, rows);
                } else {
                    ((Texts) c).accept(b, off, len, rows);
                }
                c.lastFilled = rows;
            }
        }

        @Override
        void endRecord(long line) {
            if (sparse) {
                for (Column c : requests) {
                    if (c.source >= 0 && c.lastFilled != rows) {
                        c.accept(EMPTY, 0, 0, rows);
                        c.lastFilled = rows;
                    }
                }
            }
            if (pending) {
                pending = false;
                for (Column c : requests) {
                    if (c instanceof Codes k && k.emptyPending) {
                        k.emptyPending = false;
                        k.firstEmptyLine = line;
                    } else if (c instanceof Numbers n && n.problemPending) {
                        n.problemPending = false;
                        n.firstProblemLine = line;
                    }
                }
            }
            if (keepLines) {
                if (rows == lines.length) {
                    lines = Arrays.copyOf(lines, rows * 2);
                }
                lines[rows] = line;
            }
            if (rows == 0) {
                firstLine = line;
            }
            rows++;
        }

        long firstLine;
    }


}
