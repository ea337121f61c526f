package dev.fairtune.fairness;

import java.util.ArrayList;
import java.util.List;

/**
 * A group column encoded as ids: the groups and each row's group id.
 *
 * @param groups the groups (ids index into them)
 * @param ids one group id per row; not copied, so do not modify it
 */
public record GroupColumn(Groups groups, int[] ids) {

    /** Rows per group, indexed by group id. */
    public long[] sizes() {
        long[] sizes = new long[groups.size()];
        for (int id : ids) {
            sizes[id]++;
        }
        return sizes;
    }

    /**
     * The groups (for intersectional groups: the cells) with fewer than {@code minSize} rows, whose
     * rates rest on too few rows to trust.
     */
    public List<String> smallGroups(int minSize) {
        long[] sizes = sizes();
        List<String> small = new ArrayList<>();
        for (int g = 0; g < sizes.length; g++) {
            if (sizes[g] < minSize) {
                small.add(groups.name(g));
            }
        }
        return small;
    }
}
