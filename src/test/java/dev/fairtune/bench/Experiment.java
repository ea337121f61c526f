package dev.fairtune.bench;

import dev.fairtune.fairness.MetricSpec;
import ai.djl.nn.Parameter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.fairtune.data.ColumnMapping;
import dev.fairtune.data.Fold;
import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.LabelMapping;
import dev.fairtune.data.Splits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.TextDatasetReader;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.fairness.ScoreSummary;
import dev.fairtune.fairness.CountMetric;
import dev.fairtune.fairness.stats.Bootstrap;
import dev.fairtune.fairness.stats.BootstrapInterval;
import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.AdversarialPenalty;
import dev.fairtune.penalty.CounterfactualLogitPairingPenalty;
import dev.fairtune.penalty.MmdPenalty;
import dev.fairtune.penalty.RateGapPenalty;
import dev.fairtune.postprocess.FairnessConstraint;
import dev.fairtune.postprocess.ThresholdPostProcessor;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.LagrangianTarget;
import dev.fairtune.train.Predictions;
import dev.fairtune.train.SelectionObjective;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingResult;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mitigation experiment of docs/results.md: on one data set, with stratified folds, fine-tune
 * MiniLM (built in, partly frozen) plainly, with each fairness penalty, and with a Lagrangian
 * target, and post-process the plain model with group thresholds; pool every fold's test
 * predictions and report overall AUC, accuracy, per-group FPR and TPR, the FPR gap, the average
 * odds difference and the subgroup, BPSN and BNSP AUCs, each with a group-stratified bootstrap
 * interval. Writes {@code results.json} and {@code results.md} under {@code --out}, and each
 * method-fold's predictions as it finishes ({@code --out}/predictions), so a cut run can be
 * continued with the same command (finished method-folds are read back, not retrained).
 *
 * <pre>
 * java -cp ... dev.fairtune.bench.Experiment --dataset wiki --folds 3 --epochs 2 --max-length 64 \
 *     --frozen-layers 4 --out target/experiment-wiki
 * </pre>
 *
 * Options (defaults in brackets): {@code --dataset wiki|reddit}, {@code --data} folder [property
 * fairtune.data, env FAIRTUNE_DATA, ../shared/datasets], {@code --folds} [3], {@code --repeats} [1],
 * {@code --seed} [42], {@code --epochs} [2], {@code --max-length} [64], {@code --batch} [16],
 * {@code --lr} [5e-5], {@code --frozen-layers} k: freeze embeddings and layers 0..k-1 [4], {@code
 * --methods} comma list of {@link Method} names [all], {@code --lambda-rate} [2], {@code
 * --lambda-mmd} [1], {@code --lambda-clp} [0.2], {@code --lambda-adversary} [0.5], {@code --bound}
 * target FPR gap [0.03], {@code --dual-step} [10], {@code --evals-per-epoch} for the Lagrangian
 * run [4], {@code --subsample} rows (0: all) [0], {@code --validation} share of each training
 * part [0.15], {@code --bootstrap} replicates [1000], {@code --out} [target/experiment-DATASET].
 *
 * <p>Wiki: label {@code toxic}; the groups for training and reporting are {@code
 * mentions_identity} (no: {@code identity_group} none, yes: any identity), reference "no". Reddit:
 * label {@code bias_sent}; groups {@code target_group} (five, reference female); the folds are
 * then a single stratified train/test split per repeat when {@code --folds 1}.
 */
public final class Experiment {

    /** What is compared. */
    enum Method {
        PLAIN, FPR_GAP, EQUALIZED_ODDS, MMD, CLP, ADVERSARIAL, LAGRANGIAN, THRESHOLD_EQUAL_OPPORTUNITY,
        THRESHOLD_EQUALIZED_ODDS;

