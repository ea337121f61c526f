package dev.fairtune.fairness;

import static dev.fairtune.fairness.RateTest.assertUndefined;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * AUCs, bias AUCs and calibration errors on the scored fixture of docs/metrics.md:
 *
 * <pre>
 * group A: positives 0.9 0.6 0.4   negatives 0.5 0.4 0.1
 * group B: positives 0.7 0.3       negatives 0.8 0.3 0.2
 * </pre>
 */
class ScoreMetricsTest {
    private static final double EPS = 1e-12;
    static final int[] GROUP = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    static final int[] LABEL = {1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0};
    static final double[] SCORE = {0.9, 0.6, 0.4, 0.5, 0.4, 0.1, 0.7, 0.3, 0.8, 0.3, 0.2};
    static final Groups AB = Groups.of("A", "B");

    static ScoreSummary fixture() {
        return ScoreMetrics.summarize(AB, GROUP, LABEL, SCORE, null, 10, -5);
    }

    @Test
    void subgroupBpsnAndBnspAucs() {
        ScoreSummary s = fixture();
        GroupScores a = s.group("A");
        GroupScores b = s.group("B");
        // A: 0.9 beats 3, 0.6 beats 3, 0.4 beats 0.1 and ties 0.4: 7.5 of 9 pairs.
        assertEquals(7.5 / 9, a.auc().value(), EPS);
        // B: 0.7 beats 0.3 and 0.2; 0.3 ties 0.3 and beats 0.2: 3.5 of 6.
        assertEquals(3.5 / 6, b.auc().value(), EPS);
        // BPSN A: B's positives {0.7, 0.3} against A's negatives {0.5, 0.4, 0.1}: 3 + 1 = 4 of 6.
        assertEquals(4.0 / 6, a.bpsnAuc().value(), EPS);
        // BNSP A: A's positives against B's negatives {0.8, 0.3, 0.2}: 2 + 2 + 2 + ... = 7 of 9.
        assertEquals(7.0 / 9, a.bnspAuc().value(), EPS);
        assertEquals(7.0 / 9, b.bpsnAuc().value(), EPS);
        assertEquals(4.0 / 6, b.bnspAuc().value(), EPS);
        assertEquals(22.0 / 30, s.overallAuc().value(), EPS);
        assertEquals(6, a.count());
        assertEquals(2, b.positives());
        assertEquals(3, b.negatives());
    }

    @Test
    void powerMeansAndBiasScore() {
        ScoreSummary s = fixture();
        double sub = Math.pow((Math.pow(7.5 / 9, -5) + Math.pow(3.5 / 6, -5)) / 2, -1 / 5.0);
        double bpsn = Math.pow((Math.pow(4.0 / 6, -5) + Math.pow(7.0 / 9, -5)) / 2, -1 / 5.0);
        assertEquals(0.6495745769012857, sub, EPS);
        assertEquals(0.7097179735833068, bpsn, EPS);
        assertEquals(sub, s.subgroupAucMean().value(), EPS);
        assertEquals(bpsn, s.bpsnAucMean().value(), EPS);
        assertEquals(bpsn, s.bnspAucMean().value(), EPS);
        assertEquals((22.0 / 30 + sub + 2 * bpsn) / 4, s.biasScore().value(), EPS);
        assertEquals(0.7005859643503082, s.biasScore().value(), EPS);
        assertEquals(0.0, ScoreMetrics.powerMean(List.of(Value.of(0), Value.of(0.9)), -5).value());
        assertEquals(Math.sqrt(0.5 * 0.8), ScoreMetrics.powerMean(List.of(Value.of(0.5), Value.of(0.8)), 0).value(), EPS);
    }

    @Test
    void calibrationErrors() {
        ScoreSummary s = fixture();
        // A, bins of width 0.1: |0-0.1| + |2-1.8|... = (0.1 + 0.2 + 0.5 + 0.4 + 0.1) / 6.
        assertEquals(1.3 / 6, s.group("A").calibrationError().value(), EPS);
        // B: (0.2 + 0.4 + 0.3 + 0.8) / 5.
        assertEquals(1.7 / 5, s.group("B").calibrationError().value(), EPS);
        assertEquals(3.0 / 11, s.overallCalibrationError().value(), EPS);
        // One bin: |sum (y - s)| / n.
        ScoreSummary one = ScoreMetrics.summarize(AB, GROUP, LABEL, SCORE, null, 1, -5);
        assertEquals(Math.abs(3 - 2.9) / 6, one.group("A").calibrationError().value(), EPS);
    }

