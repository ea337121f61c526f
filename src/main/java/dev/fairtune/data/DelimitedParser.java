package dev.fairtune.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 parser for CSV and TSV over decoded text, tracking the line where each record starts.
 *
 * <p>Rules: the first record is the header; records end at {@code \n}, {@code \r\n} or {@code \r}
 * outside quotes; empty lines between records are ignored; with quoting on, a field that starts with
 * {@code "} runs to the matching closing quote (line breaks and delimiters inside are data, {@code ""}
 * is one quote) and must be followed by a delimiter or the end of the record; a quote inside an
 * unquoted field is an ordinary character. Field values are not trimmed.
 */
final class DelimitedParser {

    private final Path file;
    private final String text;
    private final char delimiter;
    private final boolean quoting;
    private final int n;
    private int pos;
    private long line = 1;

    /** The problem with the record being parsed, or null when it parsed cleanly. */
    private String problem;
    private String fix;
    /** Whether that problem is a quote left open until the end of the text. */
    private boolean unclosed;

    private final int maxFieldChars;
    /** The header, once parsed (for naming a column in messages). */
    private List<String> header;
    private long recordLine;

    DelimitedParser(Path file, String text, char delimiter, boolean quoting, int maxFieldChars) {
        this.maxFieldChars = maxFieldChars;
        this.file = file;
        this.text = text;
        this.delimiter = delimiter;
        this.quoting = quoting;
        this.n = text.length();
    }

    /** Parses the header and all records into {@code sink}; returns the header. */
    List<String> parse(RowSink sink) {
        skipEmptyLines();
        if (pos >= n) {
            throw new DataException(file, 0, "the file is empty (no header line); a "
                    + "table needs a header line naming its columns followed by one line per row");
        }
        long headerLine = line;
        recordLine = line;
        List<String> header = record();
        this.header = header;
        if (problem != null) {
            throw new DataException(file, headerLine, "cannot parse the header: " + problem + "; " + fix);
        }
        while (true) {
            skipEmptyLines();
            if (pos >= n) {
                return header;
            }
            long start = line;
            int startPos = pos;
            recordLine = line;
            List<String> fields = record();
            if (problem != null) {
                sink.bad(start, problem, fix);
                if (unclosed) {
                    resumeAfterLine(startPos, start);
                }
                continue;
            }
            if (fields.size() != header.size()) {
                sink.bad(start, "the record has " + fields.size() + " field" + (fields.size() == 1 ? "" : "s")
                        + " but the header has " + header.size() + " columns",
                        "check for an unquoted " + describe(delimiter) + " inside a value or a missing value;"
                        + " quote values that contain the delimiter");
                continue;
            }
            sink.add(fields.toArray(new String[0]), start);
        }
    }

    private static String describe(char c) {
        return switch (c) {
            case '\t' -> "tab";
            case ',' -> "comma";
            default -> "'" + c + "'";
        };
    }

    private void skipEmptyLines() {
        while (pos < n) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r') {
                pos += pos + 1 < n && text.charAt(pos + 1) == '\n' ? 2 : 1;
                line++;
            } else {
                return;
            }
        }
    }

    /** After an unclosed quote swallowed the rest of the file, restart at the line after the record's start. */
    private void resumeAfterLine(int startPos, long startLine) {
        pos = startPos;
        line = startLine;
        while (pos < n && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            pos++;
        }
        skipLineBreak();
    }

    private void skipLineBreak() {
        if (pos < n) {
            char c = text.charAt(pos);
            if (c == '\r') {
                pos += pos + 1 < n && text.charAt(pos + 1) == '\n' ? 2 : 1;
                line++;
            } else if (c == '\n') {
                pos++;
                line++;
            }
        }
    }

    /** Stops at a field longer than the limit, before it grows further. */
    private void checkLength(StringBuilder sb, int field) {
        if (sb.length() > maxFieldChars) {
            String column = header != null && field < header.size() ? "column '" + header.get(field) + "'"
                    : "field " + (field + 1);
            throw new DataException(file, recordLine, "the value in " + column + " (field " + (field + 1)
                    + ") is longer than " + maxFieldChars + " characters; check the file and its delimiter (a quote "
                    + "left open makes the rest of the file one value), or raise the limit with "
                    + "TableReadOptions.builder().optMaxFieldChars(n)");
        }
    }

    /** Skips to the end of the current physical line (recovery after a malformed record). */
    private void skipRestOfLine() {
        while (pos < n && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            pos++;
        }
        skipLineBreak();
    }

    /** Parses one record starting at {@code pos}; sets {@link #problem} when it is malformed. */
    private List<String> record() {
        problem = null;
        fix = null;
        unclosed = false;
        List<String> fields = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        while (true) {
            sb.setLength(0);
            if (quoting && pos < n && text.charAt(pos) == '"') {
                long quoteLine = line;
                pos++;
                while (true) {
                    if (pos >= n) {
                        problem = "a quoted field is not closed (its opening quote is on line " + quoteLine + ")";
                        unclosed = true;
                        fix = "close the quote, or double a quote that is part of the text (\"\")";
                        return fields;
                    }
                    char c = text.charAt(pos);
                    if (c == '"') {
                        if (pos + 1 < n && text.charAt(pos + 1) == '"') {
                            sb.append('"');
                            pos += 2;
                        } else {
                            pos++;
                            break;
                        }
                    } else {
                        if (c == '\n' || (c == '\r' && (pos + 1 >= n || text.charAt(pos + 1) != '\n'))) {
                            line++;
                        }
                        sb.append(c);
                        pos++;
                        checkLength(sb, fields.size());
                    }
                }
                if (pos < n) {
                    char c = text.charAt(pos);
                    if (c != delimiter && c != '\n' && c != '\r') {
                        problem = "unexpected character '" + c + "' after a closing quote on line " + line;
                        fix = "a quote inside a quoted value must be doubled (\"\")";
                        skipRestOfLine();
                        return fields;
                    }
                }
            } else {
                while (pos < n) {
                    char c = text.charAt(pos);
                    if (c == delimiter || c == '\n' || c == '\r') {
                        break;
                    }
                    sb.append(c);
                    pos++;
                    checkLength(sb, fields.size());
                }
            }
            fields.add(sb.toString());
            if (pos < n && text.charAt(pos) == delimiter) {
                pos++;
                continue;
            }
            skipLineBreak();
            return fields;
        }
    }
}
