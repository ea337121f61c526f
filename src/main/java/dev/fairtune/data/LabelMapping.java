package dev.fairtune.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * From the raw values of a label column to label ids, with the label names. Raw values are matched
 * exactly (case and spaces count); several raw values may map to one id.
 */
public final class LabelMapping {

    private final List<String> names;
    private final Map<String, Integer> ids;

    private LabelMapping(List<String> names, Map<String, Integer> ids) {
        this.names = List.copyOf(names);
        this.ids = Map.copyOf(ids);
    }

    /** Raw value {@code names[i]} is label {@code i}, named after itself: {@code ofNames("0", "1")}. */
    public static LabelMapping ofNames(String... names) {
        Builder b = builder().setNames(names);
        for (int i = 0; i < names.length; i++) {
            b.map(names[i], i);
        }
        return b.build();
    }

    /**
     * The distinct raw values, sorted (numerically when all are integers, else as strings), each its
     * own label: for a column you trust to hold only valid labels.
     */
    public static LabelMapping fromValues(String[] rawValues) {
        TreeSet<String> distinct = new TreeSet<>(List.of(rawValues));
        List<String> sorted = new ArrayList<>(distinct);
        if (sorted.stream().allMatch(LabelMapping::isInteger)) {
            sorted.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        }
        return ofNames(sorted.toArray(new String[0]));
    }

    private static boolean isInteger(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A builder: {@code setNames} and at least one {@code map} per name. */
    public static Builder builder() {
        return new Builder();
    }

    /** Label names by id. */
    public List<String> names() {
        return names;
    }

    /** The label id of a raw value, or empty when it is not a known value. */
    public OptionalInt id(String raw) {
        Integer i = ids.get(raw);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** The known raw values, sorted, for messages. */
    public List<String> rawValues() {
        return List.copyOf(new TreeSet<>(ids.keySet()));
    }

    @Override
    public String toString() {
        return "LabelMapping" + new TreeMap<>(ids) + " names " + names;
    }

    /** Builder for {@link LabelMapping}. */
    public static final class Builder {
        private List<String> names;
        private final Map<String, Integer> ids = new HashMap<>();

        private Builder() {}

        /** Label names by id (required; at least two, distinct). */
        public Builder setNames(String... names) {
            this.names = List.of(names);
            return this;
        }

        /** Raw value {@code raw} means label {@code id}. */
        public Builder map(String raw, int id) {
            Objects.requireNonNull(raw, "raw");
            Integer before = ids.put(raw, id);
            if (before != null && before != id) {
                throw new IllegalArgumentException("raw label '" + raw + "' mapped to both " + before + " and " + id);
            }
            return this;
        }

        /** @throws IllegalArgumentException when names are missing or duplicated, an id is out of range, or a label has no raw value */
        public LabelMapping build() {
            if (names == null) {
                throw new IllegalArgumentException("setNames(...) is required");
            }
            if (names.size() < 2 || names.stream().distinct().count() != names.size()) {
                throw new IllegalArgumentException("need at least two distinct label names, got " + names);
            }
            boolean[] used = new boolean[names.size()];
            for (Map.Entry<String, Integer> e : ids.entrySet()) {
                if (e.getValue() < 0 || e.getValue() >= names.size()) {
                    throw new IllegalArgumentException("raw label '" + e.getKey() + "' maps to id " + e.getValue()
                            + " outside [0, " + names.size() + ")");
                }
                used[e.getValue()] = true;
            }
            for (int i = 0; i < used.length; i++) {
                if (!used[i]) {
                    throw new IllegalArgumentException("label " + i + " ('" + names.get(i) + "') has no raw value; add map(raw, " + i + ")");
                }
            }
            return new LabelMapping(names, ids);
        }
    }
}