    @Test
    void weightsActAsRepeatedRows() {
        double[] w = {2, 1, 1, 1, 3, 1, 1, 1, 1, 2, 1};
        ScoreSummary weighted = ScoreMetrics.summarize(AB, GROUP, LABEL, SCORE, w, 10, -5);
        int n = 0;
        for (double x : w) {
            n += (int) x;
        }
        int[] g = new int[n];
        int[] y = new int[n];
        double[] s = new double[n];
        int k = 0;
        for (int i = 0; i < w.length; i++) {
            for (int r = 0; r < w[i]; r++) {
                g[k] = GROUP[i];
                y[k] = LABEL[i];
                s[k++] = SCORE[i];
            }
        }
        ScoreSummary repeated = ScoreMetrics.summarize(AB, g, y, s, null, 10, -5);
        assertEquals(repeated.overallAuc().value(), weighted.overallAuc().value(), EPS);
        for (String name : AB.names()) {
            assertEquals(repeated.group(name).auc().value(), weighted.group(name).auc().value(), EPS);
            assertEquals(repeated.group(name).bpsnAuc().value(), weighted.group(name).bpsnAuc().value(), EPS);
            assertEquals(repeated.group(name).bnspAuc().value(), weighted.group(name).bnspAuc().value(), EPS);
            assertEquals(repeated.group(name).calibrationError().value(), weighted.group(name).calibrationError().value(), EPS);
        }
    }

