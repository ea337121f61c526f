package dev.fairtune.bench;

import ai.djl.nn.Parameter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.fairtune.data.Splits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.privacy.AttackResult;
import dev.fairtune.privacy.MembershipAttack;
import dev.fairtune.privacy.MembershipAudit;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.Predictions;
import dev.fairtune.train.SelectionObjective;
import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingProvenance;
import dev.fairtune.train.TrainingResult;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The privacy experiment of docs/results.md: on the wiki toxicity comments, one stratified split
 * (70% training, of which 15% validation, 30% test), fine-tune MiniLM (embeddings and layers 0..k-1
 * frozen) plainly, with DP-SGD at each target epsilon, and plainly for many epochs keeping the last
 * weights (over-trained). At the first epsilon every DP setting of {@code --dp-grid} is trained and the
 * one with the best validation AUC that did not collapse is kept (validation only; the test split is
 * scored once, for the kept model); the other epsilons train that setting. For each kept model: test AUC and FPR gap, and the membership-inference audit with
 * the training rows as members and the test rows as non-members (loss threshold and calibrated by
 * the untrained model's losses, bootstrap intervals). Writes {@code privacy.md} and {@code
 * privacy.json} under {@code --out}, rewritten after each model (order: plain, the first epsilon, over-trained,
 * the other epsilons).
 *
 * <pre>
 * java -cp ... dev.fairtune.bench.PrivacyExperiment --epsilons 8,3 --out target/experiment-privacy
 * </pre>
 *
 * Options [defaults]: {@code --data} [../shared/datasets], {@code --seed} [42], {@code --max-length}
 * [64], {@code --frozen-layers} [4], {@code --batch} [16], {@code --epochs} [2], {@code --lr} [5e-5],
 * {@code --dp-grid} [5e-4:4:64:4:1]: DP settings {@code lr:epochs:batch:frozen-layers:clip}, comma
 * separated, tried at the first epsilon; the later epsilons train the setting kept there, {@code --delta} [1e-5], {@code --epsilons} [8,3], {@code --over-epochs} [12], {@code --over-lr}
 * [1e-4], {@code --bootstrap} [1000], {@code --out} [target/experiment-privacy].
 */
public final class PrivacyExperiment {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ATTRIBUTE = "mentions_identity";

    private final Map<String, String> opt;

    private PrivacyExperiment(Map<String, String> opt) {
        this.opt = opt;
    }

    private String get(String k, String d) {
        return opt.getOrDefault(k, d);
    }

    private int getInt(String k, int d) {
        return Integer.parseInt(get(k, Integer.toString(d)));
    }

    private double getDouble(String k, double d) {
        return Double.parseDouble(get(k, Double.toString(d)));
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws IOException {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new PrivacyExperiment(opt).run();
    }

    /**
     * One DP setting tried at an epsilon, with its validation figures (the held evaluation's).
     *
     * @param setting lr:epochs:batch:frozen:clip
     */
    record Tried(String method, String setting, double validationAuc, boolean collapsed, double epsilon,
            double seconds) {}

    /** A DP setting of the grid. */
    record DpSetting(double lr, int epochs, int batch, int frozen, double clip) {
        static DpSetting parse(String s) {
            String[] f = s.split(":");
            if (f.length != 5) {
                throw new IllegalArgumentException("a --dp-grid entry is lr:epochs:batch:frozen-layers:clip, got " + s);
            }
            return new DpSetting(Double.parseDouble(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), Double.parseDouble(f[4]));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "lr %.0e, %d epochs, batch %d, layers 0-%d frozen, C %.2g", lr, epochs,
                    batch, frozen - 1, clip);
        }
    }

    /** One trained model's figures. */
    record Row(String method, int epochs, double seconds, double testAuc, double fprGap, double epsilon,
            String privacy, AttackResult loss, AttackResult calibrated, List<AttackResult> byGroup) {}