        boolean trains() {
            return this != THRESHOLD_EQUAL_OPPORTUNITY && this != THRESHOLD_EQUALIZED_ODDS;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, String> opt;
    private final String dataset;
    private final Path out;
    private final long seed;

    private Experiment(Map<String, String> opt) {
        this.opt = opt;
        this.dataset = get("dataset", "wiki");
        this.out = Path.of(get("out", "target/experiment-" + dataset));
        this.seed = Long.parseLong(get("seed", "42"));
    }

    private String get(String key, String fallback) {
        return opt.getOrDefault(key, fallback);
    }

    private int getInt(String key, int fallback) {
        return Integer.parseInt(get(key, Integer.toString(fallback)));
    }

    private double getDouble(String key, double fallback) {
        return Double.parseDouble(get(key, Double.toString(fallback)));
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) throws IOException {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value pairs, got " + args[i]);
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        new Experiment(opt).run();
    }

    /** Pooled out-of-fold test outputs of one method. */
    private static final class Pool {
        final List<Integer> group = new ArrayList<>();
        final List<Integer> label = new ArrayList<>();
        final List<Double> score = new ArrayList<>();
        final List<Integer> prediction = new ArrayList<>();
        final List<Map<String, Object>> folds = new ArrayList<>();
    }

    /** One method-fold's saved outputs. */
    record FoldOutput(String method, int fold, int[] testGroup, int[] testLabel, double[] testScore, int[] testPrediction,
            double[] validationScore, String selection, double seconds, int steps) {}

    private void run() throws IOException {
        Files.createDirectories(out.resolve("predictions"));
        TextDataset data = load();
        String attribute = data.attributes().get(data.attributes().size() - 1).name();
        GroupAttribute groupAttribute = data.attribute(attribute);
        Groups groups = Groups.of(groupAttribute.groups());
        int folds = getInt("folds", 3);
        int repeats = getInt("repeats", 1);
        List<Fold> splits = new ArrayList<>();
        if (folds == 1) {
            for (int r = 0; r < repeats; r++) {
                List<TextDataset> parts = Splits.stratified(data, new double[] {0.7, 0.3}, seed + r);
                splits.add(new Fold(r, 0, parts.get(0), parts.get(1)));
            }
        } else {
            splits.addAll(Splits.repeatedStratifiedKFold(data, folds, repeats, seed));
        }
        List<Method> methods = new ArrayList<>();
        for (String m : get("methods", String.join(",", Arrays.stream(Method.values()).map(Enum::name).toList())).split(",")) {
            methods.add(Method.valueOf(m.trim().toUpperCase(Locale.ROOT)));
        }
        if (methods.stream().anyMatch(m -> !m.trains()) && !methods.contains(Method.PLAIN)) {
            methods.add(0, Method.PLAIN);
        }
        log("data " + data + ", attribute " + attribute + groups.names() + ", " + splits.size() + " splits, methods " + methods);
        Map<Method, Pool> pools = new EnumMap<>(Method.class);
        methods.forEach(m -> pools.put(m, new Pool()));
        long start = System.nanoTime();
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm())) {
            Map<String, float[]> initial = new LinkedHashMap<>();
            model.encoder().namedParameters().forEach((n, p) -> initial.put(n, p.getArray().toFloatArray()));
            for (Fold fold : splits) {
                int k = fold.repeat() * Math.max(1, folds) + fold.fold();
                List<TextDataset> parts = Splits.stratified(fold.train(),
                        new double[] {1 - getDouble("validation", 0.15), getDouble("validation", 0.15)}, seed + 1000 + k);
                TextDataset train = parts.get(0);
                TextDataset validation = parts.get(1);
                TextDataset test = fold.test();
                FoldOutput plain = null;
                for (Method m : methods) {
                    Path saved = out.resolve("predictions").resolve(m.name().toLowerCase(Locale.ROOT) + "-fold" + k + ".json");
                    FoldOutput o;
                    if (Files.exists(saved)) {
                        o = JSON.readValue(saved.toFile(), FoldOutput.class);
                        log("read " + saved);
                    } else if (m.trains()) {
                        o = train(m, k, model, initial, train, validation, test, attribute);
                        JSON.writeValue(saved.toFile(), o);
                    } else {
                        o = postProcess(m, k, plain, validation, test, attribute, groups);
                        JSON.writeValue(saved.toFile(), o);
                    }
                    if (m == Method.PLAIN) {
                        plain = o;
                    }
                    add(pools.get(m), o, groups);
                    log(String.format(Locale.ROOT, "fold %d %s done (%.0f s so far)", k, m, (System.nanoTime() - start) / 1e9));
                }
            }
        }
        report(data, attribute, groups, methods, pools, splits.size(), (System.nanoTime() - start) / 1e9);
    }

