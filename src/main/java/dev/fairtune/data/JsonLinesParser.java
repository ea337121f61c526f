package dev.fairtune.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines parser: each non-blank line is one JSON object whose keys are columns.
 *
 * <p>Columns are the union of keys in order of first appearance. Strings are taken as they are,
 * numbers as written in the file ({@code 1.50} stays {@code "1.50"}), booleans as {@code true} or
 * {@code false}, nested arrays and objects as compact JSON text; {@code null} and an absent key
 * give the empty string. A repeated key in one object, a line that is not one object, and invalid
 * JSON are malformed rows.
 */
final class JsonLinesParser {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    private static final String FIX = "each line must hold exactly one JSON object such as {\"text\": \"...\", \"label\": 1}";

    private JsonLinesParser() {}

    /** Parses all lines into {@code sink}; returns the columns. */
    static List<String> parse(Path file, String text, RowSink sink) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        int n = text.length();
        int pos = 0;
        long line = 0;
        boolean sawContent = false;
        while (pos < n) {
            line++;
            int end = pos;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String content = text.substring(pos, end);
            pos = end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n' ? end + 2 : end + 1;
            if (content.isBlank()) {
                continue;
            }
            sawContent = true;
            Map<String, String> values = parseObject(content, line, sink);
            if (values == null) {
                continue;
            }
            String[] row = new String[columns.size() + values.size()];
            for (Map.Entry<String, String> e : values.entrySet()) {
                Integer index = columns.get(e.getKey());
                if (index == null) {
                    index = columns.size();
                    columns.put(e.getKey(), index);
                }
                row[index] = e.getValue();
            }
            sink.add(row, line);
        }
        if (!sawContent) {
            throw new DataException(file, 0, "the file is empty; JSON Lines needs one JSON object per line");
        }
        int width = columns.size();
        for (int i = 0; i < sink.rows.size(); i++) {
            String[] row = sink.rows.get(i);
            String[] full = Arrays.copyOf(row, width);
            for (int c = 0; c < width; c++) {
                if (full[c] == null) {
                    full[c] = "";
                }
            }
            sink.rows.set(i, full);
        }
        return List.copyOf(columns.keySet());
    }

    /** The object's keys and values in file order, or null when the line is malformed (reported to the sink). */
    private static Map<String, String> parseObject(String content, long line, RowSink sink) {
        try (JsonParser p = FACTORY.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                sink.bad(line, "the line is not a JSON object", FIX);
                return null;
            }
            Map<String, String> values = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                String value = switch (token) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
                    case VALUE_TRUE -> "true";
                    case VALUE_FALSE -> "false";
                    case VALUE_NULL -> "";
                    case START_OBJECT, START_ARRAY -> MAPPER.writeValueAsString(MAPPER.readTree(p));
                    default -> throw new IllegalStateException("unexpected JSON token " + token);
                };
                values.put(name, value);
            }
            if (p.nextToken() != null) {
                sink.bad(line, "there is more text after the JSON object", FIX);
                return null;
            }
            return values;
        } catch (JsonProcessingException e) {
            sink.bad(line, "invalid JSON: " + e.getOriginalMessage(), FIX);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string failed", e);
        }
    }
}
