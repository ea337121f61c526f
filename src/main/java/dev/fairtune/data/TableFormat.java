package dev.fairtune.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The file formats {@link Table} reads. */
public enum TableFormat {
    /** Comma-separated values, RFC 4180: a header line, double-quoted fields may span lines, {@code ""} is a quote. */
    CSV(','),
    /** Tab-separated values: as CSV with a tab delimiter (quoting as in RFC 4180 unless turned off). */
    TSV('\t'),
    /** JSON Lines: one JSON object per line; keys are columns. */
    JSONL((char) 0);

    private final char defaultDelimiter;

    TableFormat(char defaultDelimiter) {
        this.defaultDelimiter = defaultDelimiter;
    }

    /** The field delimiter of a delimited format; JSONL has none. */
    char defaultDelimiter() {
        if (this == JSONL) {
            throw new IllegalStateException("JSONL has no delimiter");
        }
        return defaultDelimiter;
    }

    /**
     * The format a file's extension names: {@code .csv}; {@code .tsv} or {@code .tab}; {@code .jsonl}
     * or {@code .ndjson} (case-insensitive). Empty for any other extension.
     */
    public static Optional<TableFormat> fromExtension(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String s = name.toString().toLowerCase(Locale.ROOT);
        if (s.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (s.endsWith(".tsv") || s.endsWith(".tab")) {
            return Optional.of(TSV);
        }
        if (s.endsWith(".jsonl") || s.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }
}
