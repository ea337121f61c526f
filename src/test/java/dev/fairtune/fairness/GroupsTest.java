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

    @Test
    void encodedColumnsGiveTheSameCellsAsStrings() {
        java.util.Random rnd = new java.util.Random(3);
        String[] sex = new String[500];
        String[] race = new String[500];
        for (int i = 0; i < 500; i++) {
            sex[i] = rnd.nextBoolean() ? "F" : "M";
            race[i] = List.of("c", "a", "b", "aa").get(rnd.nextInt(4));
        }
        GroupColumn strings = Groups.intersect(List.of(sex, race));
        // Codes in first-appearance order, with an extra value that no row has.
        List<List<String>> values = List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>(List.of("zz")));
        List<int[]> codes = List.of(new int[500], new int[500]);
        String[][] columns = {sex, race};
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 500; i++) {
                int k = values.get(c).indexOf(columns[c][i]);
                if (k < 0) {
                    k = values.get(c).size();
                    values.get(c).add(columns[c][i]);
                }
                codes.get(c)[i] = k;
            }
        }
        GroupColumn encoded = Groups.intersectCodes(values, codes);
        assertEquals(strings.groups(), encoded.groups());
        assertArrayEquals(strings.ids(), encoded.ids());
        for (int c = 0; c < 2; c++) { // one attribute alone takes a path of its own
            GroupColumn one = Groups.intersect(List.<String[]>of(columns[c]));
            GroupColumn oneEncoded = Groups.intersectCodes(List.of(values.get(c)), List.of(codes.get(c)));
            assertEquals(one.groups(), oneEncoded.groups());
            assertArrayEquals(one.ids(), oneEncoded.ids());
        }
    }
}
