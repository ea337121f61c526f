package dev.fairtune.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link Table#read} reads a file. Build with {@link #builder()}; {@link #defaults()} detects
 * the format from the extension, uses its usual delimiter and quoting, and fails on the first bad row.
 *
 * @param format the format; empty to detect it from the file's extension
 * @param delimiter a field delimiter replacing the format's default (CSV and TSV only)
 * @param quoting whether double quotes enclose fields (RFC 4180); when off, quotes are ordinary
 *     characters, for raw TSV files whose texts contain stray quotes
 * @param skipBadRows when true, a malformed row (wrong field count, unclosed quote, invalid JSON)
 *     is skipped and counted instead of failing the read
 * @param maxKeptReasons how many skipped rows keep their line and reason ({@link Table#skipped()})
 * @param requiredColumns columns that must be in the header; the read fails naming any absent one
 * @param maxFieldChars the longest field value accepted, in characters; a longer one fails the read
 *     naming the file, line and column (whatever {@code skipBadRows} says: a value that large is a
 *     wrong file or a wrong delimiter far more often than a row to skip), before it is copied
 */
public record TableReadOptions(
        Optional<TableFormat> format,
        Optional<Character> delimiter,
        boolean quoting,
        boolean skipBadRows,
        int maxKeptReasons,
        List<String> requiredColumns,
        int maxFieldChars) {

    /** Default number of skipped rows whose reasons are kept. */
    public static final int DEFAULT_MAX_KEPT_REASONS = 10;

    /** Default longest field: one million characters (a long document; far beyond a BERT input). */
    public static final int DEFAULT_MAX_FIELD_CHARS = 1_000_000;

    /** Checks the options; prefer {@link #builder()}. */
    public TableReadOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(delimiter, "delimiter");
        Objects.requireNonNull(requiredColumns, "requiredColumns");
        requiredColumns = List.copyOf(requiredColumns);
        if (delimiter.isPresent()) {
            char d = delimiter.get();
            if (d == '"' || d == '\n' || d == '\r') {
                throw new IllegalArgumentException(
                        "delimiter cannot be a quote or a line break, got " + printable(d));
            }
            if (format.orElse(null) == TableFormat.JSONL) {
                throw new IllegalArgumentException("a delimiter makes no sense for JSONL; remove optDelimiter");
            }
        }
        if (maxFieldChars < 1) {
            throw new IllegalArgumentException("maxFieldChars must be >= 1, got " + maxFieldChars);
        }
        if (maxKeptReasons < 0) {
            throw new IllegalArgumentException("maxKeptReasons must be >= 0, got " + maxKeptReasons);
        }
        Set<String> seen = new HashSet<>();
        for (String c : requiredColumns) {
            if (!seen.add(c)) {
                throw new IllegalArgumentException("required column listed twice: '" + c + "'");
            }
        }
    }

    /** Detect the format, its default delimiter and quoting, fail on the first bad row, no required columns. */
    public static TableReadOptions defaults() {
        return builder().build();
    }

    /** A builder; every setting is optional. */
    public static Builder builder() {
        return new Builder();
    }

    private static String printable(char c) {
        return switch (c) {
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            case '\t' -> "'\\t'";
            default -> "'" + c + "'";
        };
    }

    /** Builder for {@link TableReadOptions}; {@code opt*} settings are optional and checked in {@link #build()}. */
    public static final class Builder {
        private TableFormat format;
        private Character delimiter;
        private boolean quoting = true;
        private boolean skipBadRows;
        private int maxKeptReasons = DEFAULT_MAX_KEPT_REASONS;
        private final List<String> requiredColumns = new ArrayList<>();
        private int maxFieldChars = DEFAULT_MAX_FIELD_CHARS;

        private Builder() {}

        /** Read as this format whatever the extension. */
        public Builder optFormat(TableFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** Use this field delimiter instead of the format's (',' for CSV, tab for TSV). */
        public Builder optDelimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /** Turn RFC 4180 quoting on (default) or off. */
        public Builder optQuoting(boolean quoting) {
            this.quoting = quoting;
            return this;
        }

        /** Skip and count malformed rows instead of failing (default: fail). */
        public Builder optSkipBadRows(boolean skipBadRows) {
            this.skipBadRows = skipBadRows;
            return this;
        }

        /** How many skipped rows keep their reason (default {@value TableReadOptions#DEFAULT_MAX_KEPT_REASONS}). */
        public Builder optMaxKeptReasons(int maxKeptReasons) {
            this.maxKeptReasons = maxKeptReasons;
            return this;
        }

        /** Columns that must be present (added to any given before). */
        public Builder optRequiredColumns(String... columns) {
            for (String c : columns) {
                requiredColumns.add(Objects.requireNonNull(c, "required column"));
            }
            return this;
        }

        /** The longest field value accepted, in characters; default {@value #DEFAULT_MAX_FIELD_CHARS}. */
        public Builder optMaxFieldChars(int maxFieldChars) {
            this.maxFieldChars = maxFieldChars;
            return this;
        }

        /** Columns that must be present (added to any given before). */
        public Builder optRequiredColumns(List<String> columns) {
            return optRequiredColumns(columns.toArray(new String[0]));
        }

        /** @throws IllegalArgumentException when the settings contradict each other */
        public TableReadOptions build() {
            return new TableReadOptions(
                    Optional.ofNullable(format),
                    Optional.ofNullable(delimiter),
                    quoting,
                    skipBadRows,
                    maxKeptReasons,
                    requiredColumns,
                    maxFieldChars);
        }
    }
}
