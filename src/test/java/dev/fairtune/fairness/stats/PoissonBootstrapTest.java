package dev.fairtune.fairness.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Poisson bootstrap: Poisson(1) draws, merge-and-order independence, intervals of the right width. */
class PoissonBootstrapTest {
    private static final Groups AB = Groups.of("a", "b");

    @Test
    void drawsArePoissonOne() {
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            int k = PoissonBootstrap.draw(42, i, i % 7);
            sum += k;
            sumSq += (double) k * k;
            zeros += k == 0 ? 1 : 0;
        }
        double mean = sum / n;
        // mean 1, variance 1, P(0) = 1/e; standard errors about 0.0022, 0.0045 and 0.0011
        assertEquals(1, mean, 0.01);
        assertEquals(1, sumSq / n - mean * mean, 0.02);
        assertEquals(Math.exp(-1), zeros / (double) n, 0.005);
        // Pinned: the Spark audit and the single-JVM audit (and reports written by earlier versions)
        // must draw the same weights for the same (seed, key, replicate), so these values never change.
        long weighted = 0;
        for (int k = 0; k < 1000; k++) {
            weighted += (k + 1L) * PoissonBootstrap.draw(42, k, 3);
        }
        assertEquals(486294, weighted);
        assertEquals(120240866209981125L, PoissonBootstrap.key("row-1"));
        assertNotEquals(PoissonBootstrap.key("row-1"), PoissonBootstrap.key("row-2"));
    }

    /** Two groups of 400 rows; group b's predictions are positive far more often. */
    private static Observations biased() {
        Random random = new Random(1);
        int n = 800;
        int[] g = new int[n];
        int[] y = new int[n];
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            g[i] = i % 2;
            y[i] = random.nextInt(2);
            p[i] = random.nextDouble() < (g[i] == 1 ? 0.7 : 0.4) ? 1 : 0;
        }
        return Observations.builder().setGroups(AB, g).setLabels(y).optPredictions(p).build();
    }

    private static PoissonBootstrap of(Observations obs, int from, int to, boolean reversed) {
        PoissonBootstrap b = new PoissonBootstrap(obs.groups(), 300, 42);
        for (int j = from; j < to; j++) {
            int i = reversed ? to - 1 - (j - from) : j;
            b.add(i, obs.group()[i], obs.label()[i], obs.prediction()[i], 1);
        }
        return b;
    }

    @Test
    void splitsMergedInAnyOrderGiveTheSameIntervals() {
        Observations obs = biased();
        MetricFrame frame = MetricFrame.builder().setCounts(obs.counts()).optReference("a").build();
        PoissonBootstrap whole = of(obs, 0, 800, false);
        PoissonBootstrap merged = of(obs, 500, 800, true);
        merged.merge(of(obs, 0, 123, false));
        merged.merge(of(obs, 123, 500, true));
        assertArrayEquals(whole.cellCounts(), merged.cellCounts());
        assertArrayEquals(whole.cellWeights(), merged.cellWeights());
        List<MetricInterval> a = whole.intervals(frame, 0.95);
        assertEquals(a, merged.intervals(frame, 0.95));
        PoissonBootstrap shipped = PoissonBootstrap.ofCells(AB, 300, 42, merged.cellCounts(), merged.cellWeights());
        assertEquals(a, shipped.intervals(frame, 0.95));
        assertEquals(frame.metrics().size(), a.size());
        assertThrows(IllegalArgumentException.class, () -> whole.merge(new PoissonBootstrap(AB, 300, 43)));
    }

    @Test
    void intervalIsAsWideAsTheStratifiedOne() {
        Observations obs = biased();
        MetricFrame frame = MetricFrame.builder().setCounts(obs.counts()).optReference("a").build();
        MetricInterval spd = of(obs, 0, 800, false).intervals(frame, 0.95).stream()
                .filter(i -> i.estimate().metric() == FairnessMetric.STATISTICAL_PARITY_DIFFERENCE).findFirst()
                .orElseThrow();
        double est = spd.estimate().value().value();
        assertEquals(frame.metric(FairnessMetric.STATISTICAL_PARITY_DIFFERENCE, "b").value(), est);
        assertTrue(spd.lower().value() < est && est < spd.upper().value(), spd.toString());
        // the normal approximation gives a half-width of about 0.066 (see ResamplingTest); the
        // stratified bootstrap agrees, and so must this one
        double half = (spd.upper().value() - spd.lower().value()) / 2;
        assertEquals(0.066, half, 0.015);
        BootstrapInterval stratified = Bootstrap.interval(obs, FairnessMetric.STATISTICAL_PARITY_DIFFERENCE.versus(1, 0),
                300, 0.95, 42);
        assertEquals((stratified.upper().value() - stratified.lower().value()) / 2, half, 0.015);
        assertEquals(0, spd.undefinedReplicates());
    }

    @Test
    void replicateCountsAreTheDrawsTimesTheRows() {
        PoissonBootstrap b = new PoissonBootstrap(AB, 3, 9);
        b.add(17, 1, 1, 0, 2.5);
        for (int r = 0; r < 3; r++) {
            GroupConfusion c = b.replicate(r);
            int k = PoissonBootstrap.draw(9, 17, r);
            assertEquals(k, c.count(1, GroupConfusion.FN));
            assertEquals(2.5 * k, c.weight(1, GroupConfusion.FN));
            assertEquals(k, c.totalCount());
        }
        assertThrows(IllegalArgumentException.class, () -> b.add(1, 2, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PoissonBootstrap(AB, 0, 1));
    }
}
