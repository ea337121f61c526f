package dev.fairtune.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An immutable text classification data set: examples, the label names, and the group attributes
 * with their group names. Every example's label indexes {@link #labelNames()} and its group ids
 * index the groups of the attributes, in {@link #attributes()} order; the constructor checks both.
 *
 * <p>The primitive-array views ({@link #labels()}, {@link #groups(int)}, {@link #weights()}) are
 * fresh copies, in example order, for metrics and batching.
 */
public final class TextDataset {

    private final String name;
    private final List<String> labelNames;
    private final List<GroupAttribute> attributes;
    private final List<Example> examples;

    /**
     * @param name a short description for reports and provenance (a file name, "demo(seed=7)/train")
     * @param labelNames label names by label id; at least two, distinct
     * @param attributes the group attributes; may be empty
     * @param examples the examples, each with one group id per attribute
     * @throws IllegalArgumentException when an example's label or group is out of range
     */
    public TextDataset(String name, List<String> labelNames, List<GroupAttribute> attributes, List<Example> examples) {
        this.name = Objects.requireNonNull(name, "name");
        this.labelNames = List.copyOf(labelNames);
        this.attributes = List.copyOf(attributes);
        this.examples = List.copyOf(examples);
        if (this.labelNames.size() < 2) {
            throw new IllegalArgumentException("a classification data set needs at least two label names, got "
                    + this.labelNames);
        }
        if (this.labelNames.stream().distinct().count() != this.labelNames.size()) {
            throw new IllegalArgumentException("label names must be distinct, got " + this.labelNames);
        }
        for (int a = 0; a < this.attributes.size(); a++) {
            for (int b = 0; b < a; b++) {
                if (this.attributes.get(a).name().equals(this.attributes.get(b).name())) {
                    throw new IllegalArgumentException("two attributes are named '" + this.attributes.get(a).name() + "'");
                }
            }
        }
        for (int i = 0; i < this.examples.size(); i++) {
            Example e = this.examples.get(i);
            if (e.label() >= this.labelNames.size()) {
                throw new IllegalArgumentException("example " + i + " has label id " + e.label() + " but there are only "
                        + this.labelNames.size() + " labels " + this.labelNames);
            }
            if (e.groups().length != this.attributes.size()) {
                throw new IllegalArgumentException("example " + i + " has " + e.groups().length + " group ids but the data"
                        + " set has " + this.attributes.size() + " attributes");
            }
            for (int a = 0; a < this.attributes.size(); a++) {
                if (e.group(a) >= this.attributes.get(a).size()) {
                    throw new IllegalArgumentException("example " + i + " has group id " + e.group(a) + " in attribute '"
                            + this.attributes.get(a).name() + "' which has only groups " + this.attributes.get(a).groups());
                }
            }
        }
    }

    /** A short description for reports and provenance. */
    public String name() {
        return name;
    }

    /** Number of examples. */
    public int size() {
        return examples.size();
    }

    /** Whether there are no examples. */
    public boolean isEmpty() {
        return examples.isEmpty();
    }

    /** Example {@code i}. */
    public Example get(int i) {
        return examples.get(i);
    }

    /** All examples, unmodifiable. */
    public List<Example> examples() {
        return examples;
    }

    /** Label names by label id. */
    public List<String> labelNames() {
        return labelNames;
    }

    /** Number of classes, {@code labelNames().size()}. */
    public int numClasses() {
        return labelNames.size();
    }

    /** The group attributes, in the order of each example's group ids. */
    public List<GroupAttribute> attributes() {
        return attributes;
    }

    /** The attribute's position in {@link #attributes()}; an {@link IllegalArgumentException} naming the known ones when absent. */
    public int attributeIndex(String attribute) {
        for (int a = 0; a < attributes.size(); a++) {
            if (attributes.get(a).name().equals(attribute)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no group attribute '" + attribute + "' in data set " + name
                + "; its attributes are " + attributes.stream().map(GroupAttribute::name).toList());
    }

    /** The named attribute. */
    public GroupAttribute attribute(String attribute) {
        return attributes.get(attributeIndex(attribute));
    }

    /** The texts, in example order. */
    public String[] texts() {
        String[] out = new String[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = examples.get(i).text();
        }
        return out;
    }

    /** Whether every example has a second text. */
    public boolean hasPairs() {
        return !examples.isEmpty() && examples.stream().allMatch(e -> e.pair().isPresent());
    }

    /** Label ids, in example order. */
    public int[] labels() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = examples.get(i).label();
        }
        return out;
    }

    /** Group ids in attribute {@code attribute}, in example order. */
    public int[] groups(int attribute) {
        Objects.checkIndex(attribute, attributes.size());
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = examples.get(i).group(attribute);
        }
        return out;
    }

    /** Group ids in the named attribute, in example order. */
    public int[] groups(String attribute) {
        return groups(attributeIndex(attribute));
    }

    /** Group ids of the only attribute; fails unless there is exactly one. */
    public int[] groups() {
        if (attributes.size() != 1) {
            throw new IllegalStateException("data set " + name + " has " + attributes.size()
                    + " group attributes; use groups(attribute)");
        }
        return groups(0);
    }

    /** Sample weights, in example order. */
    public float[] weights() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = examples.get(i).weight();
        }
        return out;
    }

    /** Examples per label id. */
    public int[] labelCounts() {
        int[] out = new int[numClasses()];
        for (Example e : examples) {
            out[e.label()]++;
        }
        return out;
    }

    /** Examples per group and label in one attribute: {@code counts[group][label]}. */
    public int[][] groupLabelCounts(int attribute) {
        Objects.checkIndex(attribute, attributes.size());
        int[][] out = new int[attributes.get(attribute).size()][numClasses()];
        for (Example e : examples) {
            out[e.group(attribute)][e.label()]++;
        }
        return out;
    }

    /** The examples at {@code indices} (in that order, repeats allowed), with the same labels and attributes. */
    public TextDataset subset(String subsetName, int[] indices) {
        List<Example> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(examples.get(i));
        }
        return new TextDataset(subsetName, labelNames, attributes, out);
    }

    /** Other examples with the same labels and attributes (for example counterfactual rewrites). */
    public TextDataset withExamples(String newName, List<Example> newExamples) {
        return new TextDataset(newName, labelNames, attributes, newExamples);
    }

    /**
     * This data set with one more attribute, appended last.
     *
     * @param groupIds the group id of every example in the new attribute, in example order
     */
    public TextDataset withAttribute(GroupAttribute attribute, int[] groupIds) {
        if (groupIds.length != size()) {
            throw new IllegalArgumentException("need one group id per example: " + size() + ", got " + groupIds.length);
        }
        List<GroupAttribute> attrs = new ArrayList<>(attributes);
        attrs.add(attribute);
        List<Example> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(examples.get(i).withGroupAppended(groupIds[i]));
        }
        return new TextDataset(name, labelNames, attrs, out);
    }

    /**
     * SHA-256 (hex) of the label names, attributes and every example's fields, in order: equal
     * data sets have equal fingerprints, for provenance.
     */
    public String fingerprint() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(8);
        for (String l : labelNames) {
            update(md, l);
        }
        for (GroupAttribute a : attributes) {
            update(md, a.name());
            for (String g : a.groups()) {
                update(md, g);
            }
            md.update(buf.clear().putInt(a.reference()).flip());
        }
        for (Example e : examples) {
            update(md, e.text());
            update(md, e.pair().orElse("\u0000none"));
            md.update(buf.clear().putInt(e.label()).putFloat(e.weight()).flip());
            for (int a = 0; a < attributes.size(); a++) {
                md.update(buf.clear().putInt(e.group(a)).flip());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).flip());
        md.update(b);
    }

    /** Size, labels and attributes; never texts. */
    @Override
    public String toString() {
        return "TextDataset[" + name + ", " + size() + " examples, labels " + labelNames + ", attributes "
                + attributes.stream().map(a -> a.name() + a.groups()).toList() + "]";
    }
}
