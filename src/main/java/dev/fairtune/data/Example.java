package dev.fairtune.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One labelled text, with its group in each group attribute of its data set and a sample weight.
 *
 * @param text the text to classify
 * @param pair an optional second text (sentence-pair tasks)
 * @param label the label id, an index into the data set's label names
 * @param groups the group id per group attribute, in the order of the data set's attributes (may
 *     be empty when the data set has no group attribute); the accessor returns a copy
 * @param weight the sample weight, finite and {@code >= 0}; 1 unless the data say otherwise
 */
public record Example(String text, Optional<String> pair, int label, int[] groups, float weight) {

    /** Checks the fields; copies {@code groups}. */
    public Example {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(groups, "groups");
        if (label < 0) {
            throw new IllegalArgumentException("label id must be >= 0, got " + label);
        }
        groups = groups.clone();
        for (int g : groups) {
            if (g < 0) {
                throw new IllegalArgumentException("group ids must be >= 0, got " + Arrays.toString(groups));
            }
        }
        if (!Float.isFinite(weight) || weight < 0) {
            throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
        }
    }

    /** A text with a label and one group, weight 1. */
    public static Example of(String text, int label, int group) {
        return new Example(text, Optional.empty(), label, new int[] {group}, 1f);
    }

    /** A text with a label and a group per attribute, weight 1. */
    public static Example of(String text, int label, int... groups) {
        return new Example(text, Optional.empty(), label, groups, 1f);
    }

    /** A copy of the group ids, one per attribute. */
    @Override
    public int[] groups() {
        return groups.clone();
    }

    /** The group id in attribute {@code attribute}. */
    public int group(int attribute) {
        return groups[Objects.checkIndex(attribute, groups.length)];
    }

    /** The only group id; fails unless there is exactly one attribute. */
    public int group() {
        if (groups.length != 1) {
            throw new IllegalStateException("the example has " + groups.length
                    + " group attributes; use group(attribute)");
        }
        return groups[0];
    }

    /** The same example with another text (for example a counterfactual rewrite). */
    public Example withText(String newText) {
        return new Example(newText, pair, label, groups, weight);
    }

    /** The same example with another sample weight. */
    public Example withWeight(float newWeight) {
        return new Example(text, pair, label, groups, newWeight);
    }

    /** The same example with one more group id appended (for a derived attribute). */
    Example withGroupAppended(int group) {
        int[] g = Arrays.copyOf(groups, groups.length + 1);
        g[groups.length] = group;
        return new Example(text, pair, label, g, weight);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && text.equals(e.text) && pair.equals(e.pair) && label == e.label
                && Arrays.equals(groups, e.groups) && Float.compare(weight, e.weight) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, pair, label, Arrays.hashCode(groups), weight);
    }

    /** Shows the length of the text, not the text (data sets may hold offensive content). */
    @Override
    public String toString() {
        return "Example[text=" + text.length() + " chars" + (pair.isPresent() ? ", pair=" + pair.get().length()
                + " chars" : "") + ", label=" + label + ", groups=" + Arrays.toString(groups) + ", weight=" + weight + "]";
    }
}
