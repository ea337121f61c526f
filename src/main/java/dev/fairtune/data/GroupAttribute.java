package dev.fairtune.data;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A group attribute (a protected or identity attribute such as {@code identity_group}) with its
 * group names, indexed by group id, and the reference group that fairness gaps are measured against.
 *
 * @param name the attribute's name
 * @param groups group names; group id {@code i} is {@code groups.get(i)}
 * @param reference the id of the reference group (readers put it at 0)
 */
public record GroupAttribute(String name, List<String> groups, int reference) {

    /** Checks the fields. */
    public GroupAttribute {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("attribute name must not be blank");
        }
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("attribute '" + name + "' needs at least one group");
        }
        if (new HashSet<>(groups).size() != groups.size()) {
            throw new IllegalArgumentException("attribute '" + name + "' lists a group twice: " + groups);
        }
        Objects.checkIndex(reference, groups.size());
    }

    /** An attribute whose reference group is group 0. */
    public static GroupAttribute of(String name, String... groups) {
        return new GroupAttribute(name, List.of(groups), 0);
    }

    /** Number of groups. */
    public int size() {
        return groups.size();
    }

    /** The id of a group name, if it is one of the groups. */
    public OptionalInt id(String group) {
        int i = groups.indexOf(group);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** The reference group's name. */
    public String referenceName() {
        return groups.get(reference);
    }
}
