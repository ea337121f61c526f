package dev.fairtune.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Rate;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

/**
 * Group thresholds on a hand-checkable fixture.
 *
 * <pre>
 * group A: positives 0.9 0.7 0.4, negatives 0.8 0.3 0.2   (P 3, N 3)
 *   ROC: inf (0,0)  0.9 (0,1/3)  0.8 (1/3,1/3)  0.7 (1/3,2/3)  0.4 (1/3,1)  0.3 (2/3,1)  0.2 (1,1)
 * group B: positives 0.6 0.2, negatives 0.5 0.1           (P 2, N 2)
 *   ROC: inf (0,0)  0.6 (0,1/2)  0.5 (1/2,1/2)  0.2 (1/2,1)  0.1 (1,1)
 * </pre>
 */
class ThresholdPostProcessorTest {

    static final Groups GROUPS = Groups.of("A", "B");
    static final int[] GROUP = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
    static final int[] LABEL = {1, 1, 1, 0, 0, 0, 1, 1, 0, 0};
    static final double[] SCORE = {0.9, 0.7, 0.4, 0.8, 0.3, 0.2, 0.6, 0.2, 0.5, 0.1};

    static Observations fixture() {
        return Observations.builder().setGroups(GROUPS, GROUP).setLabels(LABEL).optScores(SCORE).optThreshold(0.5).build();
    }

