package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rates over thresholds, on the scored fixture and against one counting pass per threshold. */
class ThresholdSweepTest {

    @Test
    void fixtureRatesAtThreeThresholds() {
        ThresholdSweep sweep = ThresholdSweep.of(ScoreMetricsTest.AB, ScoreMetricsTest.GROUP, ScoreMetricsTest.LABEL,
                ScoreMetricsTest.SCORE, null, 0.65, 0.35, 0.5);
        assertArrayEquals(new double[] {0.35, 0.5, 0.65}, sweep.thresholds());
        // Group A: TPR 1, 2/3, 1/3 and FPR 2/3, 1/3, 0 at 0.35, 0.5, 0.65.
        List<Value> tpr = sweep.rate(Rate.TPR, 0);
        assertEquals(1.0, tpr.get(0).value(), 1e-12);
        assertEquals(2.0 / 3, tpr.get(1).value(), 1e-12);
        assertEquals(1.0 / 3, tpr.get(2).value(), 1e-12);
        List<Value> fpr = sweep.rate(Rate.FPR, 0);
        assertEquals(2.0 / 3, fpr.get(0).value(), 1e-12);
        assertEquals(0.0, fpr.get(2).value(), 1e-12);
        // Group B: TPR 1/2 and FPR 1/3 at all three.
        for (Value v : sweep.rate(Rate.TPR, 1)) {
            assertEquals(0.5, v.value(), 1e-12);
        }
        List<Value> eod = sweep.metric(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.asCountMetric());
        assertEquals(0.5, eod.get(0).value(), 1e-12); // max(|1 - 1/2|, |2/3 - 1/3|)
    }

    @Test
    void equalsOneCountingPassPerThreshold() {
        Random random = new Random(9);
        int n = 2000;
        int[] g = new int[n];
        int[] y = new int[n];
        double[] s = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = random.nextInt(3);
            y[i] = random.nextInt(2);
            s[i] = random.nextInt(21) / 20.0;
            w[i] = 1 + random.nextInt(3);
        }
        Groups groups = Groups.of("x", "y", "z");
        double[] t = {0, 0.1, 0.25, 0.5, 0.55, 1, 2};
        ThresholdSweep sweep = ThresholdSweep.of(groups, g, y, s, w, t);
        for (int j = 0; j < t.length; j++) {
            GroupConfusion direct = new GroupConfusion(groups);
            direct.updateScores(g, y, s, t[j], w, 0, n);
            GroupConfusionTest.assertSameCounts(direct, sweep.counts(j));
        }
        assertThrows(IllegalArgumentException.class, () -> ThresholdSweep.of(groups, g, y, s, w, 0.5, 0.5));
    }
}
