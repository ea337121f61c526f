package dev.fairtune.fairness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny reader for dense ARFF files such as German credit: attribute names, then comma-separated
 * values where single quotes enclose values with commas or spaces. Enough for the tests; not a
 * general ARFF parser (no sparse data, no escapes, no dates).
 */
final class ArffReader {
    final List<String> attributes = new ArrayList<>();
    final List<String[]> rows = new ArrayList<>();

    ArffReader(Path file) throws IOException {
        boolean data = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("%")) {
                continue;
            }
            String lower = t.toLowerCase(java.util.Locale.ROOT);
            if (!data && lower.startsWith("@attribute")) {
                attributes.add(split(t.substring("@attribute".length()).trim(), ' ').get(0));
            } else if (!data && lower.startsWith("@data")) {
                data = true;
            } else if (data) {
                List<String> values = split(t, ',');
                if (values.size() != attributes.size()) {
                    throw new IOException(file + ": a data line has " + values.size() + " values, expected "
                            + attributes.size() + ": " + t);
                }
                rows.add(values.toArray(new String[0]));
            }
        }
    }

    /** One attribute's values, in row order. */
    String[] column(String name) {
        int k = attributes.indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no attribute " + name + " in " + attributes);
        }
        String[] out = new String[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[k];
        }
        return out;
    }

    private static List<String> split(String line, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (ch == separator && !quoted) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }
}
