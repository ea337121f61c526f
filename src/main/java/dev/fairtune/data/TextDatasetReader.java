package dev.fairtune.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Builds a {@link TextDataset} from a {@link Table} through a {@link ColumnMapping} and a
 * {@link LabelMapping}.
 *
 * <p>Per row: the label's raw value must be known to the label mapping; the text must not be blank;
 * each group value must not be empty; a weight must parse as a finite number {@code >= 0}. A row that
 * breaks one of these is an error naming the file and the row's line, or, with
 * {@link Builder#optSkipBadRows(boolean)}, is skipped and counted.
 *
 * <p>Group ids: per attribute the reference group is id 0 (the given reference value, else the
 * largest group, ties to the first in string order) and the other groups follow in string order.
 * A group column holding a single value in every row is an error, since no between-group gap can be
 * measured, unless {@link Builder#optAllowSingleGroup(boolean)} allows it.
 */
public final class TextDatasetReader {

    private final ColumnMapping columns;
    private final LabelMapping labels;
    private final boolean skipBadRows;
    private final boolean allowSingleGroup;

    private TextDatasetReader(ColumnMapping columns, LabelMapping labels, boolean skipBadRows, boolean allowSingleGroup) {
        this.columns = columns;
        this.labels = labels;
        this.skipBadRows = skipBadRows;
        this.allowSingleGroup = allowSingleGroup;
    }

    /** A builder: {@code setColumns} and {@code setLabels} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a file (format from its extension) requiring the mapped columns; with skipping on,
     * malformed records are skipped too.
     */
    public ReadResult read(Path file) {
        return read(file, TableReadOptions.builder().optSkipBadRows(skipBadRows).build());
    }

    /** Reads a file with the given table options, adding the mapped columns to the required ones. */
    public ReadResult read(Path file, TableReadOptions options) {
        LinkedHashSet<String> required = new LinkedHashSet<>(options.requiredColumns());
        required.addAll(columns.columns());
        TableReadOptions withColumns = new TableReadOptions(options.format(), options.delimiter(), options.quoting(),
                options.skipBadRows(), options.maxKeptReasons(), List.copyOf(required), options.maxFieldChars());
        return read(Table.read(file, withColumns));
    }

    /**
     * Builds the data set from a table read before; its skipped rows are carried into the result.
     *
     * @throws DataException when a mapped column is absent, a row is bad (unless skipping), or a
     *     group column has a single value (unless allowed)
     */
    public ReadResult read(Table table) {
        Path file = table.source();
        List<String> missing = columns.columns().stream().filter(c -> !table.hasColumn(c)).toList();
        if (!missing.isEmpty()) {
            throw new DataException(file, 0, "mapped column" + (missing.size() == 1 ? " " : "s ") + missing
                    + " not found; " + Table.availableHint(table.columns(), table.format()));
        }
        String[] text = table.column(columns.text());
        Optional<String[]> pair = columns.pair().map(table::column);
        String[] label = table.column(columns.label());
        List<String[]> groupValues = columns.groups().stream().map(g -> table.column(g.column())).toList();
        Optional<String[]> weight = columns.weight().map(table::column);

        List<Integer> kept = new ArrayList<>();
        int[] labelIds = new int[table.rowCount()];
        float[] weights = new float[table.rowCount()];
        int skippedCount = 0;
        List<SkippedRow> skipped = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            String problem = null;
            OptionalInt id = labels.id(label[r]);
            if (id.isEmpty()) {
                problem = "unknown label '" + label[r] + "' in column '" + columns.label() + "' (known: "
                        + labels.rawValues() + "); add it to the LabelMapping";
            } else if (text[r].isBlank()) {
                problem = "the text in column '" + columns.text() + "' is blank; fill it or remove the row";
            } else if (pair.isPresent() && pair.get()[r].isBlank()) {
                problem = "the second text in column '" + columns.pair().get() + "' is blank; fill it or remove the row";
            } else {
                for (int a = 0; a < groupValues.size() && problem == null; a++) {
                    if (groupValues.get(a)[r].isEmpty()) {
                        problem = "the group in column '" + columns.groups().get(a).column()
                                + "' is empty; give every row a group (for example 'none' or 'unknown')";
                    }
                }
                if (problem == null && weight.isPresent()) {
                    String w = weight.get()[r];
                    try {
                        weights[r] = Float.parseFloat(w.strip());
                        if (!Float.isFinite(weights[r]) || weights[r] < 0) {
                            problem = "the weight '" + w + "' in column '" + columns.weight().get()
                                    + "' must be a finite number >= 0";
                        }
                    } catch (NumberFormatException e) {
                        problem = "the weight '" + w + "' in column '" + columns.weight().get() + "' is not a number";
                    }
                } else {
                    weights[r] = 1f;
                }
            }
            if (problem != null) {
                if (!skipBadRows) {
                    throw new DataException(file, table.sourceLine(r), problem
                            + ", or build the reader with optSkipBadRows(true) to skip such rows");
                }
                skippedCount++;
                if (skipped.size() < TableReadOptions.DEFAULT_MAX_KEPT_REASONS) {
                    skipped.add(new SkippedRow(table.sourceLine(r), problem));
                }
                continue;
            }
            labelIds[r] = id.getAsInt();
            kept.add(r);
        }

        List<GroupAttribute> attributes = new ArrayList<>();
        List<Map<String, Integer>> groupIds = new ArrayList<>();
        for (int a = 0; a < groupValues.size(); a++) {
            ColumnMapping.GroupColumn gc = columns.groups().get(a);
            TreeMap<String, Integer> counts = new TreeMap<>();
            for (int r : kept) {
                counts.merge(groupValues.get(a)[r], 1, Integer::sum);
            }
            if (counts.isEmpty()) {
                throw new DataException(file, 0, "no rows left to read groups from; check the file and the label mapping");
            }
            if (counts.size() == 1 && !allowSingleGroup) {
                throw new DataException(file, 0, "group column '" + gc.column() + "' holds the single value '"
                        + counts.firstKey() + "' in all " + kept.size() + " rows, so fairness between groups cannot be"
                        + " measured; map a column with at least two groups, or build the reader with"
                        + " optAllowSingleGroup(true) (for example for a file holding one group of a larger set)");
            }
            String reference = gc.reference().orElseGet(() -> counts.entrySet().stream()
                    .max(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue())
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .orElseThrow().getKey());
            if (!counts.containsKey(reference)) {
                throw new DataException(file, 0, "reference group '" + reference + "' does not occur in column '"
                        + gc.column() + "' (values: " + counts.keySet() + "); name one of them");
            }
            List<String> names = new ArrayList<>();
            names.add(reference);
            counts.keySet().stream().filter(v -> !v.equals(reference)).forEach(names::add);
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                ids.put(names.get(i), i);
            }
            attributes.add(new GroupAttribute(gc.column(), names, 0));
            groupIds.add(ids);
        }

        List<Example> examples = new ArrayList<>(kept.size());
        for (int r : kept) {
            int[] g = new int[groupValues.size()];
            for (int a = 0; a < g.length; a++) {
                g[a] = groupIds.get(a).get(groupValues.get(a)[r]);
            }
            examples.add(new Example(text[r], pair.map(p -> p[r]), labelIds[r], g, weights[r]));
        }
        String name = String.valueOf(file.getFileName());
        TextDataset dataset = new TextDataset(name, labels.names(), attributes, examples);

        List<SkippedRow> allSkipped = new ArrayList<>(table.skipped());
        allSkipped.addAll(skipped);
        allSkipped.sort(Comparator.comparingLong(SkippedRow::line));
        return new ReadResult(dataset, table.skippedRows() + skippedCount, allSkipped);
    }

    /** Builder for {@link TextDatasetReader}. */
    public static final class Builder {
        private ColumnMapping columns;
        private LabelMapping labels;
        private boolean skipBadRows;
        private boolean allowSingleGroup;

        private Builder() {}

        /** Which columns hold text, label, groups and weight (required). */
        public Builder setColumns(ColumnMapping columns) {
            this.columns = Objects.requireNonNull(columns, "columns");
            return this;
        }

        /** How raw labels map to label ids (required). */
        public Builder setLabels(LabelMapping labels) {
            this.labels = Objects.requireNonNull(labels, "labels");
            return this;
        }

        /** Skip and count bad rows (unknown label, blank text, empty group, bad weight) instead of failing. */
        public Builder optSkipBadRows(boolean skipBadRows) {
            this.skipBadRows = skipBadRows;
            return this;
        }

        /** Accept a group column with a single value (default: an error). */
        public Builder optAllowSingleGroup(boolean allowSingleGroup) {
            this.allowSingleGroup = allowSingleGroup;
            return this;
        }

        /** @throws IllegalArgumentException when the columns or labels are unset */
        public TextDatasetReader build() {
            if (columns == null) {
                throw new IllegalArgumentException("setColumns(ColumnMapping) is required");
            }
            if (labels == null) {
                throw new IllegalArgumentException("setLabels(LabelMapping) is required");
            }
            return new TextDatasetReader(columns, labels, skipBadRows, allowSingleGroup);
        }
    }
}
