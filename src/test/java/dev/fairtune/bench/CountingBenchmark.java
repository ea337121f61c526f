package dev.fairtune.bench;

import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
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
 * The counting pass over 10 million rows in 8 groups, and the full report (every rate of every
 * group, every aggregation and every named metric) built from it in the same run. The baseline
 * only reads the same three int arrays (a sum), to show how close the pass is to memory speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class CountingBenchmark {
    static final int ROWS = 10_000_000;
    static final Groups GROUPS = Groups.of("g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7");

    int[] group;
    int[] label;
    int[] prediction;
    double[] score;
    double[] weight;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        group = new int[ROWS];
        label = new int[ROWS];
        prediction = new int[ROWS];
        score = new double[ROWS];
        weight = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            group[i] = r.nextInt(8);
            label[i] = r.nextInt(2);
            score[i] = r.nextDouble();
            prediction[i] = score[i] >= 0.5 ? 1 : 0;
            weight[i] = 0.5 + r.nextDouble();
        }
    }

    /** Reads the three arrays once: the memory-bound floor of any counting pass. */
    @Benchmark
    public long baselineReadArrays() {
        long s = 0;
        for (int i = 0; i < ROWS; i++) {
            s += group[i] + label[i] + prediction[i];
        }
        return s;
    }

    /** The counting pass over binary predictions. */
    @Benchmark
    public GroupConfusion countPredictions() {
        GroupConfusion c = new GroupConfusion(GROUPS);
        c.update(group, label, prediction, null, 0, ROWS);
        return c;
    }

    /** The counting pass with sample weights. */
    @Benchmark
    public GroupConfusion countWeighted() {
        GroupConfusion c = new GroupConfusion(GROUPS);
        c.update(group, label, prediction, weight, 0, ROWS);
        return c;
    }

    /** The counting pass over scores with a threshold. */
    @Benchmark
    public GroupConfusion countScores() {
        GroupConfusion c = new GroupConfusion(GROUPS);
        c.updateScores(group, label, score, 0.5, null, 0, ROWS);
        return c;
    }

    /** Counting pass, then the full metric frame: all rates by group, aggregations, every named metric. */
    @Benchmark
    public MetricFrame fullReport() {
        GroupConfusion c = new GroupConfusion(GROUPS);
        c.update(group, label, prediction, null, 0, ROWS);
        return MetricFrame.builder().setCounts(c).optReference("g0").build();
    }
}
