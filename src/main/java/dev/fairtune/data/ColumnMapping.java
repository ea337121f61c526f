package dev.fairtune.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which table columns hold the text, the optional second text, the label, the group attributes and
 * the optional sample weight. Build with {@link #builder()}.
 *
 * @param text the text column
 * @param pair the second-text column, if any
 * @param label the label column
 * @param groups the group columns, one attribute each, in attribute order
 * @param weight the sample-weight column, if any (non-negative finite numbers)
 */
public record ColumnMapping(String text, Optional<String> pair, String label, List<GroupColumn> groups,
        Optional<String> weight) {

    /**
     * A column read as a group attribute of the same name.
     *
     * @param column the column
     * @param reference the value naming the reference group; empty to take the largest group
     */
    public record GroupColumn(String column, Optional<String> reference) {
        /** Checks the fields. */
        public GroupColumn {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** Checks that no column is used twice. */
    public ColumnMapping {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(weight, "weight");
        groups = List.copyOf(groups);
        List<String> all = new ArrayList<>();
        all.add(text);
        pair.ifPresent(all::add);
        all.add(label);
        groups.forEach(g -> all.add(g.column()));
        weight.ifPresent(all::add);
        Set<String> seen = new LinkedHashSet<>();
        for (String c : all) {
            if (!seen.add(c)) {
                throw new IllegalArgumentException("column '" + c + "' is mapped twice in " + all);
            }
        }
    }

    /** Every mapped column, for {@link TableReadOptions.Builder#optRequiredColumns(List)}. */
    public List<String> columns() {
        List<String> all = new ArrayList<>();
        all.add(text);
        pair.ifPresent(all::add);
        all.add(label);
        groups.forEach(g -> all.add(g.column()));
        weight.ifPresent(all::add);
        return List.copyOf(all);
    }

    /** A builder: {@code setText} and {@code setLabel} are required, the rest optional. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link ColumnMapping}. */
    public static final class Builder {
        private String text;
        private String pair;
        private String label;
        private final List<GroupColumn> groups = new ArrayList<>();
        private String weight;

        private Builder() {}

        /** The text column (required). */
        public Builder setText(String column) {
            this.text = Objects.requireNonNull(column, "column");
            return this;
        }

        /** The label column (required). */
        public Builder setLabel(String column) {
            this.label = Objects.requireNonNull(column, "column");
            return this;
        }

        /** A second-text column for sentence-pair tasks. */
        public Builder optPair(String column) {
            this.pair = Objects.requireNonNull(column, "column");
            return this;
        }

        /** Adds a group attribute read from {@code column}; the largest group is its reference. */
        public Builder optGroup(String column) {
            groups.add(new GroupColumn(column, Optional.empty()));
            return this;
        }

        /** Adds a group attribute read from {@code column} with the given reference group value. */
        public Builder optGroup(String column, String referenceValue) {
            groups.add(new GroupColumn(column, Optional.of(referenceValue)));
            return this;
        }

        /** A sample-weight column. */
        public Builder optWeight(String column) {
            this.weight = Objects.requireNonNull(column, "column");
            return this;
        }

        /** @throws IllegalArgumentException when text or label is unset or a column is mapped twice */
        public ColumnMapping build() {
            if (text == null) {
                throw new IllegalArgumentException("setText(column) is required");
            }
            if (label == null) {
                throw new IllegalArgumentException("setLabel(column) is required");
            }
            return new ColumnMapping(text, Optional.ofNullable(pair), label, groups, Optional.ofNullable(weight));
        }
    }
}
