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
        for (String[] c : columns) {
            if (c.length != rows) {
                throw new IllegalArgumentException(
                        "group columns differ in length: " + rows + " and " + c.length + " rows");
            }
        }
        TreeMap<List<String>, Integer> cells = new TreeMap<>(Groups::compareCells);
        List<List<String>> rowCells = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            List<String> cell = new ArrayList<>(columns.size());
            for (String[] c : columns) {
                if (c[i] == null) {
                    throw new IllegalArgumentException("row " + i + ": missing group value");
                }
                cell.add(c[i]);
            }
            cells.putIfAbsent(cell, 0);
            rowCells.add(cell);
        }
        List<String> names = new ArrayList<>(cells.size());
        int next = 0;
        for (Map.Entry<List<String>, Integer> e : cells.entrySet()) {
            e.setValue(next++);
            names.add(String.join(CELL_SEPARATOR, e.getKey()));
        }
        Groups groups;
        try {
            groups = new Groups(names);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("two intersectional cells share a name because a value contains '"
                    + CELL_SEPARATOR + "': " + e.getMessage(), e);
        }
        int[] ids = new int[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = cells.get(rowCells.get(i));
        }
        return new GroupColumn(groups, ids);
    }

    private static int compareCells(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
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
