package dev.fairtune.bench;

import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.fairness.ScoreSummary;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-group ROC AUC, BPSN and BNSP AUCs, their power means and calibration errors on 1 million
 * scored rows in 8 groups (one radix sort and one sweep). The baseline sorts a copy of the scores
 * with {@link Arrays#sort(double[])}, the JDK's own primitive sort.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class AucBenchmark {
    static final int ROWS = 1_000_000;
    static final Groups GROUPS = Groups.of("g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7");

    int[] group;
    int[] label;
    double[] score;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(7);
        group = new int[ROWS];
        label = new int[ROWS];
        score = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            group[i] = r.nextInt(8);
            label[i] = r.nextInt(2);
            // Informative scores with some ties (rounded to 1e-4), as a classifier's probabilities are.
            double s = 0.35 * label[i] + 0.65 * r.nextDouble() - 0.02 * group[i];
            score[i] = Math.rint(Math.min(1, Math.max(0, s)) * 1e4) / 1e4;
        }
    }

    /** The JDK's sort of a copy of the scores, for scale. */
    @Benchmark
    public double[] baselineSortScores() {
        double[] copy = score.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** Per-group AUC, BPSN, BNSP, power means, bias score and calibration errors. */
    @Benchmark
    public ScoreSummary perGroupAucs() {
        return ScoreMetrics.summarize(GROUPS, group, label, score, null, 10, ScoreMetrics.BORKAN_POWER);
    }
}
