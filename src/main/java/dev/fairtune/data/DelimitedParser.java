package dev.fairtune.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 4180 parser for CSV and TSV, streaming over UTF-8 bytes, tracking the line where each record starts.
 *
 * <p>Rules: the first record is the header; records end at {@code \n}, {@code \r\n} or {@code \r}
 * outside quotes; empty lines between records are ignored; with quoting on, a field that starts with
 * {@code "} runs to the matching closing quote (line breaks and delimiters inside are data, {@code ""}
 * is one quote) and must be followed by a delimiter or the end of the record; a quote inside an
 * unquoted field is an ordinary character. Field values are not trimmed. The delimiter is an ASCII
 * character, so it never occurs inside a multi-byte UTF-8 sequence.
 *
 * <p>Fields are located as byte ranges of the input window and handed to the sink only once their
 * record has parsed with the header's field count; nothing per row is kept here.
 */
final class DelimitedParser implements ParallelRead.PartParser {

    private final Path file;
    private final ByteWindow in;
    private final byte delimiter;
    private final boolean quoting;
    private final int maxFieldChars;

    private byte[] buf;
    private int end;
    private int pos;
    private long line = 1;
    /** Start of the record being parsed (kept in the window), and of the field being parsed or -1. */
    private int recordStart;
    private int fieldStart = -1;
    private int fieldEscapes;
    private long recordLine;

    /** The current record's fields: byte ranges, and how many doubled quotes each holds. */
    private int count;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int[] escapes = new int[16];
    private byte[] scratch = new byte[64];

    /** The problem with the record being parsed, or null when it parsed cleanly. */
    private String problem;
    private String fix;
    /** Whether that problem is a quote left open until the end of the text. */
    private boolean unclosed;
    /** The header, once parsed (for naming a column in messages). */
    private List<String> header;

    DelimitedParser(Path file, ByteWindow in, char delimiter, boolean quoting, int maxFieldChars) {
        if (delimiter >= 0x80) {
            throw new IllegalArgumentException("the delimiter must be an ASCII character, got '" + delimiter + "'");
        }
        this.file = file;
        this.in = in;
        this.delimiter = (byte) delimiter;
        this.quoting = quoting;
        this.maxFieldChars = maxFieldChars;
    }

    /** Parses the header and all records into {@code sink}; returns the header. */
    List<String> parse(RowSink sink) {
        List<String> names = header();
        for (String name : names) {
            sink.column(name);
        }
        records(sink, -1);
        return names;
    }

    /**
     * Parses the header only.
     *
     * @throws DataException when the file is empty or the header is malformed
     */
    List<String> header() {
        buf = in.buf;
        skipEmptyLines();
        if (!available()) {
            throw new DataException(file, 0, "the file is empty (no header line); a "
                    + "table needs a header line naming its columns followed by one line per row");
        }
        long headerLine = line;
        record();
        if (problem != null) {
            throw new DataException(file, headerLine, "cannot parse the header: " + problem + "; " + fix);
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(value(i));
        }
        header = names;
        return names;
    }

    /**
     * Parses records of a part of the file that starts at a record boundary, under a header read
     * elsewhere; lines are counted from 1 at the part's start.
     */
    void startPart(List<String> knownHeader) {
        buf = in.buf;
        header = knownHeader;
    }

    /** The line the parser is on (1-based, counted from where it started). */
    @Override
    public long line() {
        return line;
    }

    /** The header (read here or given to {@link #startPart}). */
    @Override
    public List<String> columns() {
        return header;
    }

    /**
     * Parses records into {@code sink} until the end of the input or, when {@code stopAt >= 0},
     * until the next record would start at or after file offset {@code stopAt}.
     *
     * @return the file offset where parsing stopped between records, or -1 at the end of the input
     */
    @Override
    public long records(RowSink sink, long stopAt) {
        int width = header.size();
        while (true) {
            if (stopAt >= 0 && in.offset(pos) >= stopAt) {
                return in.offset(pos);
            }
            skipEmptyLines();
            if (!available()) {
                return -1;
            }
            long start = line;
            record();
            if (problem != null) {
                sink.bad(start, problem, fix);
                if (unclosed) {
                    resumeAfterLine(start);
                }
                continue;
            }
            if (count != width) {
                sink.bad(start, "the record has " + count + " field" + (count == 1 ? "" : "s")
                        + " but the header has " + width + " columns",
                        "check for an unquoted " + describe(delimiter) + " inside a value or a missing value;"
                        + " quote values that contain the delimiter");
                continue;
            }
            for (int i = 0; i < count; i++) {
                if (escapes[i] == 0) {
                    sink.field(i, buf, starts[i], ends[i] - starts[i]);
                } else {
                    int len = unescape(i);
                    sink.field(i, scratch, 0, len);
                }
            }
            sink.endRecord(start);
        }
    }

    private static String describe(byte c) {
        return switch (c) {
            case '\t' -> "tab";
            case ',' -> "comma";
            default -> "'" + (char) c + "'";
        };
    }

    /** Field {@code i} of the current record as a string. */
    private String value(int i) {
        if (escapes[i] == 0) {
            return Bytes.string(buf, starts[i], ends[i] - starts[i]);
        }
        return Bytes.string(scratch, 0, unescape(i));
    }

    /** Copies field {@code i} into {@link #scratch} with each doubled quote made one; returns its length. */
    private int unescape(int i) {
        int len = ends[i] - starts[i];
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        int k = 0;
        for (int j = starts[i]; j < ends[i]; j++) {
            byte c = buf[j];
            scratch[k++] = c;
            if (c == '"') {
                j++; // the second quote of the pair
            }
        }
        return k;
    }

