package dev.fairtune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** 1009 examples: label 1 when i % 10 < 3, group 1 (a small identity group) when 13 or 17 divides i. */
    private static TextDataset fixture() {
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < 1009; i++) {
            int label = i % 10 < 3 ? 1 : 0;
            int group = i % 13 == 0 || i % 17 == 0 ? 1 : 0;
            ex.add(Example.of("t" + i, label, group));
        }
        return new TextDataset("fx", List.of("neg", "pos"), List.of(GroupAttribute.of("g", "ref", "id")), ex);
    }

    @Test
    void stratumProportionsFollowTheFractions() {
        TextDataset d = fixture();
        int[][] whole = d.groupLabelCounts(0);
        assertArrayEquals(new int[][] {{612, 264}, {94, 39}}, whole);
        DatasetSplits s = Splits.trainValidationTest(d, 0.8, 0.1, 0.1, 42);
        assertEquals(807.2, s.train().size(), 1);
        assertEquals(100.9, s.validation().size(), 1);
        assertEquals(100.9, s.test().size(), 1);
        assertEquals(1009, s.train().size() + s.validation().size() + s.test().size());
        double[] f = {0.8, 0.1, 0.1};
        TextDataset[] parts = {s.train(), s.validation(), s.test()};
        for (int j = 0; j < 3; j++) {
            int[][] c = parts[j].groupLabelCounts(0);
            for (int g = 0; g < 2; g++) {
                for (int y = 0; y < 2; y++) {
                    assertTrue(Math.abs(c[g][y] - whole[g][y] * f[j]) < 1.0,
                            "part " + j + " stratum g" + g + "y" + y + ": " + c[g][y] + " vs " + whole[g][y] * f[j]);
                }
            }
        }
        Set<String> all = new HashSet<>();
        for (TextDataset p : parts) {
            for (String t : p.texts()) {
                assertTrue(all.add(t), "each example in exactly one split");
            }
        }
        assertEquals("fx/train", s.train().name());
    }

    @Test
    void manySmallStrataKeepPartSizesClose() {
        List<Example> ex = new ArrayList<>();
        for (int i = 0; i < 997; i++) {
            ex.add(Example.of("t" + i, i % 2, i % 37));
        }
        String[] groups = new String[37];
        for (int g = 0; g < 37; g++) {
            groups[g] = "g" + g;
        }
        TextDataset d = new TextDataset("many", List.of("a", "b"), List.of(GroupAttribute.of("g", groups)), ex);
        List<TextDataset> parts = Splits.stratified(d, new double[] {0.7, 0.2, 0.1}, 3);
        assertEquals(697.9, parts.get(0).size(), 1.5);
        assertEquals(199.4, parts.get(1).size(), 1.5);
        assertEquals(99.7, parts.get(2).size(), 1.5);
    }

    @Test
    void deterministicUnderTheSeed() {
        TextDataset d = fixture();
        int[] a = Splits.assignStratified(d, new double[] {0.5, 0.5}, 7);
        int[] b = Splits.assignStratified(d, new double[] {0.5, 0.5}, 7);
        int[] c = Splits.assignStratified(d, new double[] {0.5, 0.5}, 8);
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
        assertEquals(Splits.trainValidationTest(d, 0.6, 0.2, 0.2, 1).test().fingerprint(),
                Splits.trainValidationTest(d, 0.6, 0.2, 0.2, 1).test().fingerprint());
    }

    @Test
    void kFoldPartitionsAndStratifies() {
        TextDataset d = fixture();
        List<Fold> folds = Splits.stratifiedKFold(d, 5, 11);
        assertEquals(5, folds.size());
        Set<String> tested = new HashSet<>();
        for (Fold f : folds) {
            assertTrue(f.test().size() == 201 || f.test().size() == 202, "fold size " + f.test().size());
            assertEquals(1009, f.train().size() + f.test().size());
            int[][] c = f.test().groupLabelCounts(0);
            // each stratum's share per fold is floor or ceil of n_s / 5: 39/5 = 7.8, 94/5 = 18.8
            assertTrue(c[1][1] == 7 || c[1][1] == 8, "g1,y1 per fold: " + c[1][1]);
            assertTrue(c[1][0] == 18 || c[1][0] == 19, "g1,y0 per fold: " + c[1][0]);
            for (String t : f.test().texts()) {
                assertTrue(tested.add(t), "each example tested once");
            }
            Set<String> train = new HashSet<>(List.of(f.train().texts()));
            for (String t : f.test().texts()) {
                assertTrue(!train.contains(t), "train and test disjoint");
            }
        }
        assertEquals(1009, tested.size());
        List<Fold> rep = Splits.repeatedStratifiedKFold(d, 5, 3, 11);
        assertEquals(15, rep.size());
        assertEquals(2, rep.get(14).repeat());
        assertEquals(4, rep.get(14).fold());
        assertEquals(folds.get(0).test().fingerprint(), rep.get(0).test().fingerprint());
        assertNotEquals(rep.get(0).test().fingerprint(), rep.get(5).test().fingerprint());
    }

    @Test
    void badArgumentsAreRejected() {
        TextDataset d = fixture();
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(d, new double[] {0.5, 0.6}, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(d, new double[] {1.0}, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(d, new double[] {0.5, 0, 0.5}, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.stratifiedKFold(d, 1, 1));
        TextDataset tiny = d.subset("tiny", new int[] {0, 1});
        assertThrows(IllegalArgumentException.class, () -> Splits.trainValidationTest(tiny, 0.8, 0.1, 0.1, 1));
    }
}
