package dev.fairtune.fairness;

import java.util.ArrayList;
import java.util.List;

/**
 * The hand-checkable fixtures of docs/metrics.md. Cells are given as {TP, FP, TN, FN} per group.
 *
 * <pre>
 * group  TP FP TN FN   n
 * A       3  1  4  2  10   (the reference group in the signed examples)
 * B       1  3  3  1   8
 * C       2  0  5  3  10   (only in the three-group fixture)
 * </pre>
 */
final class Fixtures {
    static final int[] A = {3, 1, 4, 2};
    static final int[] B = {1, 3, 3, 1};
    static final int[] C = {2, 0, 5, 3};

    private Fixtures() {
    }

    /** Groups A (id 0) and B (id 1). */
    static Observations twoGroups() {
        return rows(Groups.of("A", "B"), A, B);
    }

    /** Groups A, B and C. */
    static Observations threeGroups() {
        return rows(Groups.of("A", "B", "C"), A, B, C);
    }

    /** One row per counted cell, groups in order, rows in the order TP, FP, TN, FN. */
    static Observations rows(Groups groups, int[]... cells) {
        List<int[]> rows = new ArrayList<>();
        for (int g = 0; g < cells.length; g++) {
            int[] c = cells[g];
            add(rows, g, 1, 1, c[0]);
            add(rows, g, 0, 1, c[1]);
            add(rows, g, 0, 0, c[2]);
            add(rows, g, 1, 0, c[3]);
        }
        int[] group = new int[rows.size()];
        int[] label = new int[rows.size()];
        int[] pred = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            group[i] = rows.get(i)[0];
            label[i] = rows.get(i)[1];
            pred[i] = rows.get(i)[2];
        }
        return Observations.builder().setGroups(groups, group).setLabels(label).optPredictions(pred).build();
    }

    /** Counts straight from cells. */
    static GroupConfusion counts(Groups groups, int[]... cells) {
        return rows(groups, cells).counts();
    }

    private static void add(List<int[]> rows, int g, int y, int p, int times) {
        for (int i = 0; i < times; i++) {
            rows.add(new int[] {g, y, p});
        }
    }
}
