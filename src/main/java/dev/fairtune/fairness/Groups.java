package dev.fairtune.fairness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ordered, immutable list of group names; a group's id is its position. Counts built against one
 * {@code Groups} merge only with counts built against an equal one, so batches must share it: build
 * it once ({@link #of(String...)}) and {@link #encode(String[]) encode} every batch with it.
 */
public final class Groups {
    /** Joins the attribute values of an intersectional cell, as in "African-American &amp; Male". */
    public static final String CELL_SEPARATOR = " & ";

    private final List<String> names;
    private final Map<String, Integer> ids;

    private Groups(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("at least one group is needed");
        }
        this.names = List.copyOf(names);
        this.ids = new HashMap<>();
        for (int i = 0; i < this.names.size(); i++) {
            if (ids.put(this.names.get(i), i) != null) {
                throw new IllegalArgumentException("group name '" + this.names.get(i) + "' appears twice");
            }
        }
    }

    /** Groups with these names, in this order (ids 0, 1, ...). Names must be distinct and not null. */
    public static Groups of(String... names) {
        return new Groups(Arrays.asList(names));
    }

    /** Groups with these names, in this order (ids 0, 1, ...). Names must be distinct and not null. */
    public static Groups of(List<String> names) {
        return new Groups(names);
    }

    /** The number of groups. */
    public int size() {
        return names.size();
    }

    /** The name of group {@code id}. */
    public String name(int id) {
        return names.get(id);
    }

    /** All names, in id order. */
    public List<String> names() {
        return names;
    }

    /** Whether a group has this name. */
    public boolean contains(String name) {
        return ids.containsKey(name);
    }

    /**
     * The id of a named group.
     *
     * @throws IllegalArgumentException naming the known groups when there is no such group
     */
    public int id(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no group named '" + name + "'; the groups are " + names);
        }
        return id;
    }

    /**
     * Maps each value to its group id.
     *
     * @throws IllegalArgumentException naming the row and the known groups for an unknown value
     */
    public int[] encode(String[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            Integer id = ids.get(values[i]);
            if (id == null) {
                throw new IllegalArgumentException(
                        "row " + i + ": '" + values[i] + "' is not one of the groups " + names);
            }
            out[i] = id;
        }
        return out;
    }

    /**
     * Groups from the distinct values of one column, sorted by name, and each row's id.
     *
     * @param values one group name per row (not null)
     */
    public static GroupColumn fromColumn(String[] values) {
        return intersect(List.<String[]>of(values));
    }

    /**
     * Intersectional groups: one cell per distinct combination of values across several attribute
     * columns, named by joining the values with {@link #CELL_SEPARATOR}, sorted value by value.
     * Only combinations that occur become groups. With one column this is {@link #fromColumn}.
     *
     * @param columns one array per attribute, all of the same length
     * @throws IllegalArgumentException if lengths differ, a value is null, or two cells would get
     *     the same name (a value containing the separator)
     */
    public static GroupColumn intersect(List<String[]> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("at least one group column is needed");
        }
        int rows = columns.get(0).length;
        int k = columns.size();
        // Each column's values become ids in name order; a cell is then one mixed-radix number, so
        // sorting cell numbers sorts cells value by value.
        List<List<String>> values = new ArrayList<>(k);
        int[][] ids = new int[k][];
        long[] radix = new long[k];
        long combinations = 1;
        for (int c = 0; c < k; c++) {
            String[] column = columns.get(c);
            if (column.length != rows) {
                throw new IllegalArgumentException(
                        "group columns differ in length: " + rows + " and " + column.length + " rows");
            }
            TreeMap<String, Integer> distinct = new TreeMap<>();
            for (int i = 0; i < rows; i++) {
                if (column[i] == null) {
                    throw new IllegalArgumentException("row " + i + ": missing group value");
                }
                distinct.putIfAbsent(column[i], 0);
            }
            int next = 0;
            for (Map.Entry<String, Integer> e : distinct.entrySet()) {
                e.setValue(next++);
            }
            values.add(new ArrayList<>(distinct.keySet()));
            HashMap<String, Integer> lookup = new HashMap<>(distinct);
            ids[c] = new int[rows];
            for (int i = 0; i < rows; i++) {
                ids[c][i] = lookup.get(column[i]);
            }
            radix[c] = Math.max(1, next);
            if (combinations > Long.MAX_VALUE / radix[c]) {
                throw new IllegalArgumentException("too many combinations of group values to intersect");
            }
            combinations *= radix[c];
        }
        long[] key = new long[rows];
        for (int i = 0; i < rows; i++) {
            long v = 0;
            for (int c = 0; c < k; c++) {
                v = v * radix[c] + ids[c][i];
            }
            key[i] = v;
        }
        long[] cells = Arrays.stream(key).sorted().distinct().toArray();
        List<String> names = new ArrayList<>(cells.length);
        String[] parts = new String[k];
        for (long cell : cells) {
            long v = cell;
            for (int c = k - 1; c >= 0; c--) {
                parts[c] = values.get(c).get((int) (v % radix[c]));
                v /= radix[c];
            }
            names.add(String.join(CELL_SEPARATOR, parts));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the group columns have no rows");
        }
        Groups groups;
        try {
            groups = new Groups(names);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("two intersectional cells share a name because a value contains '"
                    + CELL_SEPARATOR + "': " + e.getMessage(), e);
        }
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.binarySearch(cells, key[i]);
        }
        return new GroupColumn(groups, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Groups g && g.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
