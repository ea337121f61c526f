package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Group names, ids and intersectional cells. */
class GroupsTest {

    @Test
    void namesAndIds() {
        Groups g = Groups.of("x", "y");
        assertEquals(1, g.id("y"));
        assertEquals("x", g.name(0));
        assertArrayEquals(new int[] {1, 0, 1}, g.encode(new String[] {"y", "x", "y"}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.id("z"));
        assertEquals("no group named 'z'; the groups are [x, y]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.encode(new String[] {"x", "q"}));
        assertEquals("row 1: 'q' is not one of the groups [x, y]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Groups.of("x", "x"));
    }

    @Test
    void columnIsSortedByName() {
        GroupColumn c = Groups.fromColumn(new String[] {"b", "a", "b", "c"});
        assertEquals(List.of("a", "b", "c"), c.groups().names());
        assertArrayEquals(new int[] {1, 0, 1, 2}, c.ids());
        assertArrayEquals(new long[] {1, 2, 1}, c.sizes());
    }

    @Test
    void intersectionalCellsAndSmallOnes() {
        String[] race = {"B", "W", "B", "W", "B"};
        String[] sex = {"F", "M", "M", "M", "F"};
        GroupColumn c = Groups.intersect(List.of(race, sex));
        assertEquals(List.of("B & F", "B & M", "W & M"), c.groups().names());
        assertArrayEquals(new int[] {0, 2, 1, 2, 0}, c.ids());
        assertEquals(List.of("B & M"), c.smallGroups(2));
        assertEquals(List.of(), c.smallGroups(1));
        assertThrows(IllegalArgumentException.class,
                () -> Groups.intersect(List.of(new String[] {"a & b", "a"}, new String[] {"c", "b & c"})));
        assertThrows(IllegalArgumentException.class, () -> Groups.intersect(List.of(race, new String[] {"F"})));
    }
}
