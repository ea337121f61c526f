package dev.fairtune.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines parser, streaming over UTF-8 bytes: each non-blank line is one JSON object whose keys are columns.
 *
 * <p>Columns are the union of keys in order of first appearance. Strings are taken as they are,
 * numbers as written in the file ({@code 1.50} stays {@code "1.50"}), booleans as {@code true} or
 * {@code false}, nested arrays and objects as compact JSON text; {@code null} and an absent key
 * give the empty string. A repeated key in one object, a line that is not one object, and invalid
 * JSON are malformed rows. Each line is parsed in place from the input window by Jackson.
 */
final class JsonLinesParser implements ParallelRead.PartParser {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    private static final String FIX = "each line must hold exactly one JSON object such as {\"text\": \"...\", \"label\": 1}";
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private final Path file;
    private final ByteWindow in;
    private final int maxFieldChars;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    /** The current line's values: key, and a byte range of {@link #values}. */
    private int count;
    private String[] keys = new String[16];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private byte[] values = new byte[256];
    private int used;

    JsonLinesParser(Path file, ByteWindow in, int maxFieldChars) {
        this.file = file;
        this.in = in;
        this.maxFieldChars = maxFieldChars;
    }

    /** Where the next line starts in the window, the lines read, and whether one was not blank. */
    private int pos;
    private long line;
    private boolean sawContent;

    /** Parses all lines into {@code sink}; returns the columns. */
    List<String> parse(RowSink sink) {
        records(sink, -1);
        if (!sawContent) {
            throw new DataException(file, 0, "the file is empty; JSON Lines needs one JSON object per line");
        }
        return columns();
    }

    /** The columns seen so far, in order of first appearance. */
    @Override
    public List<String> columns() {
        return List.copyOf(names);
    }

    /** The line the parser is on: one after the lines read (counted from 1 where the window started). */
    @Override
    public long line() {
        return line + 1;
    }

    /**
     * Parses lines into {@code sink} until the end of the input or, when {@code stopAt >= 0}, until
     * the next line would start at or after file offset {@code stopAt}.
     *
     * @return the file offset where parsing stopped between lines, or -1 at the end of the input
     */
    @Override
    public long records(RowSink sink, long stopAt) {
        while (true) {
            if (pos >= in.end) {
                boolean more = in.fill(pos, pos, line + 1);
                pos -= in.moved;
                if (!more) {
                    return -1;
                }
            }
            if (stopAt >= 0 && in.offset(pos) >= stopAt) {
                return in.offset(pos);
            }
            line++;
            int start = pos;
            int end = pos;
            while (true) {
                byte[] b = in.buf;
                int e = in.end;
                while (end < e && b[end] != '\n' && b[end] != '\r') {
                    end++;
                }
                if (end < e) {
                    break;
                }
                boolean more = in.fill(start, end, line);
                start -= in.moved;
                end -= in.moved;
                if (!more) {
                    break;
                }
            }
            byte[] b = in.buf;
            if (end < in.end && b[end] == '\r') {
                if (end + 1 >= in.end) {
                    in.fill(start, end, line);
                    start -= in.moved;
                    end -= in.moved;
                    b = in.buf;
                }
                pos = end + 1 < in.end && b[end + 1] == '\n' ? end + 2 : end + 1;
            } else {
                pos = end + 1;
            }
            if (blank(b, start, end)) {
                continue;
            }
            sawContent = true;
            if (parseObject(b, start, end - start, line, sink)) {
                emit(sink, line);
            }
        }
    }

    /** As {@link String#isBlank()} on the decoded line. */
    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c < 0) {
                return Bytes.string(b, from, to - from).isBlank();
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private void emit(RowSink sink, long line) {
        for (int i = 0; i < count; i++) {
            if (Bytes.chars(values, starts[i], ends[i]) > maxFieldChars) {
                throw new DataException(file, line, "the value of field " + (column(keys[i], null) + 1) + " is longer than "
                        + maxFieldChars + " characters; check the file, or raise the limit with "
                        + "TableReadOptions.builder().optMaxFieldChars(n)");
            }
        }
        for (int i = 0; i < count; i++) {
            sink.field(column(keys[i], sink), values, starts[i], ends[i] - starts[i]);
        }
        sink.endRecord(line);
    }

    /** The column of a key, numbered on first appearance (announced to the sink when one is given). */
    private int column(String key, RowSink sink) {
        Integer c = columns.get(key);
        if (c != null) {
            return c;
        }
        if (sink == null) {
            return columns.size();
        }
        columns.put(key, names.size());
        names.add(key);
        sink.column(key);
        return names.size() - 1;
    }

    /** Parses one line's object into the value buffer; false when it is malformed (reported to the sink). */
    private boolean parseObject(byte[] b, int off, int len, long line, RowSink sink) {
        count = 0;
        used = 0;
        try (JsonParser p = FACTORY.createParser(b, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                sink.bad(line, "the line is not a JSON object", FIX);
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                int start = used;
                switch (token) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                        append(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    case VALUE_TRUE -> append(TRUE);
                    case VALUE_FALSE -> append(FALSE);
                    case VALUE_NULL -> { }
                    case START_OBJECT, START_ARRAY ->
                        append(MAPPER.writeValueAsString(MAPPER.readTree(p)).getBytes(StandardCharsets.UTF_8));
                    default -> throw new IllegalStateException("unexpected JSON token " + token);
                }
                add(name, start, used);
            }
            if (p.nextToken() != null) {
                sink.bad(line, "there is more text after the JSON object", FIX);
                return false;
            }
            return true;
        } catch (JsonProcessingException e) {
            sink.bad(line, "invalid JSON: " + e.getOriginalMessage(), FIX);
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from memory failed", e);
        }
    }

    private void add(String key, int from, int to) {
        if (count == keys.length) {
            keys = Arrays.copyOf(keys, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        keys[count] = key;
        starts[count] = from;
        ends[count] = to;
        count++;
    }

    private void reserve(int n) {
        if (used + n > values.length) {
            values = Arrays.copyOf(values, Math.max(used + n, values.length * 2));
        }
    }

    private void append(byte[] bytes) {
        reserve(bytes.length);
        System.arraycopy(bytes, 0, values, used, bytes.length);
        used += bytes.length;
    }

    /** Appends characters as UTF-8 (a lone surrogate, which JSON's {@code \\u} escapes allow, becomes U+FFFD). */
    private void append(char[] c, int off, int len) {
        reserve(len * 3);
        byte[] v = values;
        int k = used;
        for (int i = off; i < off + len; i++) {
            char ch = c[i];
            if (ch < 0x80) {
                v[k++] = (byte) ch;
            } else if (ch < 0x800) {
                v[k++] = (byte) (0xC0 | (ch >> 6));
                v[k++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && i + 1 < off + len && Character.isLowSurrogate(c[i + 1])) {
                int cp = Character.toCodePoint(ch, c[++i]);
                v[k++] = (byte) (0xF0 | (cp >> 18));
                v[k++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                v[k++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                v[k++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                int cp = Character.isSurrogate(ch) ? 0xFFFD : ch;
                v[k++] = (byte) (0xE0 | (cp >> 12));
                v[k++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                v[k++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        used = k;
    }
}
