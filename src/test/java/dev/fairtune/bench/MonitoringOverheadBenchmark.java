package dev.fairtune.bench;

import dev.fairtune.fairness.MetricSpec;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.fairtune.data.ColumnMapping;
import dev.fairtune.data.LabelMapping;
import dev.fairtune.data.Splits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.TextDatasetReader;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.train.BatchRecord;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingControl;
import dev.fairtune.train.TrainingListener;
import dev.fairtune.train.TrainingState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cost of the trainer's per-batch monitoring (one host read of the logits, the arg-max, the
 * running {@link GroupConfusion} update and the monitored metric) against the training step, two
 * ways, in one JVM:
 *
 * <ol>
 *   <li>A/B: short {@link FairTrainer} runs of MiniLM (embeddings and layers 0-3 frozen, batch 16,
 *       wiki comments cut to 64 tokens) alternate between batch monitoring on and off, round after
 *       round (the order flips each round); a listener takes the wall time between consecutive
 *       step ends (the first step of each run is dropped). Medians are compared.
 *   <li>Direct: the monitoring work alone on a (16, 2) logits array, timed over many repetitions.
 * </ol>
 *
 * <pre>
 * java -cp ... -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 dev.fairtune.bench.MonitoringOverheadBenchmark \
 *     --rounds 6 --steps 8
 * </pre>
 *
 * Prints one JSON line. The data folder comes from {@code -Dfairtune.data} or FAIRTUNE_DATA.
 */
public final class MonitoringOverheadBenchmark {

    private MonitoringOverheadBenchmark() {}

    /** Entry point; options {@code --rounds --steps --batch --max-length}. */
    public static void main(String[] args) throws IOException {
        int rounds = 6;
        int steps = 8;
        int batch = 16;
        int maxLength = 64;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--rounds" -> rounds = v;
                case "--steps" -> steps = v;
                case "--batch" -> batch = v;
                case "--max-length" -> maxLength = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String folder = System.getProperty("fairtune.data", System.getenv().getOrDefault("FAIRTUNE_DATA", "../shared/datasets"));
        TextDataset wiki = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("comment").setLabel("toxic").optGroup("identity_group", "none").build())
                .setLabels(LabelMapping.builder().setNames("non-toxic", "toxic").map("0", 0).map("1", 1).build())
                .build().read(Path.of(folder, "wiki_toxicity_identity", "derived_wiki_toxicity_identity.csv")).dataset();
        List<TextDataset> parts = Splits.stratified(wiki, new double[] {0.95, 0.05}, 1);
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm())) {
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    boolean monitoring = (r + k) % 2 == 0;
                    List<Double> times = monitoring ? on : off;
                    BertClassifier c = BertClassifier.builder(model).optLabels(wiki.labelNames()).optSeed(r).build();
                    long[] last = {0};
                    FairTrainer.builder().setModel(model).setClassifier(c)
                            .setConfig(TrainerConfig.builder().optBatchSize(batch).optMaxLength(maxLength).optMaxSteps(steps)
                                    .optSeed(r).optBatchMonitoring(monitoring).optRestoreBest(false).build())
                            .optFreezing(Freezing.embeddings().or(Freezing.firstLayers(4)))
                            .optMonitoredMetric(MetricSpec.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE))
                            .addListener(new TrainingListener() {
                                @Override
                                public void onBatchEnd(BatchRecord b, TrainingState state, TrainingControl control) {
                                    long now = System.nanoTime();
                                    if (b.step() > 1) {
                                        times.add((now - last[0]) / 1e9);
                                    }
                                    last[0] = now;
                                }
                            })
                            .build()
                            .fit(parts.get(0), parts.get(1));
                }
            }
        }
        double direct = directCost(batch, 4);
        double medianOn = median(on);
        double medianOff = median(off);
        System.out.printf(Locale.ROOT, "{\"steps_on\": %d, \"steps_off\": %d, \"median_step_s_on\": %.4f, \"median_step_s_off\": %.4f,"
                        + " \"ratio_on_off\": %.4f, \"direct_monitoring_s\": %.7f, \"direct_share_of_step\": %.6f}%n",
                on.size(), off.size(), medianOn, medianOff, medianOn / medianOff, direct, direct / medianOff);
    }

    /** Seconds per batch of the monitoring work alone: logits to the host, arg-max, counts, metric. */
    static double directCost(int batch, int groups) {
        Groups g = Groups.of(Arrays.asList("g0", "g1", "g2", "g3").subList(0, groups));
        GroupConfusion running = new GroupConfusion(g);
        MetricSpec metric = MetricSpec.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE);
        int reps = 20_000;
        double sink = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.randomNormal(new ai.djl.ndarray.types.Shape(batch, 2));
            int[] group = new int[batch];
            int[] label = new int[batch];
            for (int i = 0; i < batch; i++) {
                group[i] = i % groups;
                label[i] = (i / groups) % 2;
            }
            long start = 0;
            for (int rep = -2000; rep < reps; rep++) {
                if (rep == 0) {
                    start = System.nanoTime();
                }
                float[] z = logits.toFloatArray();
                int[] p = new int[batch];
                for (int i = 0; i < batch; i++) {
                    p[i] = z[2 * i + 1] > z[2 * i] ? 1 : 0;
                }
                running.update(group, label, p, null, 0, batch);
                sink += metric.compute(running, 0).value();
            }
            double seconds = (System.nanoTime() - start) / 1e9 / reps;
            if (sink == 42) {
                System.out.println();
            }
            return seconds;
        }
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
