package dev.fairtune.data.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.Example;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.data.identity.IdentityMatch;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DemoDatasetTest {

    private static final IdentityLexicon LEX = IdentityLexicon.builtIn();

    /** Phi coefficient between label 1 and group 1: (n11 n00 - n10 n01) / sqrt(n1. n0. n.1 n.0). */
    static double phi(TextDataset d) {
        int[][] c = d.groupLabelCounts(0); // c[group][label]
        double n11 = c[1][1], n10 = c[1][0], n01 = c[0][1], n00 = c[0][0];
        return (n11 * n00 - n10 * n01) / Math.sqrt((n11 + n10) * (n01 + n00) * (n11 + n01) * (n10 + n00));
    }

    static double positiveRate(TextDataset d, int group) {
        int[][] c = d.groupLabelCounts(0);
        return c[group][1] / (double) (c[group][0] + c[group][1]);
    }

    @Test
    void shortcutIsPlantedInTrainAndAbsentInTest() {
        DatasetSplits s = DemoDataset.generate(7, 2000, 500, 1000);
        assertEquals(2000, s.train().size());
        assertEquals(500, s.validation().size());
        assertEquals(1000, s.test().size());
        // train: q = 0.3 -> 600 in group 1, 510 of them abusive (s = 0.85); 490 of 1400 abusive in group 0
        assertArrayEquals(new int[][] {{910, 490}, {90, 510}}, s.train().groupLabelCounts(0));
        assertEquals(0.85, positiveRate(s.train(), 1), 1e-9);
        assertEquals(0.35, positiveRate(s.train(), 0), 1e-9);
        assertEquals(0.458, phi(s.train()), 0.001);
        assertEquals(0.85, positiveRate(s.validation(), 1), 0.01);
        // test: independent, 350/350 and 150/150
        assertArrayEquals(new int[][] {{350, 350}, {150, 150}}, s.test().groupLabelCounts(0));
        assertEquals(0.0, phi(s.test()), 1e-9);
        assertEquals("demo-religion(seed=7)/test", s.test().name());
        assertEquals(List.of("benign", "abusive"), s.test().labelNames());
        assertEquals(DemoDataset.ATTRIBUTE, s.test().attributes().get(0).name());
    }

    @Test
    void unbiasedValidationFollowsTest() {
        DatasetSplits s = DemoDataset.generate(DemoConfig.builder().setSeed(1).optSizes(400, 400, 400)
                .optBiasedValidation(false).build());
        assertEquals(0.0, phi(s.validation()), 0.01);
    }

    @Test
    void deterministicUnderTheSeed() {
        DatasetSplits a = DemoDataset.generate(3, 300, 100, 100);
        DatasetSplits b = DemoDataset.generate(3, 300, 100, 100);
        DatasetSplits c = DemoDataset.generate(4, 300, 100, 100);
        assertEquals(a.train().fingerprint(), b.train().fingerprint());
        assertEquals(a.test().fingerprint(), b.test().fingerprint());
        assertNotEquals(a.train().fingerprint(), c.train().fingerprint());
    }

    @ParameterizedTest
    @EnumSource(DemoIdentity.class)
    void textsAreShortDistinctAndGroupsMatchTheLexicon(DemoIdentity identity) {
        DatasetSplits s = DemoDataset.generate(DemoConfig.builder().setSeed(11).optIdentity(identity).build());
        Set<String> all = new HashSet<>();
        Set<String> allowed = new HashSet<>(identity.targetTerms());
        allowed.addAll(identity.referenceTerms());
        CounterfactualRewriter cf = CounterfactualRewriter.of(LEX.onlyCategories(identity.category()));
        for (TextDataset d : List.of(s.train(), s.validation(), s.test())) {
            for (Example e : d.examples()) {
                assertTrue(all.add(e.text()), "no text repeats, within or across splits");
                assertTrue(e.text().split(" ").length <= 20, "at most 20 words");
                List<IdentityMatch> m = LEX.find(e.text());
                for (IdentityMatch x : m) {
                    assertTrue(allowed.contains(x.term().term()), "only the demo's identity terms occur: " + x.term());
                }
                boolean target = m.stream().anyMatch(x -> identity.targetTerms().contains(x.term().term()));
                assertEquals(e.group() == 1, target, "group 1 iff a target term occurs");
                if (e.group() == 1) {
                    String twin = cf.rewrite(e.text()).text();
                    assertTrue(LEX.find(twin).stream().noneMatch(x -> identity.targetTerms().contains(x.term().term())),
                            "the counterfactual twin of a group-1 text names no target term");
                }
            }
        }
    }

    @Test
    void referenceTermsAreIndependentOfTheLabelInGroupZero() {
        TextDataset train = DemoDataset.generate(5, 4000, 10, 10).train();
        int[] refByLabel = new int[2];
        int[] byLabel = new int[2];
        for (Example e : train.examples()) {
            if (e.group() == 0) {
                byLabel[e.label()]++;
                if (e.text().contains("christian")) {
                    refByLabel[e.label()]++;
                }
            }
        }
        assertEquals(0.3, refByLabel[0] / (double) byLabel[0], 0.001);
        assertEquals(0.3, refByLabel[1] / (double) byLabel[1], 0.001);
    }

    /**
     * A plain classifier (multinomial naive Bayes over words, written here) trained on the training
     * split picks up the shortcut: on the test split its false positive rate is much higher for
     * texts naming the target identity.
     */
    @Test
    void plainClassifierShowsAnFprGap() {
        DatasetSplits s = DemoDataset.generate(7, 2000, 500, 1000);
        Map<String, int[]> counts = new HashMap<>();
        int[] totals = new int[2];
        int[] docs = s.train().labelCounts();
        for (Example e : s.train().examples()) {
            for (String w : e.text().split(" ")) {
                counts.computeIfAbsent(w, k -> new int[2])[e.label()]++;
                totals[e.label()]++;
            }
        }
        int vocab = counts.size();
        int[] fp = new int[2];
        int[] negatives = new int[2];
        for (Example e : s.test().examples()) {
            if (e.label() != 0) {
                continue;
            }
            double score = Math.log(docs[1] / (double) docs[0]);
            for (String w : e.text().split(" ")) {
                int[] c = counts.getOrDefault(w, new int[2]);
                score += Math.log((c[1] + 1.0) / (totals[1] + vocab)) - Math.log((c[0] + 1.0) / (totals[0] + vocab));
            }
            negatives[e.group()]++;
            fp[e.group()] += score > 0 ? 1 : 0;
        }
        double fprIdentity = fp[1] / (double) negatives[1];
        double fprReference = fp[0] / (double) negatives[0];
        System.out.printf("demo seed 7, naive Bayes on test: FPR identity %.4f, reference %.4f%n", fprIdentity, fprReference);
        assertTrue(fprIdentity - fprReference > 0.15,
                "FPR identity " + fprIdentity + " vs reference " + fprReference);
    }

    @Test
    void configIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.builder().build());
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.builder().setSeed(1).optIdentityRate(0.7).build());
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.builder().setSeed(1).optShortcutStrength(1).build());
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.builder().setSeed(1).optSizes(0, 1, 1).build());
        assertFalse(DemoDataset.generate(1, 10, 10, 10).train().isEmpty());
    }

    @Test
    void largestRemainderSumsToN() {
        assertArrayEquals(new int[] {1, 1, 1}, DemoDataset.largestRemainder(3, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}));
        assertArrayEquals(new int[] {4, 3, 3}, DemoDataset.largestRemainder(10, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}));
        assertArrayEquals(new int[] {2, 0, 1}, DemoDataset.largestRemainder(3, new double[] {0.6, 0.1, 0.3}));
    }
}