    @Test
    void agreesWithPairCountingOnRandomTiedScores() {
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + random.nextInt(300);
            int groups = 1 + random.nextInt(4);
            int[] g = new int[n];
            int[] y = new int[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = random.nextInt(groups);
                y[i] = random.nextInt(2);
                s[i] = random.nextInt(7) - 3 + (random.nextBoolean() ? 0.0 : -0.0); // many ties, negative scores, -0.0
            }
            String[] names = new String[groups];
            for (int k = 0; k < groups; k++) {
                names[k] = "g" + k;
            }
            ScoreSummary sum = ScoreMetrics.summarize(Groups.of(names), g, y, s, null, 10, -5);
            for (int k = 0; k < groups; k++) {
                GroupScores gs = sum.byGroup().get(k);
                check(pairs(g, y, s, k, true, k, true), gs.auc());
                check(pairs(g, y, s, k, false, k, true), gs.bpsnAuc());
                check(pairs(g, y, s, k, true, k, false), gs.bnspAuc());
            }
            check(pairs(g, y, s, -1, false, -1, false), sum.overallAuc());
        }
    }

    /** Brute-force AUC: positives in (or, with !posIn, outside) group pg; negatives likewise; -1: all rows. */
    private static double pairs(int[] g, int[] y, double[] s, int pg, boolean posIn, int ng, boolean negIn) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < g.length; i++) {
            if (y[i] != 1 || (pg >= 0 && (g[i] == pg) != posIn)) {
                continue;
            }
            for (int j = 0; j < g.length; j++) {
                if (y[j] != 0 || (ng >= 0 && (g[j] == ng) != negIn)) {
                    continue;
                }
                sum += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private static void check(double expected, Value actual) {
        if (Double.isNaN(expected)) {
            assertEquals(false, actual.isDefined());
        } else {
            assertEquals(expected, actual.value(), 1e-12);
        }
    }

    @Test
    void undefinedCases() {
        // Group "onlyNeg" has no positives; "empty" has no rows; "onlyPos" has no negatives.
        Groups groups = Groups.of("onlyNeg", "onlyPos", "empty");
        int[] g = {0, 0, 1, 1};
        int[] y = {0, 0, 1, 1};
        double[] s = {0.2, 0.4, 0.6, 1.5};
        ScoreSummary sum = ScoreMetrics.summarize(groups, g, y, s, null, 10, -5);
        assertUndefined(sum.group("onlyNeg").auc(), Reason.NO_POSITIVE_LABELS, "onlyNeg");
        assertUndefined(sum.group("onlyNeg").bnspAuc(), Reason.NO_POSITIVE_LABELS, "onlyNeg");
        assertEquals(1.0, sum.group("onlyNeg").bpsnAuc().value());
        assertUndefined(sum.group("onlyPos").auc(), Reason.NO_NEGATIVE_LABELS, "onlyPos");
        assertUndefined(sum.group("onlyPos").bpsnAuc(), Reason.NO_NEGATIVE_LABELS, "onlyPos");
        assertEquals(1.0, sum.group("onlyPos").bnspAuc().value());
        assertUndefined(sum.group("empty").auc(), Reason.NO_ROWS, "empty");
        assertUndefined(sum.group("onlyPos").calibrationError(), Reason.SCORE_OUT_OF_RANGE, "onlyPos");
        assertUndefined(sum.overallCalibrationError(), Reason.SCORE_OUT_OF_RANGE, "overall");
        assertEquals(0.3, sum.group("onlyNeg").calibrationError().value(), EPS);
        assertUndefined(sum.subgroupAucMean(), Reason.NO_POSITIVE_LABELS, "onlyNeg");
        assertUndefined(sum.biasScore(), Reason.NO_POSITIVE_LABELS, "onlyNeg");
        assertEquals(1.0, sum.overallAuc().value());
        // Background sets: with one group, there is no background.
        ScoreSummary alone = ScoreMetrics.summarize(Groups.of("x"), new int[] {0, 0}, new int[] {0, 1},
                new double[] {0.1, 0.9}, null, 10, -5);
        assertUndefined(alone.group("x").bpsnAuc(), Reason.NO_BACKGROUND_POSITIVES, "x");
        assertUndefined(alone.group("x").bnspAuc(), Reason.NO_BACKGROUND_NEGATIVES, "x");
        assertUndefined(ScoreMetrics.auc(new int[] {1, 1}, new double[] {0.1, 0.2}, null), Reason.NO_NEGATIVE_LABELS, "overall");
        assertUndefined(ScoreMetrics.auc(new int[] {0, 1}, new double[] {0.1, 0.2}, new double[] {1, 0}), Reason.ZERO_WEIGHT, "overall");
        assertThrows(IllegalArgumentException.class,
                () -> ScoreMetrics.auc(new int[] {0, 1}, new double[] {0.1, Double.NaN}, null));
    }

    @Test
    void aHistogramOfDistinctScoresGivesTheRowsSummary() {
        // 3 groups (one with no negatives), few distinct scores (ties everywhere), some out of [0, 1]
        // in group 2 only, weighted and unweighted; the histogram's entries come in a shuffled order
        // and one triple is split over two entries, as partial counts merged from a cluster would be.
        Random r = new Random(7);
        int n = 3000;
        Groups groups = Groups.of("a", "b", "c");
        int[] group = new int[n];
        int[] label = new int[n];
        double[] score = new double[n];
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) {
            group[i] = r.nextInt(3);
            label[i] = group[i] == 1 ? 1 : r.nextInt(2);
            score[i] = r.nextInt(40) / 39.0 + (group[i] == 2 && r.nextInt(50) == 0 ? 1 : 0);
            weight[i] = 1 + r.nextInt(3);
        }
        for (boolean weighted : new boolean[] {false, true}) {
            ScoreSummary rows = ScoreMetrics.summarize(groups, group, label, score, weighted ? weight : null, 10, -5);
            java.util.Map<List<Object>, double[]> h = new java.util.LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                double[] e = h.computeIfAbsent(List.of(group[i], label[i], score[i]), k -> new double[2]);
                e[0]++;
                e[1] += weighted ? weight[i] : 1;
            }
            List<List<Object>> keys = new java.util.ArrayList<>(h.keySet());
            java.util.Collections.shuffle(keys, r);
            int m = keys.size() + 1;
            int[] hg = new int[m];
            int[] hl = new int[m];
            double[] hs = new double[m];
            long[] hr = new long[m];
            double[] hw = new double[m];
            for (int k = 0; k < keys.size(); k++) {
                hg[k] = (Integer) keys.get(k).get(0);
                hl[k] = (Integer) keys.get(k).get(1);
                hs[k] = (Double) keys.get(k).get(2);
                hr[k] = (long) h.get(keys.get(k))[0];
                hw[k] = h.get(keys.get(k))[1];
            }
            // the last entry takes one row of the first entry's triple
            hg[m - 1] = hg[0];
            hl[m - 1] = hl[0];
            hs[m - 1] = hs[0];
            hr[m - 1] = 1;
            hr[0]--;
            hw[m - 1] = weighted ? hw[0] / hr[0] / 2 : 1;
            hw[0] -= hw[m - 1];
            ScoreSummary hist = ScoreMetrics.summarizeHistogram(groups, hg, hl, hs, hr, hw, 10, -5);
            assertSameSummary(rows, hist);
        }
        assertThrows(IllegalArgumentException.class, () -> ScoreMetrics.summarizeHistogram(groups, new int[] {0},
                new int[] {1}, new double[] {0.5}, new long[] {-1}, new double[] {1}, 10, -5));
    }

    private static void assertSameSummary(ScoreSummary a, ScoreSummary b) {
        assertSame(a.overallAuc(), b.overallAuc());
        assertSame(a.overallCalibrationError(), b.overallCalibrationError());
        assertSame(a.subgroupAucMean(), b.subgroupAucMean());
        assertSame(a.bpsnAucMean(), b.bpsnAucMean());
        assertSame(a.bnspAucMean(), b.bnspAucMean());
        assertSame(a.biasScore(), b.biasScore());
        for (int g = 0; g < a.byGroup().size(); g++) {
            GroupScores x = a.byGroup().get(g);
            GroupScores y = b.byGroup().get(g);
            assertEquals(List.of(x.group(), x.count(), x.positives(), x.negatives()),
                    List.of(y.group(), y.count(), y.positives(), y.negatives()));
            assertSame(x.auc(), y.auc());
            assertSame(x.bpsnAuc(), y.bpsnAuc());
            assertSame(x.bnspAuc(), y.bnspAuc());
            assertSame(x.calibrationError(), y.calibrationError());
        }
    }

    private static void assertSame(Value a, Value b) {
        assertEquals(a.isDefined(), b.isDefined(), a + " vs " + b);
        if (a.isDefined()) {
            assertEquals(a.value(), b.value(), 1e-12);
        } else {
            assertEquals(a.describe(), b.describe());
        }
    }
}
