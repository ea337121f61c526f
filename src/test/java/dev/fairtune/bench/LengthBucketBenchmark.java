package dev.fairtune.bench;

import dev.fairtune.data.ColumnMapping;
import dev.fairtune.data.LabelMapping;
import dev.fairtune.data.Splits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.TextDatasetReader;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.train.EvaluationRecord;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.FrozenLayerCache;
import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The whole fine-tune three ways: random batches padded to each batch's longest text (the
 * baseline), length-bucketed batches, and length-bucketed batches with the frozen layers' outputs
 * cached ({@link FrozenLayerCache}, a fresh cache per run, so its first epoch fills it): MiniLM on {@code wiki_toxicity_identity} (80/20 stratified train/validation split,
 * seed 1), embeddings and layers 0-3 frozen, max length 128, the CPU preset otherwise (2 epochs,
 * batch 32, learning rate 1e-4, evaluation at each epoch end), for each seed the three ways back to
 * back (the order rotates from seed to seed), each run from freshly loaded pretrained weights. Prints one
 * JSON line per run as it ends: the wall time of {@code fit} (training, validation passes,
 * everything), the process's CPU time over it, the last validation AUC and the peak RSS so far.
 *
 * <pre>
 * java -cp ... -Dai.djl.offline=true dev.fairtune.bench.LengthBucketBenchmark --seeds 3 --epochs 2
 * </pre>
 *
 * The data folder comes from {@code -Dfairtune.data} or FAIRTUNE_DATA (default ../shared/datasets).
 */
public final class LengthBucketBenchmark {

    private static final int FROZEN_LAYERS = 4;

    /** The three ways, the baseline first. */
    private enum Arm { RANDOM, BUCKETS, BUCKETS_CACHE }

    private LengthBucketBenchmark() {}

    /** Entry point; options {@code --seeds N --epochs N --max-length N --batch N}. */
    public static void main(String[] args) throws IOException {
        int seeds = 3;
        int epochs = 2;
        int maxLength = 128;
        int batch = 32;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--seeds" -> seeds = v;
                case "--epochs" -> epochs = v;
                case "--max-length" -> maxLength = v;
                case "--batch" -> batch = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String folder = System.getProperty("fairtune.data", System.getenv().getOrDefault("FAIRTUNE_DATA", "../shared/datasets"));
        TextDataset wiki = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("comment").setLabel("toxic").optGroup("identity_group", "none").build())
                .setLabels(LabelMapping.builder().setNames("non-toxic", "toxic").map("0", 0).map("1", 1).build())
                .build().read(Path.of(folder, "wiki_toxicity_identity", "derived_wiki_toxicity_identity.csv")).dataset();
        List<TextDataset> parts = Splits.stratified(wiki, new double[] {0.8, 0.2}, 1);
        for (int seed = 0; seed < seeds; seed++) {
            for (int k = 0; k < Arm.values().length; k++) {
                Arm arm = Arm.values()[(seed + k) % Arm.values().length];
                // Every run starts from the pretrained weights (training changes the encoder's top layers).
                try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm())) {
                    BertClassifier c = BertClassifier.builder(model).optLabels(wiki.labelNames()).optSeed(seed).build();
                    TrainerConfig config = TrainerConfig.forCpu().optEpochs(epochs).optBatchSize(batch)
                            .optMaxLength(maxLength).optSeed(seed).optLengthBuckets(arm != Arm.RANDOM).build();
                    FairTrainer.Builder trainer = FairTrainer.builder().setModel(model).setClassifier(c).setConfig(config)
                            .optFreezing(Freezing.embeddings().or(Freezing.firstLayers(FROZEN_LAYERS)))
                            .optMonitoredMetric(MetricSpec.of(FairnessMetric.FPR_GAP));
                    FrozenLayerCache cache = null;
                    if (arm == Arm.BUCKETS_CACHE) {
                        cache = FrozenLayerCache.of(FROZEN_LAYERS, FrozenLayerCache.DEFAULT_MAX_BYTES);
                        trainer.optFrozenLayerCache(cache);
                    }
                    long start = System.nanoTime();
                    long cpuStart = processCpuNanos();
                    TrainingResult r = trainer.build().fit(parts.get(0), parts.get(1));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double cpu = (processCpuNanos() - cpuStart) / 1e9;
                    EvaluationRecord last = r.history().lastEvaluation().orElseThrow();
                    System.out.printf(Locale.ROOT, "{\"seed\": %d, \"arm\": \"%s\", \"train_rows\": %d, \"fit_s\": %.2f,"
                                    + " \"fit_cpu_s\": %.1f, \"validation_auc\": %.4f, \"validation_accuracy\": %.4f,"
                                    + " \"cache_mb\": %d, \"peak_rss_mb\": %d}%n",
                            seed, arm.name().toLowerCase(Locale.ROOT), parts.get(0).size(), seconds, cpu, last.auc().value(),
                            last.accuracy(), cache == null ? 0 : cache.storedBytes() >> 20,
                            TrainStepBenchmark.statusKb("VmHWM:") / 1024);
                }
            }
        }
    }

    /** CPU time of this process, all threads (less sensitive than wall time to other jobs on a shared machine). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
