package dev.fairtune.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a reader puts what it parses: columns as they become known, then each well-formed record
 * as fields followed by {@link #endRecord}. Malformed records go to {@link #bad}, which skips and
 * counts them or stops the read, as the options say.
 *
 * <p>A record's fields arrive only once the whole record has parsed; a column that received no field
 * in a record (a JSON Lines key that the object lacks) holds the empty string there.
 */
abstract class RowSink {

    final Path file;
    final TableReadOptions options;
    int skippedCount;
    final List<SkippedRow> skipped = new ArrayList<>();

    RowSink(Path file, TableReadOptions options) {
        this.file = file;
        this.options = options;
    }

    /** A new column, numbered from 0 in the order columns become known. */
    abstract void column(String name);

    /** The value of column {@code column} in the current record: well-formed UTF-8 bytes {@code b[off, off + len)}, valid only during the call. */
    abstract void field(int column, byte[] b, int off, int len);

    /** The current record is complete; it starts at 1-based line {@code line}. */
    abstract void endRecord(long line);

    /**
     * A malformed record starting at {@code line}: skipped and counted when the options allow it,
     * otherwise a {@link DataException}.
     *
     * @param problem what is wrong
     * @param fix what the user can change in the file
     */
    final void bad(long line, String problem, String fix) {
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