    /** Whether a byte is at {@link #pos}, reading more when the window is used up. */
    private boolean available() {
        return pos < end || more();
    }

    /** Whether a byte is at {@code pos + 1}. */
    private boolean nextAvailable() {
        return pos + 1 < end || (more() && pos + 1 < end);
    }

    /** Reads more input, keeping the current record, after checking the field being parsed is not over the cap. */
    private boolean more() {
        checkLength(pos);
        boolean got = in.fill(recordStart, pos, line);
        int m = in.moved;
        if (m > 0) {
            pos -= m;
            recordStart -= m;
            if (fieldStart >= 0) {
                fieldStart -= m;
            }
            for (int i = 0; i < count; i++) {
                starts[i] -= m;
                ends[i] -= m;
            }
        }
        buf = in.buf;
        end = in.end;
        return got;
    }

    /** Stops at a field longer than the limit, before it grows further. */
    private void checkLength(int fieldEnd) {
        if (fieldStart < 0 || fieldEnd - fieldStart <= maxFieldChars) {
            return; // a UTF-8 byte is at most one character
        }
        if (Bytes.chars(buf, fieldStart, fieldEnd) - fieldEscapes > maxFieldChars) {
            int field = count;
            String column = header != null && field < header.size() ? "column '" + header.get(field) + "'"
                    : "field " + (field + 1);
            throw new DataException(file, recordLine, "the value in " + column + " (field " + (field + 1)
                    + ") is longer than " + maxFieldChars + " characters; check the file and its delimiter (a quote "
                    + "left open makes the rest of the file one value), or raise the limit with "
                    + "TableReadOptions.builder().optMaxFieldChars(n)");
        }
    }

    private void skipEmptyLines() {
        recordStart = pos;
        while (available()) {
            byte c = buf[pos];
            if (c == '\n') {
                pos++;
                line++;
            } else if (c == '\r') {
                pos += nextAvailable() && buf[pos + 1] == '\n' ? 2 : 1;
                line++;
            } else {
                return;
            }
            recordStart = pos;
        }
    }

    /** After an unclosed quote swallowed the rest of the file, restart at the line after the record's start. */
    private void resumeAfterLine(long startLine) {
        pos = recordStart;
        line = startLine;
        skipRestOfLine();
    }

    private void skipLineBreak() {
        if (available()) {
            byte c = buf[pos];
            if (c == '\r') {
                pos += nextAvailable() && buf[pos + 1] == '\n' ? 2 : 1;
                line++;
            } else if (c == '\n') {
                pos++;
                line++;
            }
        }
    }

    /** Skips to the end of the current physical line (recovery after a malformed record). */
    private void skipRestOfLine() {
        while (available() && buf[pos] != '\n' && buf[pos] != '\r') {
            pos++;
        }
        skipLineBreak();
    }

    private void addField(int from, int to, int escaped) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            escapes = Arrays.copyOf(escapes, count * 2);
        }
        starts[count] = from;
        ends[count] = to;
        escapes[count] = escaped;
        count++;
    }

    /** Parses one record starting at {@code pos}; sets {@link #problem} when it is malformed. */
    private void record() {
        problem = null;
        fix = null;
        unclosed = false;
        count = 0;
        recordStart = pos;
        recordLine = line;
        byte d = delimiter;
        while (true) {
            fieldEscapes = 0;
            if (quoting && available() && buf[pos] == '"') {
                long quoteLine = line;
                pos++;
                fieldStart = pos;
                while (true) {
                    if (pos >= end && !more()) {
                        problem = "a quoted field is not closed (its opening quote is on line " + quoteLine + ")";
                        unclosed = true;
                        fix = "close the quote, or double a quote that is part of the text (\"\")";
                        fieldStart = -1;
                        return;
                    }
                    byte c = buf[pos];
                    if (c == '"') {
                        if (nextAvailable() && buf[pos + 1] == '"') {
                            fieldEscapes++;
                            pos += 2;
                        } else {
                            pos++;
                            break;
                        }
                    } else {
                        if (c == '\n' || (c == '\r' && !(nextAvailable() && buf[pos + 1] == '\n'))) {
                            line++;
                        }
                        pos++;
                    }
                }
                checkLength(pos - 1);
                addField(fieldStart, pos - 1, fieldEscapes);
                fieldStart = -1;
                if (available()) {
                    byte c = buf[pos];
                    if (c != d && c != '\n' && c != '\r') {
                        problem = "unexpected character '" + codePointAt(pos) + "' after a closing quote on line " + line;
                        fix = "a quote inside a quoted value must be doubled (\"\")";
                        skipRestOfLine();
                        return;
                    }
                }
            } else {
                fieldStart = pos;
                while (true) {
                    int p = pos;
                    int e = end;
                    byte[] b = buf;
                    while (p < e) {
                        byte c = b[p];
                        if (c == d || c == '\n' || c == '\r') {
                            break;
                        }
                        p++;
                    }
                    pos = p;
                    if (p < e || !more()) {
                        break;
                    }
                }
                checkLength(pos);
                addField(fieldStart, pos, 0);
                fieldStart = -1;
            }
            if (available() && buf[pos] == d) {
                pos++;
                continue;
            }
            skipLineBreak();
            return;
        }
    }

    /** The character whose UTF-8 sequence starts at {@code p} (for a message). */
    private String codePointAt(int p) {
        int lead = buf[p] & 0xFF;
        int n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        return Bytes.string(buf, p, Math.min(n, end - p));
    }
}
