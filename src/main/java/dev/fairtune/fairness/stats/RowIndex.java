package dev.fairtune.fairness.stats;

import dev.fairtune.fairness.Observations;
import java.util.ArrayList;
import java.util.List;

/** The rows of each group, for resampling within groups. */
final class RowIndex {
    final int[][] rows;

    RowIndex(Observations obs) {
        int groups = obs.groups().size();
        int[] size = new int[groups];
        for (int g : obs.group()) {
            size[g]++;
        }
        rows = new int[groups][];
        for (int g = 0; g < groups; g++) {
            rows[g] = new int[size[g]];
        }
        int[] fill = new int[groups];
        int[] group = obs.group();
        for (int i = 0; i < group.length; i++) {
            rows[group[i]][fill[group[i]]++] = i;
        }
    }

    static List<GroupSize> sizes(Observations obs) {
        long[] n = new long[obs.groups().size()];
        for (int g : obs.group()) {
            n[g]++;
        }
        List<GroupSize> out = new ArrayList<>(n.length);
        for (int g = 0; g < n.length; g++) {
            out.add(new GroupSize(obs.groups().name(g), n[g]));
        }
        return List.copyOf(out);
    }
}
