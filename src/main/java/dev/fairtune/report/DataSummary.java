package dev.fairtune.report;

import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import dev.fairtune.fairness.Observations;
import java.util.ArrayList;
import java.util.List;

/**
 * What a data set held, for the model card and provenance: its name, hash, label names and the
 * number of examples of each label in each group.
 *
 * @param name the data set's name (for example a file name or "demo test split")
 * @param fingerprint a hash of the content ({@link TextDataset#fingerprint()}), or null when unknown
 * @param labelNames the names of labels 0 and 1
 * @param attribute the group attribute's name
 * @param groups one entry per group, in group id order
 */
public record DataSummary(String name, String fingerprint, List<String> labelNames, String attribute,
        List<GroupCount> groups) {

    /**
     * Examples of one group.
     *
     * @param group the group's name
     * @param negatives examples with label 0
     * @param positives examples with label 1
     */
    public record GroupCount(String group, long negatives, long positives) {
        /** All examples of the group. */
        public long rows() {
            return negatives + positives;
        }
    }

    /** Checks and copies the lists. */
    public DataSummary {
        if (name == null || labelNames == null || labelNames.size() != 2 || attribute == null || groups == null
                || groups.isEmpty()) {
            throw new IllegalArgumentException("a data summary needs a name, two label names, an attribute and groups");
        }
        labelNames = List.copyOf(labelNames);
        groups = List.copyOf(groups);
    }

    /** All examples. */
    public long rows() {
        return groups.stream().mapToLong(GroupCount::rows).sum();
    }

    /**
     * The summary of a binary text data set over one of its group attributes.
     *
     * @throws IllegalArgumentException if the data set does not have exactly two labels
     */
    public static DataSummary of(TextDataset data, String attribute) {
        if (data.numClasses() != 2) {
            throw new IllegalArgumentException("reports cover binary tasks; " + data.name() + " has "
                    + data.numClasses() + " labels " + data.labelNames());
        }
        GroupAttribute a = data.attribute(attribute);
        int[][] counts = data.groupLabelCounts(data.attributeIndex(attribute));
        List<GroupCount> groups = new ArrayList<>();
        for (int g = 0; g < a.size(); g++) {
            groups.add(new GroupCount(a.groups().get(g), counts[g][0], counts[g][1]));
        }
        return new DataSummary(data.name(), data.fingerprint(), data.labelNames(), a.name(), groups);
    }

    /** The summary of observations (predictions read from a file): labels "0" and "1" unless named. */
    public static DataSummary of(String name, String fingerprint, List<String> labelNames, String attribute,
            Observations obs) {
        long[][] counts = new long[obs.groups().size()][2];
        int[] g = obs.group();
        int[] y = obs.label();
        for (int i = 0; i < g.length; i++) {
            counts[g[i]][y[i]]++;
        }
        List<GroupCount> groups = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            groups.add(new GroupCount(obs.groups().name(k), counts[k][0], counts[k][1]));
        }
        return new DataSummary(name, fingerprint, labelNames, attribute, groups);
    }
}