    @Test
    void equalOpportunityPicksTheCheapestCommonTprLevel() {
        // Common TPR levels 0, 1/3, 1/2, 2/3, 1 give total errors (FP + FN) 5, 3, 3, 3, 2:
        //   tau = 1: A at 0.4 (TP 3, FP 1: 1 error), B at 0.2 (TP 2, FP 1: 1 error).
        ThresholdPostProcessor pp = ThresholdPostProcessor.fit(fixture(), FairnessConstraint.EQUAL_OPPORTUNITY);
        ThresholdRule a = pp.rules().get(0);
        ThresholdRule b = pp.rules().get(1);
        assertEquals(List.of(0.4), a.thresholds());
        assertEquals(List.of(0.2), b.thresholds());
        assertTrue(a.isDeterministic() && b.isDeterministic());
        assertEquals(1.0, a.fittedTpr());
        assertEquals(1.0 / 3, a.fittedFpr(), 1e-12);
        assertEquals(1.0, b.fittedTpr());
        assertEquals(0.5, b.fittedFpr(), 1e-12);
        assertEquals(1.0, pp.positiveProbability(0, 0.4));
        assertEquals(0.0, pp.positiveProbability(0, 0.39));
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0, 1, 1, 1, 0}, pp.predict(GROUP, SCORE, 7));
    }

    @Test
    void equalizedOddsEqualisesBothRatesAtTheLeastExpectedError() {
        // Upper hulls: U_A(f) = 1/3 + 2f on [0, 1/3], U_B(f) = 1/2 + f on [0, 1/2]. With N = P = 5 in
        // all, the expected errors at a common point (f, t = min U(f)) are 5 + 5f - 5t: 5/2 for every
        // f in [1/6, 1/2] (t = 1/2 + f), more elsewhere. The deterministic equal-opportunity rule
        // makes 2 errors but leaves FPR 1/3 vs 1/2: matching both rates costs half an error.
        ThresholdPostProcessor pp = ThresholdPostProcessor.fit(fixture(), FairnessConstraint.EQUALIZED_ODDS);
        ThresholdRule a = pp.rules().get(0);
        ThresholdRule b = pp.rules().get(1);
        assertEquals(a.fittedTpr(), b.fittedTpr(), 1e-9);
        assertEquals(a.fittedFpr(), b.fittedFpr(), 1e-9);
        double f = a.fittedFpr();
        double t = a.fittedTpr();
        assertTrue(f >= 1.0 / 6 - 1e-9 && f <= 0.5 + 1e-9, "FPR " + f);
        assertEquals(0.5 + f, t, 1e-9);
        assertEquals(2.5, 5 + 5 * f - 5 * t, 1e-9);
        // the rules realise these rates: expected TPR and FPR of each group from its mixture
        for (int g = 0; g < 2; g++) {
            double tp = 0, fp = 0, pos = 0, neg = 0;
            for (int i = 0; i < GROUP.length; i++) {
                if (GROUP[i] == g) {
                    double p = pp.positiveProbability(g, SCORE[i]);
                    if (LABEL[i] == 1) {
                        tp += p;
                        pos++;
                    } else {
                        fp += p;
                        neg++;
                    }
                }
            }
            assertEquals(t, tp / pos, 1e-9, "expected TPR of group " + g);
            assertEquals(f, fp / neg, 1e-9, "expected FPR of group " + g);
        }
    }

    @Test
    void equalizedOddsMatchesABruteForceSearchOnRandomScores() {
        Random rnd = new Random(3);
        int n = 400;
        int[] g = new int[n];
        int[] y = new int[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = rnd.nextInt(3);
            y[i] = rnd.nextDouble() < 0.4 ? 1 : 0;
            // informative scores, shifted up for group 2 (a biased model), rounded to create ties
            s[i] = Math.round((0.3 * y[i] + 0.15 * (g[i] == 2 ? 1 : 0) + 0.6 * rnd.nextDouble()) * 50) / 50.0;
        }
        Observations obs = Observations.builder().setGroups(Groups.of("x", "y", "z"), g).setLabels(y).optScores(s)
                .optThreshold(0.5).build();
        ThresholdPostProcessor pp = ThresholdPostProcessor.fit(obs, FairnessConstraint.EQUALIZED_ODDS);
        double lpErrors = expectedErrors(pp, g, y, s);
        for (ThresholdRule r : pp.rules()) {
            assertEquals(pp.rules().get(0).fittedTpr(), r.fittedTpr(), 1e-7);
            assertEquals(pp.rules().get(0).fittedFpr(), r.fittedFpr(), 1e-7);
        }
        // brute force: the best common point (f, t) with t = min over groups of the upper ROC hull at
        // f, on a grid of f; the LP must do at least as well (it searches all common points).
        double best = Double.POSITIVE_INFINITY;
        double[][] upper = upperHullSamples(obs, 3, 2001);
        int pos = 0;
        int neg = 0;
        for (int v : y) {
            pos += v;
            neg += 1 - v;
        }
        for (int k = 0; k < 2001; k++) {
            double f = k / 2000.0;
            double t = Math.min(upper[0][k], Math.min(upper[1][k], upper[2][k]));
            best = Math.min(best, neg * f + pos * (1 - t));
        }
        assertTrue(lpErrors <= best + 1e-6, "LP " + lpErrors + " vs grid " + best);
        assertTrue(lpErrors >= best - 0.5, "LP " + lpErrors + " vs grid " + best);
        // applied with random draws, the realised rates are close to the fitted ones
        int[] pred = pp.predict(g, s, 11);
        assertArrayEquals(pred, pp.predict(g, s, 11), "same seed, same draws");
        GroupConfusion c = GroupConfusion.of(obs.groups(), g, y, pred);
        assertTrue(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.compute(c).value() < 0.15);
    }

    /** Expected errors of the rules on the rows. */
    static double expectedErrors(ThresholdPostProcessor pp, int[] g, int[] y, double[] s) {
        double e = 0;
        for (int i = 0; i < g.length; i++) {
            double p = pp.positiveProbability(g[i], s[i]);
            e += y[i] == 1 ? 1 - p : p;
        }
        return e;
    }

    /** Each group's upper ROC hull (the best TPR at FPR f) sampled at f = k / (points - 1). */
    static double[][] upperHullSamples(Observations obs, int groups, int points) {
        double[][] out = new double[groups][points];
        for (int a = 0; a < groups; a++) {
            // ROC points of group a
            java.util.List<double[]> roc = new java.util.ArrayList<>();
            java.util.TreeSet<Double> thresholds = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
            for (int i = 0; i < obs.size(); i++) {
                if (obs.group()[i] == a) {
                    thresholds.add(obs.score()[i]);
                }
            }
            roc.add(new double[] {0, 0});
            for (double th : thresholds) {
                double tp = 0, fp = 0, p = 0, n = 0;
                for (int i = 0; i < obs.size(); i++) {
                    if (obs.group()[i] == a) {
                        boolean yes = obs.score()[i] >= th;
                        if (obs.label()[i] == 1) {
                            p++;
                            tp += yes ? 1 : 0;
                        } else {
                            n++;
                            fp += yes ? 1 : 0;
                        }
                    }
                }
                roc.add(new double[] {fp / n, tp / p});
            }
            for (int k = 0; k < points; k++) {
                double f = k / (points - 1.0);
                double best = 0;
                // best mixture of two ROC points with FPR f
                for (double[] u : roc) {
                    for (double[] v : roc) {
                        if (u[0] <= f && v[0] >= f) {
                            double t = v[0] == u[0] ? Math.max(u[1], v[1]) : u[1] + (v[1] - u[1]) * (f - u[0]) / (v[0] - u[0]);
                            best = Math.max(best, t);
                        }
                    }
                }
                out[a][k] = best;
            }
        }
        return out;
    }

    @Test
    void applyKeepsScoresAndChangesPredictions() {
        ThresholdPostProcessor pp = ThresholdPostProcessor.fit(fixture(), FairnessConstraint.EQUAL_OPPORTUNITY);
        Observations out = pp.apply(fixture(), 1);
        assertArrayEquals(SCORE, out.score());
        assertArrayEquals(LABEL, out.label());
        GroupConfusion c = out.counts();
        assertEquals(1.0, Rate.TPR.of(c.group(0)).value());
        assertEquals(1.0, Rate.TPR.of(c.group(1)).value());
        assertEquals(0.5, Rate.FPR.of(c.group(1)).value());
    }

    @Test
    void missingLabelsInAGroupAreAClearError() {
        Observations noPositivesInB = Observations.builder().setGroups(GROUPS, new int[] {0, 0, 1, 1})
                .setLabels(new int[] {1, 0, 0, 0}).optScores(new double[] {0.9, 0.1, 0.5, 0.4}).optThreshold(0.5).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThresholdPostProcessor.fit(noPositivesInB, FairnessConstraint.EQUAL_OPPORTUNITY));
        assertTrue(e.getMessage().contains("group 'B' has no positive labels"), e.getMessage());
        Observations noNegativesInB = Observations.builder().setGroups(GROUPS, new int[] {0, 0, 1, 1})
                .setLabels(new int[] {1, 0, 1, 1}).optScores(new double[] {0.9, 0.1, 0.5, 0.4}).optThreshold(0.5).build();
        e = assertThrows(IllegalArgumentException.class,
                () -> ThresholdPostProcessor.fit(noNegativesInB, FairnessConstraint.EQUALIZED_ODDS));
        assertTrue(e.getMessage().contains("group 'B' has no negative labels"), e.getMessage());
        Observations noScores = Observations.builder().setGroups(GROUPS, new int[] {0, 1}).setLabels(new int[] {1, 0})
                .optPredictions(new int[] {1, 0}).build();
        assertThrows(IllegalArgumentException.class, () -> ThresholdPostProcessor.fit(noScores, FairnessConstraint.EQUALIZED_ODDS));
    }

    @Test
    void ruleChecksItsMixture() {
        ThresholdRule r = new ThresholdRule("A", List.of(0.8, 0.3), List.of(0.25, 0.75), 0.5, 0.2);
        assertEquals(0.0, r.positiveProbability(0.2));
        assertEquals(0.75, r.positiveProbability(0.5));
        assertEquals(1.0, r.positiveProbability(0.8));
        assertThrows(IllegalArgumentException.class, () -> new ThresholdRule("A", List.of(0.3, 0.8), List.of(0.5, 0.5), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ThresholdRule("A", List.of(0.8, 0.3), List.of(0.5, 0.6), 0, 0));
    }

    /** Saved and read back, the rules decide alike, and data listing the groups in another order get each group's rule. */
    @Test
    void rulesSurviveAFileAndMatchGroupsByName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        ThresholdPostProcessor pp = ThresholdPostProcessor.fit(fixture(), FairnessConstraint.EQUALIZED_ODDS);
        java.nio.file.Path file = dir.resolve(ThresholdPostProcessor.FILE);
        pp.write(file);
        ThresholdPostProcessor back = ThresholdPostProcessor.read(file);
        assertEquals(pp.rules(), back.rules());
        assertEquals(pp.groups(), back.groups());
        Observations obs = fixture();
        org.junit.jupiter.api.Assertions.assertArrayEquals(pp.apply(obs, 9).prediction(), back.apply(obs, 9).prediction());

        // the same rows with the group ids swapped (the groups listed in the other order)
        java.util.List<String> names = obs.groups().names();
        Groups swapped = Groups.of(names.get(1), names.get(0));
        int[] g = obs.group().clone();
        for (int i = 0; i < g.length; i++) {
            g[i] = 1 - g[i];
        }
        Observations other = Observations.builder().setGroups(swapped, g).setLabels(obs.label()).optScores(obs.score())
                .optPredictions(obs.prediction())
                .optWeights(obs.weight()).build();
        org.junit.jupiter.api.Assertions.assertArrayEquals(pp.apply(obs, 9).prediction(), back.apply(other, 9).prediction());

        java.nio.file.Files.writeString(file, "{\"schema\": \"something else\"}");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> ThresholdPostProcessor.read(file));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("fairtune-postprocess/1"), e.getMessage());
    }
}