    private TextDataset load() throws IOException {
        String folder = opt.getOrDefault("data", System.getProperty("fairtune.data",
                System.getenv().getOrDefault("FAIRTUNE_DATA", "../shared/datasets")));
        TextDataset d;
        if (dataset.equals("wiki")) {
            d = wiki(folder);
        } else if (dataset.equals("reddit")) {
            d = TextDatasetReader.builder()
                    .setColumns(ColumnMapping.builder().setText("comment").setLabel("bias_sent").optGroup("target_group").build())
                    .setLabels(LabelMapping.ofNames("0", "1"))
                    .build().read(Path.of(folder, "redditbias", "derived_redditbias_annotated.csv")).dataset();
        } else {
            throw new IllegalArgumentException("--dataset must be wiki or reddit, got " + dataset);
        }
        int subsample = getInt("subsample", 0);
        if (subsample > 0 && subsample < d.size()) {
            d = Splits.stratified(d, new double[] {(double) subsample / d.size(), 1 - (double) subsample / d.size()}, seed).get(0);
        }
        return d;
    }

    /** The wiki toxicity comments with the group attribute {@code mentions_identity} (no: none, yes: any identity). */
    static TextDataset wiki(String folder) throws IOException {
        TextDataset d = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("comment").setLabel("toxic").optGroup("identity_group", "none").build())
                .setLabels(LabelMapping.builder().setNames("non-toxic", "toxic").map("0", 0).map("1", 1).build())
                .build().read(Path.of(folder, "wiki_toxicity_identity", "derived_wiki_toxicity_identity.csv")).dataset();
        int[] g = d.groups("identity_group");
        int[] mention = new int[g.length];
        for (int i = 0; i < g.length; i++) {
            mention[i] = g[i] == 0 ? 0 : 1;   // id 0 is the reference "none"
        }
        return d.withAttribute(GroupAttribute.of("mentions_identity", "no", "yes"), mention);
    }

    private FoldOutput train(Method m, int k, PretrainedModel model, Map<String, float[]> initial, TextDataset train,
            TextDataset validation, TextDataset test, String attribute) throws IOException {
        long t0 = System.nanoTime();
        try (Autograd.Mode g = Autograd.noGrad()) {
            for (Map.Entry<String, Parameter> e : model.encoder().namedParameters().entrySet()) {
                e.getValue().getArray().set(FloatBuffer.wrap(initial.get(e.getKey())));
            }
        }
        BertClassifier classifier = BertClassifier.builder(model).optLabels(train.labelNames()).optSeed(seed + k).build();
        int groupsCount = train.attribute(attribute).size();
        int epochs = getInt("epochs", 2);
        int batch = getInt("batch", 16);
        int stepsPerEpoch = (train.size() + batch - 1) / batch;
        TrainerConfig.Builder config = TrainerConfig.builder()
                .optEpochs(epochs)
                .optBatchSize(batch)
                .optEvalBatchSize(64)
                .optLearningRate(getDouble("lr", 5e-5))
                .optWarmupSteps(stepsPerEpoch / 10)
                .optMaxLength(getInt("max-length", 64))
                .optSeed(seed + k)
                .optObjective(SelectionObjective.of(SelectionObjective.Primary.AUC));
        FairTrainer.Builder b = FairTrainer.builder().setModel(model).setClassifier(classifier)
                .optGroupAttribute(attribute)
                .optFreezing(Freezing.embeddings().or(Freezing.firstLayers(getInt("frozen-layers", 4))))
                .optMonitoredMetric(MetricSpec.of(FairnessMetric.FPR_GAP));
        switch (m) {
            case PLAIN -> { }
            case FPR_GAP -> b.addPenalty(RateGapPenalty.of(FairnessMetric.FPR_GAP), getDouble("lambda-rate", 2));
            case EQUALIZED_ODDS -> b.addPenalty(RateGapPenalty.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE),
                    getDouble("lambda-rate", 2));
            case MMD -> b.addPenalty(MmdPenalty.builder().optOnlyLabel(0).build(), getDouble("lambda-mmd", 1));
            case CLP -> b.addPenalty(new CounterfactualLogitPairingPenalty(CounterfactualLogitPairingPenalty.Distance.L1),
                    getDouble("lambda-clp", 0.2)).optCounterfactuals(CounterfactualRewriter.of(IdentityLexicon.builtIn()));
            case ADVERSARIAL -> b.addPenalty(AdversarialPenalty.builder().setNumClasses(2).setNumGroups(groupsCount)
                    .optConditionOnLabel(true).build(), getDouble("lambda-adversary", 0.5));
            case LAGRANGIAN -> {
                b.optTarget(LagrangianTarget.builder().setMetric(MetricSpec.of(FairnessMetric.FPR_GAP))
                        .setBound(getDouble("bound", 0.03)).optDualStepSize(getDouble("dual-step", 10)).build());
                config.optEvaluateEverySteps(Math.max(1, stepsPerEpoch / getInt("evals-per-epoch", 4)));
            }
            default -> throw new IllegalStateException(m + " does not train");
        }
        FairTrainer trainer = b.setConfig(config.build()).build();
        TrainingResult r = trainer.fit(train, validation);
        Predictions v = trainer.predict(validation);
        Predictions t = trainer.predict(test);
        double seconds = (System.nanoTime() - t0) / 1e9;
        r.history().write(out.resolve("predictions").resolve(m.name().toLowerCase(Locale.ROOT) + "-fold" + k + "-history.json"));
        return new FoldOutput(m.name(), k, test.groups(attribute), binary(test.labels()), t.scores(), t.positivePredictions(),
                v.scores(), r.selection(), seconds, r.history().batches().size());
    }

    private FoldOutput postProcess(Method m, int k, FoldOutput plain, TextDataset validation, TextDataset test,
            String attribute, Groups groups) {
        Observations fit = Observations.builder().setGroups(groups, validation.groups(attribute))
                .setLabels(binary(validation.labels())).optScores(plain.validationScore()).optThreshold(0.5).build();
        ThresholdPostProcessor pp = ThresholdPostProcessor.fit(fit, m == Method.THRESHOLD_EQUAL_OPPORTUNITY
                ? FairnessConstraint.EQUAL_OPPORTUNITY : FairnessConstraint.EQUALIZED_ODDS);
        int[] pred = pp.predict(plain.testGroup(), plain.testScore(), seed + k);
        return new FoldOutput(m.name(), k, plain.testGroup(), plain.testLabel(), plain.testScore(), pred,
                plain.validationScore(), "rules " + pp.rules(), 0, 0);
    }

    private static int[] binary(int[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] == 1 ? 1 : 0;
        }
        return out;
    }

    private void add(Pool pool, FoldOutput o, Groups groups) {
        for (int i = 0; i < o.testScore().length; i++) {
            pool.group.add(o.testGroup()[i]);
            pool.label.add(o.testLabel()[i]);
            pool.score.add(o.testScore()[i]);
            pool.prediction.add(o.testPrediction()[i]);
        }
        Observations obs = observations(o.testGroup(), o.testLabel(), o.testScore(), o.testPrediction(), groups);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("fold", o.fold());
        f.put("rows", o.testScore().length);
        f.put("auc", ScoreMetrics.summarize(obs).overallAuc().value());
        f.put("accuracy", Rate.ACCURACY.of(obs.counts().overall()).value());
        f.put("fpr_gap", FairnessMetric.FPR_GAP.compute(obs.counts()).value());
        f.put("seconds", o.seconds());
        f.put("steps", o.steps());
        f.put("selection", o.selection());
        pool.folds.add(f);
    }

    private static Observations observations(int[] g, int[] y, double[] s, int[] p, Groups groups) {
        return Observations.builder().setGroups(groups, g).setLabels(y).optPredictions(p).optScores(s).build();
    }

    private static Observations observations(Pool pool, Groups groups) {
        return observations(pool.group.stream().mapToInt(Integer::intValue).toArray(),
                pool.label.stream().mapToInt(Integer::intValue).toArray(),
                pool.score.stream().mapToDouble(Double::doubleValue).toArray(),
                pool.prediction.stream().mapToInt(Integer::intValue).toArray(), groups);
    }

    /** A value with its percentile interval. */
    record Estimate(double value, double lower, double upper) {
        static Estimate of(BootstrapInterval b) {
            return new Estimate(b.estimate().value(), b.lower().value(), b.upper().value());
        }

        String show(int digits) {
            String f = "%." + digits + "f";
            return Double.isNaN(value) ? "n/a"
                    : String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", value, lower, upper);
        }
    }

    private void report(TextDataset data, String attribute, Groups groups, List<Method> methods, Map<Method, Pool> pools,
            int splitCount, double seconds) throws IOException {
        int replicates = getInt("bootstrap", 1000);
        int reference = data.attribute(attribute).reference();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("options", opt);
        json.put("dataset", data.toString());
        json.put("fingerprint", data.fingerprint());
        json.put("attribute", attribute);
        json.put("groups", groups.names());
        json.put("splits", splitCount);
        json.put("seconds", seconds);
        Map<String, Object> results = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        md.append("| method | AUC | accuracy | FPR gap | ").append(groups.size() == 2 ? "AOD (" + groups.name(1 - reference)
                + " - " + groups.name(reference) + ") | " : "").append("FPR gap change | AUC change |\n");
        md.append("|---|---|---|---|").append(groups.size() == 2 ? "---|" : "").append("---|---|\n");
        StringBuilder perGroup = new StringBuilder("| method | group | rows | FPR | TPR | subgroup AUC | BPSN AUC | BNSP AUC |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        double plainGap = Double.NaN;
        double plainAuc = Double.NaN;
        for (Method m : methods) {
            Observations obs = observations(pools.get(m), groups);
            long s = seed + 7;
            Estimate auc = scoreInterval(obs, replicates, s, sum -> sum.overallAuc().value());
            Estimate acc = Estimate.of(Bootstrap.interval(obs, c -> Rate.ACCURACY.of(c.overall()), replicates, 0.95, s));
            Estimate gap = Estimate.of(Bootstrap.interval(obs, FairnessMetric.FPR_GAP.asCountMetric(), replicates, 0.95, s));
            Estimate aod = groups.size() == 2 ? Estimate.of(Bootstrap.interval(obs,
                    FairnessMetric.AVERAGE_ODDS_DIFFERENCE.versus(1 - reference, reference), replicates, 0.95, s)) : null;
            if (m == Method.PLAIN) {
                plainGap = gap.value();
                plainAuc = auc.value();
            }
            double gapChange = gap.value() / plainGap - 1;
            double aucChange = auc.value() - plainAuc;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("auc", auc);
            r.put("accuracy", acc);
            r.put("fpr_gap", gap);
            if (aod != null) {
                r.put("average_odds_difference", aod);
            }
            r.put("fpr_gap_change_vs_plain", gapChange);
            r.put("auc_change_vs_plain", aucChange);
            List<Map<String, Object>> byGroup = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                int gg = g;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("group", groups.name(g));
                row.put("rows", obs.counts().count(g));
                row.put("fpr", Estimate.of(Bootstrap.interval(obs, CountMetric.rate(Rate.FPR, g), replicates, 0.95, s)));
                row.put("tpr", Estimate.of(Bootstrap.interval(obs, CountMetric.rate(Rate.TPR, g), replicates, 0.95, s)));
                row.put("subgroup_auc", scoreInterval(obs, replicates, s, sum -> sum.byGroup().get(gg).auc().value()));
                row.put("bpsn_auc", scoreInterval(obs, replicates, s, sum -> sum.byGroup().get(gg).bpsnAuc().value()));
                row.put("bnsp_auc", scoreInterval(obs, replicates, s, sum -> sum.byGroup().get(gg).bnspAuc().value()));
                byGroup.add(row);
                perGroup.append("| ").append(m.name().toLowerCase(Locale.ROOT)).append(" | ").append(groups.name(g))
                        .append(" | ").append(row.get("rows"))
                        .append(" | ").append(((Estimate) row.get("fpr")).show(3))
                        .append(" | ").append(((Estimate) row.get("tpr")).show(3))
                        .append(" | ").append(((Estimate) row.get("subgroup_auc")).show(3))
                        .append(" | ").append(((Estimate) row.get("bpsn_auc")).show(3))
                        .append(" | ").append(((Estimate) row.get("bnsp_auc")).show(3)).append(" |\n");
            }
            r.put("by_group", byGroup);
            r.put("folds", pools.get(m).folds);
            results.put(m.name().toLowerCase(Locale.ROOT), r);
            md.append("| ").append(m.name().toLowerCase(Locale.ROOT)).append(" | ").append(auc.show(3)).append(" | ")
                    .append(acc.show(3)).append(" | ").append(gap.show(3)).append(" | ");
            if (aod != null) {
                md.append(aod.show(3)).append(" | ");
            }
            md.append(m == Method.PLAIN ? "-" : String.format(Locale.ROOT, "%+.0f%%", 100 * gapChange)).append(" | ")
                    .append(m == Method.PLAIN ? "-" : String.format(Locale.ROOT, "%+.1f pt", 100 * aucChange)).append(" |\n");
        }
        json.put("results", results);
        JSON.writeValue(out.resolve("results.json").toFile(), json);
        String text = "Data: " + data + "; groups " + attribute + " " + groups.names() + "; " + splitCount
                + " test folds pooled (" + pools.get(methods.get(0)).group.size() + " rows); 95% group-stratified"
                + " bootstrap intervals, " + replicates + " replicates; run took " + Math.round(seconds) + " s.\n\n"
                + md + "\n" + perGroup;
        Files.writeString(out.resolve("results.md"), text);
        log("\n" + text);
    }

    /** A group-stratified percentile bootstrap of a score metric (as {@link Bootstrap} does for count metrics). */
    interface ScoreStatistic {
        double of(ScoreSummary summary);
    }

    static Estimate scoreInterval(Observations obs, int replicates, long seed, ScoreStatistic statistic) {
        int n = obs.size();
        int[] g = obs.group();
        double estimate = statistic.of(ScoreMetrics.summarize(obs));
        List<int[]> byGroup = new ArrayList<>();
        for (int a = 0; a < obs.groups().size(); a++) {
            int aa = a;
            byGroup.add(java.util.stream.IntStream.range(0, n).filter(i -> g[i] == aa).toArray());
        }
        RandomGenerator rng = new Well19937c(seed);
        double[] values = new double[replicates];
        int defined = 0;
        int[] rg = new int[n];
        int[] ry = new int[n];
        double[] rs = new double[n];
        for (int b = 0; b < replicates; b++) {
            int k = 0;
            for (int[] rows : byGroup) {
                for (int j = 0; j < rows.length; j++) {
                    int i = rows[rng.nextInt(rows.length)];
                    rg[k] = g[i];
                    ry[k] = obs.label()[i];
                    rs[k] = obs.score()[i];
                    k++;
                }
            }
            double v = statistic.of(ScoreMetrics.summarize(obs.groups(), rg, ry, rs, null,
                    ScoreMetrics.DEFAULT_CALIBRATION_BINS, ScoreMetrics.BORKAN_POWER));
            if (!Double.isNaN(v)) {
                values[defined++] = v;
            }
        }
        if (Double.isNaN(estimate) || defined == 0) {
            return new Estimate(estimate, Double.NaN, Double.NaN);
        }
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(values, 0, defined);
        return new Estimate(estimate, p.evaluate(2.5), p.evaluate(97.5));
    }

    private void log(String message) {
        String line = String.format(Locale.ROOT, "[experiment %s] %s%n", dataset, message);
        System.out.print(line);
        try {
            Files.writeString(out.resolve("experiment.log"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write the log: " + e.getMessage());
        }
    }
}
