package dev.fairtune.bench;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.data.ColumnMapping;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.LabelMapping;
import dev.fairtune.data.Splits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.TextDatasetReader;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.RateGapPenalty;
import dev.fairtune.sweep.Sweep;
import dev.fairtune.sweep.SweepPoint;
import dev.fairtune.sweep.SweepResult;
import dev.fairtune.sweep.SweepRule;
import dev.fairtune.train.EvaluationRecord;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.FrozenLayerCache;
import dev.fairtune.train.SelectionObjective;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of a 6-point sweep (plain + the FPR-gap penalty at 5 weights) on MiniLM against 6
 * separate fine-tunes of the same settings, in one process, back to back:
 *
 * <ol>
 *   <li>separate: for each point, load the pretrained model, build the classifier and fit (what a
 *       user does with six {@code fairtune train} runs, minus the JVM start);
 *   <li>sweep: {@link Sweep} without the cache (one model load, shared starting weights);
 *   <li>sweep + cache: {@link Sweep} with a {@link FrozenLayerCache} over the 4 frozen layers.
 * </ol>
 *
 * The separate fine-tunes and the uncached sweep must give the same validation figures (same
 * weights, seed and data: a check that the sweep changes nothing but the cost). Prints one line per
 * phase and a JSON line with the ratios. Usage: {@code SweepBenchmark [--data DIR] [--epochs N]
 * [--max-length N] [--train-rows N] [--out DIR]} (a stratified subsample of the training split); see
 * docs/benchmarks.md.
 */
public final class SweepBenchmark {

    private SweepBenchmark() {}

    /** Runs the three phases. */
    public static void main(String[] args) throws Exception {
        String data = "../shared/datasets";
        int epochs = 1;
        int maxLength = 64;
        int trainRows = 0;
        Path out = Path.of("target", "bench-sweep");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = args[i + 1];
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--max-length" -> maxLength = Integer.parseInt(args[i + 1]);
                case "--train-rows" -> trainRows = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        TextDataset d = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("comment").setLabel("toxic").optGroup("identity_group", "none")
                        .build())
                .setLabels(LabelMapping.builder().setNames("non-toxic", "toxic").map("0", 0).map("1", 1).build())
                .build().read(Path.of(data, "wiki_toxicity_identity", "derived_wiki_toxicity_identity.csv")).dataset();
        int[] g = d.groups("identity_group");
        int[] mention = new int[g.length];
        for (int i = 0; i < g.length; i++) {
            mention[i] = g[i] == 0 ? 0 : 1;
        }
        d = d.withAttribute(GroupAttribute.of("mentions_identity", "no", "yes"), mention);
        DatasetSplits s = Splits.trainValidationTest(d, 0.8, 0.1, 0.1, 1);
        if (trainRows > 0 && trainRows < s.train().size()) {
            double share = (double) trainRows / s.train().size();
            s = new DatasetSplits(Splits.stratified(s.train(), new double[] {share, 1 - share}, 1).get(0), s.validation(),
                    s.test());
        }
        TrainerConfig config = TrainerConfig.forCpu().optEpochs(epochs).optBatchSize(16).optLearningRate(5e-5)
                .optMaxLength(maxLength).optSeed(1).optRestoreBest(false).build();
        Freezing freezing = Freezing.embeddings().or(Freezing.firstLayers(4));
        MetricSpec metric = MetricSpec.of(FairnessMetric.FPR_GAP);
        List<Double> lambdas = List.of(0.1, 0.3, 1.0, 3.0, 10.0);
        System.out.printf(Locale.ROOT, "train %d, validation %d rows; %d epoch(s), batch 16, max length %d; embeddings"
                + " and layers 0-3 frozen%n", s.train().size(), s.validation().size(), epochs, maxLength);

        long t0 = System.nanoTime();
        List<double[]> separate = new ArrayList<>();
        for (int k = 0; k <= lambdas.size(); k++) {
            try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm())) {
                BertClassifier c = BertClassifier.builder(model).optLabels(s.train().labelNames()).optNewHead(true)
                        .optSeed(1).build();
                FairTrainer.Builder b = FairTrainer.builder().setModel(model).setClassifier(c).setConfig(config)
                        .optFreezing(freezing).optMonitoredMetric(metric).optGroupAttribute("mentions_identity");
                if (k > 0) {
                    b.addPenalty(RateGapPenalty.of(FairnessMetric.FPR_GAP), lambdas.get(k - 1));
                }
                TrainingResult r = b.build().fit(s.train(), s.validation());
                EvaluationRecord e = r.history().lastEvaluation().orElseThrow();
                separate.add(new double[] {e.accuracy(), e.auc().value(), metric.distanceFromIdeal(e.metric())});
            }
        }
        double separateS = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "6 separate fine-tunes: %.1f s%n", separateS);

        double[] sweepS = new double[2];
        List<SweepResult> results = new ArrayList<>();
        for (int phase = 0; phase < 2; phase++) {
            Path dir = out.resolve(phase == 0 ? "sweep" : "sweep-cached");
            if (Files.exists(dir)) {
                dev.fairtune.io.AtomicFiles.deleteTree(dir);
            }
            long t = System.nanoTime();
            try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm())) {
                BertClassifier c = BertClassifier.builder(model).optLabels(s.train().labelNames()).optNewHead(true)
                        .optSeed(1).build();
                Sweep.Builder b = Sweep.builder().setModel(model).setClassifier(c).setConfig(config).setMetric(metric)
                        .setRule(new SweepRule.Knee(SelectionObjective.Primary.AUC)).setDirectory(dir)
                        .optFreezing(freezing).optRunCheckpoints(false).optGroupAttribute("mentions_identity")
                        .addPenalty(() -> RateGapPenalty.of(FairnessMetric.FPR_GAP), lambdas);
                if (phase == 1) {
                    b.optFrozenLayerCache(FrozenLayerCache.of(4, FrozenLayerCache.DEFAULT_MAX_BYTES));
                }
                results.add(b.build().run(s.train(), s.validation(), null));
            }
            sweepS[phase] = (System.nanoTime() - t) / 1e9;
            System.out.printf(Locale.ROOT, "sweep%s: %.1f s%n", phase == 0 ? "" : " + frozen-layer cache", sweepS[phase]);
        }
        boolean same = true;
        for (int k = 0; k < separate.size(); k++) {
            SweepPoint p = results.get(0).points().get(k);
            double[] e = separate.get(k);
            same &= p.accuracy() == e[0] && (p.auc() == e[1]) && (p.distance() == e[2] || Double.isNaN(e[2]));
            SweepPoint q = results.get(1).points().get(k);
            System.out.printf(Locale.ROOT, "  %-22s separate acc %.4f AUC %.4f gap %.4f | sweep acc %.4f AUC %.4f gap"
                    + " %.4f | cached acc %.4f AUC %.4f gap %.4f%s%n", p.name(), e[0], e[1], e[2], p.accuracy(), p.auc(),
                    p.distance(), q.accuracy(), q.auc(), q.distance(), q.collapsed() ? " (cached run collapsed)" : "");
        }
        System.out.printf(Locale.ROOT, "{\"separate_s\": %.1f, \"sweep_s\": %.1f, \"sweep_cached_s\": %.1f, "
                        + "\"separate_over_sweep\": %.2f, \"separate_over_cached\": %.2f, \"sweep_equals_separate\": %s}%n",
                separateS, sweepS[0], sweepS[1], separateS / sweepS[0], separateS / sweepS[1], same);
    }
}
