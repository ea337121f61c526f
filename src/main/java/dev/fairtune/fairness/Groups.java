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
        List<List<String>> values = new ArrayList<>(columns.size());
        List<int[]> codes = new ArrayList<>(columns.size());
        for (String[] column : columns) {
            if (column.length != rows) {
                throw new IllegalArgumentException(
                        "group columns differ in length: " + rows + " and " + column.length + " rows");
            }
            HashMap<String, Integer> lookup = new HashMap<>();
            List<String> distinct = new ArrayList<>();
            int[] ids = new int[rows];
            for (int i = 0; i < rows; i++) {
                if (column[i] == null) {
                    throw new IllegalArgumentException("row " + i + ": missing group value");
                }
                Integer id = lookup.get(column[i]);
                if (id == null) {
                    id = distinct.size();
                    lookup.put(column[i], id);
                    distinct.add(column[i]);
                }
                ids[i] = id;
            }
            values.add(distinct);
            codes.add(ids);
        }
        return intersectCodes(values, codes);
    }

    /**
     * {@link #intersect(List)} for columns already dictionary-encoded (as a streaming reader gives
     * them): row {@code i} of attribute {@code c} has value {@code values.get(c).get(codes.get(c)[i])}.
     * The cells and their order are those {@link #intersect(List)} gives for the decoded values.
     *
     * @param values each attribute's distinct values, in any order
     * @param codes each attribute's codes, all of the same length
     * @throws IllegalArgumentException as {@link #intersect(List)}, or when a value list repeats a value
     */
    public static GroupColumn intersectCodes(List<List<String>> values, List<int[]> codes) {
        int k = codes.size();
        if (k == 0 || values.size() != k) {
            throw new IllegalArgumentException("at least one group column is needed, with one value list each");
        }
        int rows = codes.get(0).length;
        // Each attribute's values become ids in name order; a cell is then one mixed-radix number, so
        // sorting cell numbers sorts cells value by value.
        List<List<String>> sorted = new ArrayList<>(k);
        int[][] rank = new int[k][];
        long[] radix = new long[k];
        long combinations = 1;
        for (int c = 0; c < k; c++) {
            if (codes.get(c).length != rows) {
                throw new IllegalArgumentException(
                        "group columns differ in length: " + rows + " and " + codes.get(c).length + " rows");
            }
            List<String> names = values.get(c);
            TreeMap<String, Integer> order = new TreeMap<>();
            for (int v = 0; v < names.size(); v++) {
                if (order.put(names.get(v), v) != null) {
                    throw new IllegalArgumentException("value '" + names.get(v) + "' is listed twice");
                }
            }
            rank[c] = new int[names.size()];
            int next = 0;
            for (Map.Entry<String, Integer> e : order.entrySet()) {
                rank[c][e.getValue()] = next++;
            }
            sorted.add(new ArrayList<>(order.keySet()));
            radix[c] = Math.max(1, next);
            if (combinations > Long.MAX_VALUE / radix[c]) {
                throw new IllegalArgumentException("too many combinations of group values to intersect");
            }
            combinations *= radix[c];
        }
        long[] cells;
        int[] out = new int[rows];
        if (k == 1) {
            // One attribute: a row's cell key is its value's rank, numbered as the few-cells case below
            // numbers its keys, with no key array.
            int[] ids = codes.get(0);
            int[] r = rank[0];
            int[] cellOf = new int[(int) radix[0]];
            for (int i = 0; i < rows; i++) {
                cellOf[r[ids[i]]] = 1;
            }
            cells = number(cellOf);
            for (int i = 0; i < rows; i++) {
                out[i] = cellOf[r[ids[i]]];
            }
            return groupColumn(cells, sorted, radix, out);
        }
        long[] key = new long[rows];
        for (int c = 0; c < k; c++) {
            int[] ids = codes.get(c);
            int[] r = rank[c];
            long base = radix[c];
            for (int i = 0; i < rows; i++) {
                key[i] = key[i] * base + r[ids[i]];
            }
        }
        if (combinations <= (1 << 22)) {
            // Few possible cells: mark the ones that occur, then number them in order (no sort of the rows).
            int[] cellOf = new int[(int) combinations];
            for (int i = 0; i < rows; i++) {
                cellOf[(int) key[i]] = 1;
            }
            cells = number(cellOf);
            for (int i = 0; i < rows; i++) {
                out[i] = cellOf[(int) key[i]];
            }
        } else {
            cells = Arrays.stream(key).sorted().distinct().toArray();
            for (int i = 0; i < rows; i++) {
                out[i] = Arrays.binarySearch(cells, key[i]);
            }
        }
        return groupColumn(cells, sorted, radix, out);
    }

    /**
     * Numbers the marked cells (1 in {@code cellOf}) 0, 1, ... in key order, replacing each mark by its
     * number; returns the marked keys in that order.
     */
    private static long[] number(int[] cellOf) {
        int n = 0;
        for (int v = 0; v < cellOf.length; v++) {
            n += cellOf[v];
        }
        long[] cells = new long[n];
        int next = 0;
        for (int v = 0; v < cellOf.length; v++) {
            if (cellOf[v] != 0) {
                cells[next] = v;
                cellOf[v] = next++;
            }
        }
        return cells;
    }

    /** The groups named by the cells (mixed-radix numbers of value ranks) and each row's cell. */
    private static GroupColumn groupColumn(long[] cells, List<List<String>> sorted, long[] radix, int[] out) {
        int k = sorted.size();
        List<String> names = new ArrayList<>(cells.length);
        String[] parts = new String[k];
        for (long cell : cells) {
            long v = cell;
            for (int c = k - 1; c >= 0; c--) {
                parts[c] = sorted.get(c).get((int) (v % radix[c]));
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