    private void run() throws IOException {
        long seed = Long.parseLong(get("seed", "42"));
        Path out = Path.of(get("out", "target/experiment-privacy"));
        Files.createDirectories(out);
        TextDataset data = Experiment.wiki(get("data", "../shared/datasets"));
        List<TextDataset> split = Splits.stratified(data, new double[] {0.7, 0.3}, seed);
        List<TextDataset> tv = Splits.stratified(split.get(0), new double[] {0.85, 0.15}, seed + 1);
        TextDataset train = tv.get(0);
        TextDataset validation = tv.get(1);
        TextDataset test = split.get(1);
        log("train " + train.size() + ", validation " + validation.size() + ", test " + test.size());
        List<Row> rows = new ArrayList<>();
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm())) {
            Map<String, float[]> initial = new LinkedHashMap<>();
            model.encoder().namedParameters().forEach((n, p) -> initial.put(n, p.getArray().toFloatArray()));
            double[][] reference = losses(model, fresh(model, initial, train, seed), train, test);
            rows.add(fit(model, initial, train, validation, test, reference, "plain", null, getInt("epochs", 2),
                    getInt("batch", 16), getDouble("lr", 5e-5), true, getInt("frozen-layers", 4), seed));
            write(out, rows, train, test);
            String[] epsilons = get("epsilons", "8,3").split(",");
            List<DpSetting> grid = new ArrayList<>();
            for (String g : get("dp-grid", "5e-4:4:64:4:1").split(",")) {
                grid.add(DpSetting.parse(g));
            }
            for (int i = 0; i < epsilons.length; i++) {
                double eps = Double.parseDouble(epsilons[i]);
                rows.add(fitPrivate(model, initial, train, validation, test, reference, "dp-eps" + epsilons[i], eps,
                        i == 0 ? grid : List.of(kept), seed));
                write(out, rows, train, test);
                if (i == 0) { // the over-trained model right after the first private one: the comparison the audit is for
                    rows.add(fit(model, initial, train, validation, test, reference, "over-trained", null,
                            getInt("over-epochs", 12), getInt("batch", 16), getDouble("over-lr", 1e-4), false,
                            getInt("frozen-layers", 4), seed));
                    write(out, rows, train, test);
                }
            }
        }
    }

    private final List<Tried> tried = new ArrayList<>();
    private DpSetting kept;

    /**
     * Trains each DP setting at {@code eps}, keeps the one with the best validation AUC among those
     * that did not collapse (the best collapsed one when all did, and its row says so), and measures
     * only that one on the test split.
     */
    private Row fitPrivate(PretrainedModel model, Map<String, float[]> initial, TextDataset train, TextDataset validation,
            TextDataset test, double[][] reference, String name, double eps, List<DpSetting> grid, long seed)
            throws IOException {
        BertClassifier best = null;
        Tried bestTried = null;
        DpSetting bestSetting = null;
        TrainingResult bestResult = null;
        Map<String, float[]> bestEncoder = null;
        for (DpSetting g : grid) {
            long t0 = System.nanoTime();
            BertClassifier c = fresh(model, initial, train, seed);
            TrainerConfig.Privacy privacy = TrainerConfig.Privacy.targetEpsilon(eps, getDouble("delta", 1e-5), g.clip());
            TrainingResult r = train(model, c, train, validation, privacy, g.epochs(), g.batch(), g.lr(), true, g.frozen(),
                    seed);
            var held = r.best().orElseGet(() -> r.history().lastEvaluation().orElseThrow());
            Tried t = new Tried(name, g.toString(), held.auc().isDefined() ? held.auc().value() : Double.NaN,
                    held.collapsed(), r.history().provenance().privacy().epsilon(), (System.nanoTime() - t0) / 1e9);
            tried.add(t);
            log(String.format(Locale.ROOT, "%s, %s: validation AUC %.4f%s, epsilon %.3f; %.0f s", name, g,
                    t.validationAuc(), t.collapsed() ? " (COLLAPSED)" : "", t.epsilon(), t.seconds()));
            boolean better = bestTried == null || (bestTried.collapsed() && !t.collapsed())
                    || (bestTried.collapsed() == t.collapsed() && t.validationAuc() > bestTried.validationAuc());
            if (better) {
                best = c;
                bestTried = t;
                bestSetting = g;
                bestResult = r;
                bestEncoder = new LinkedHashMap<>();
                for (Map.Entry<String, Parameter> e : model.encoder().namedParameters().entrySet()) {
                    bestEncoder.put(e.getKey(), e.getValue().getArray().toFloatArray());
                }
            }
        }
        restore(model, bestEncoder);
        kept = bestSetting;
        log(name + ": kept " + bestSetting + " (best validation AUC" + (bestTried.collapsed() ? ", every setting collapsed"
                : " among the settings that did not collapse") + ")");
        return measure(model, best, bestResult, train, test, reference, name + " (" + bestSetting + ")",
                bestSetting.epochs(), bestTried.seconds(), seed);
    }

    /** Writes the rows so far (a cut run keeps what it finished). */
    private void write(Path out, List<Row> rows, TextDataset train, TextDataset test) throws IOException {
        JSON.writeValue(out.resolve("privacy.json").toFile(), Map.of("models", rows, "dpSettingsTried", tried));
        StringBuilder md = new StringBuilder(table(rows, train.size(), test.size()));
        md.append("\nDP settings tried, chosen on validation (the held evaluation's validation AUC):\n\n"
                + "| run | setting | validation AUC | collapsed | epsilon | seconds |\n|---|---|---|---|---|---|\n");
        for (Tried t : tried) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %.2f | %.0f |%n", t.method(), t.setting(),
                    t.validationAuc(), t.collapsed() ? "yes" : "no", t.epsilon(), t.seconds()));
        }
        Files.writeString(out.resolve("privacy.md"), md.toString());
        log("wrote " + out.resolve("privacy.md") + " (" + rows.size() + " models)");
    }

    private static BertClassifier fresh(PretrainedModel model, Map<String, float[]> initial, TextDataset train, long seed) {
        restore(model, initial);
        return BertClassifier.builder(model).optLabels(train.labelNames()).optSeed(seed).build();
    }

    /** Sets the encoder's weights. */
    private static void restore(PretrainedModel model, Map<String, float[]> weights) {
        try (Autograd.Mode g = Autograd.noGrad()) {
            for (Map.Entry<String, Parameter> e : model.encoder().namedParameters().entrySet()) {
                e.getValue().getArray().set(FloatBuffer.wrap(weights.get(e.getKey())));
            }
        }
    }

    /** The per-example losses of the members (training rows) and non-members (test rows). */
    private double[][] losses(PretrainedModel model, BertClassifier c, TextDataset train, TextDataset test) {
        FairTrainer predictor = FairTrainer.builder().setModel(model).setClassifier(c)
                .setConfig(TrainerConfig.builder().optMaxLength(getInt("max-length", 64)).optEvalBatchSize(64).build()).build();
        return new double[][] {predictor.predict(train).crossEntropies(train.labels(), model.manager()),
                predictor.predict(test).crossEntropies(test.labels(), model.manager())};
    }

    private Row fit(PretrainedModel model, Map<String, float[]> initial, TextDataset train, TextDataset validation,
            TextDataset test, double[][] reference, String name, TrainerConfig.Privacy privacy, int epochs, int batch,
            double lr, boolean restoreBest, int frozen, long seed) throws IOException {
        long t0 = System.nanoTime();
        BertClassifier c = fresh(model, initial, train, seed);
        TrainingResult r = train(model, c, train, validation, privacy, epochs, batch, lr, restoreBest, frozen, seed);
        return measure(model, c, r, train, test, reference, name, epochs, (System.nanoTime() - t0) / 1e9, seed);
    }

    private TrainingResult train(PretrainedModel model, BertClassifier c, TextDataset train, TextDataset validation,
            TrainerConfig.Privacy privacy, int epochs, int batch, double lr, boolean restoreBest, int frozen, long seed)
            throws IOException {
        TrainerConfig.Builder config = TrainerConfig.builder().optEpochs(epochs).optBatchSize(batch).optEvalBatchSize(64)
                .optLearningRate(lr).optMaxLength(getInt("max-length", 64)).optSeed(seed).optRestoreBest(restoreBest)
                .optObjective(SelectionObjective.of(SelectionObjective.Primary.AUC)).optPrivacy(privacy);
        if (privacy == null) {
            config.optWarmupSteps((train.size() + batch - 1) / batch / 10);
        }
        FairTrainer.Builder trainer = FairTrainer.builder().setModel(model).setClassifier(c).setConfig(config.build())
                .optGroupAttribute(ATTRIBUTE)
                .optFreezing(Freezing.embeddings().or(Freezing.firstLayers(frozen)))
                .optMonitoredMetric(MetricSpec.of(FairnessMetric.FPR_GAP));
        return trainer.build().fit(train, validation);
    }

    /** Scores the test split once and audits membership. */
    private Row measure(PretrainedModel model, BertClassifier c, TrainingResult r, TextDataset train, TextDataset test,
            double[][] reference, String name, int epochs, double seconds, long seed) {
        FairTrainer predictor = FairTrainer.builder().setModel(model).setClassifier(c)
                .setConfig(TrainerConfig.builder().optMaxLength(getInt("max-length", 64)).optEvalBatchSize(64).build()).build();
        Predictions t = predictor.predict(test);
        Observations obs = t.observations(test, ATTRIBUTE);
        double[][] losses = losses(model, c, train, test);
        MembershipAudit.Result audit = MembershipAudit.builder().setMemberLosses(losses[0]).setNonMemberLosses(losses[1])
                .optReferenceLosses(reference[0], reference[1])
                .optGroups(train.attribute(ATTRIBUTE).groups(), train.groups(ATTRIBUTE), test.groups(ATTRIBUTE))
                .optReplicates(getInt("bootstrap", 1000)).optSeed(seed).build().run();
        TrainingProvenance.PrivacyInfo p = r.history().provenance().privacy();
        Row row = new Row(name, epochs, seconds,
                ScoreMetrics.auc(obs.label(), obs.score(), null).value(), FairnessMetric.FPR_GAP.compute(obs.counts()).value(),
                p == null ? Double.NaN : p.epsilon(), p == null ? "non-private" : p.describe(),
                audit.overall(MembershipAttack.LOSS_THRESHOLD).orElseThrow(),
                audit.overall(MembershipAttack.CALIBRATED_LOSS).orElseThrow(), audit.byGroup());
        log(String.format(Locale.ROOT, "%s: AUC %.4f, FPR gap %.4f, attack AUC %.4f (calibrated %.4f), epsilon %.3f, %s; %.0f s",
                name, row.testAuc(), row.fprGap(), row.loss().auc().value(), row.calibrated().auc().value(), row.epsilon(),
                r.selection(), row.seconds()));
        return row;
    }

    private static String table(List<Row> rows, int members, int nonMembers) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Members: %d training rows; non-members: %d test rows.%n%n", members, nonMembers));
        s.append("| model | epochs | epsilon (delta 1e-5) | test AUC | FPR gap | attack AUC (loss) | advantage (loss) |"
                + " attack AUC (calibrated) | advantage (calibrated) | seconds |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f | %.3f | %s | %s | %s | %s | %.0f |%n", r.method(),
                    r.epochs(), Double.isNaN(r.epsilon()) ? "none (not private)" : String.format(Locale.ROOT, "%.2f", r.epsilon()),
                    r.testAuc(), r.fprGap(), ci(r.loss().auc(), r.loss().aucLower(), r.loss().aucUpper()),
                    ci(r.loss().advantage(), r.loss().advantageLower(), r.loss().advantageUpper()),
                    ci(r.calibrated().auc(), r.calibrated().aucLower(), r.calibrated().aucUpper()),
                    ci(r.calibrated().advantage(), r.calibrated().advantageLower(), r.calibrated().advantageUpper()),
                    r.seconds()));
        }
        s.append("\nAttack AUC by group (loss threshold):\n\n| model | group | members | non-members | attack AUC |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            for (AttackResult a : r.byGroup()) {
                if (a.attack() == MembershipAttack.LOSS_THRESHOLD) {
                    s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s |%n", r.method(), a.group(), a.members(),
                            a.nonMembers(), ci(a.auc(), a.aucLower(), a.aucUpper())));
                }
            }
        }
        for (Row r : rows) {
            s.append("\n* ").append(r.method()).append(": ").append(r.privacy());
        }
        return s.append('\n').toString();
    }

    private static String ci(dev.fairtune.fairness.Value v, dev.fairtune.fairness.Value lo, dev.fairtune.fairness.Value hi) {
        return v.isDefined() ? String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v.value(), lo.value(), hi.value()) : v.toString();
    }

    private static void log(String s) {
        System.err.println("[privacy] " + s);
    }
}
