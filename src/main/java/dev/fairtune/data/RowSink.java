package dev.fairtune.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects a reader's rows with their source lines, and skips or rejects malformed rows as the options say. */
final class RowSink {

    private final Path file;
    private final TableReadOptions options;
    final List<String[]> rows = new ArrayList<>();
    private long[] lines = new long[64];
    int skippedCount;
    final List<SkippedRow> skipped = new ArrayList<>();

    RowSink(Path file, TableReadOptions options) {
        this.file = file;
        this.options = options;
    }

    void add(String[] row, long line) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null && row[i].length() > options.maxFieldChars()) {
                throw new DataException(file, line, "the value of field " + (i + 1) + " is longer than "
                        + options.maxFieldChars() + " characters; check the file, or raise the limit with "
                        + "TableReadOptions.builder().optMaxFieldChars(n)");
            }
        }
        if (rows.size() == lines.length) {
            lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[rows.size()] = line;
        rows.add(row);
    }

    long[] lines() {
        return Arrays.copyOf(lines, rows.size());
    }

    /**
     * A malformed record starting at {@code line}: skipped and counted when the options allow it,
     * otherwise a {@link DataException}.
     *
     * @param problem what is wrong
     * @param fix what the user can change in the file
     */
    void bad(long line, String problem, String fix) {
        if (!options.skipBadRows()) {
            throw new DataException(file, line, problem + "; " + fix
                    + ", or read with TableReadOptions.builder().optSkipBadRows(true) to skip such rows");
        }
        skippedCount++;
        if (skipped.size() < options.maxKeptReasons()) {
            skipped.add(new SkippedRow(line, problem));
        }
    }
}
