package dev.fairtune.sweep;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.fairness.Collapse;
import dev.fairtune.fairness.Confusion;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.io.AtomicFiles;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.postprocess.FairnessConstraint;
import dev.fairtune.postprocess.ThresholdPostProcessor;
import dev.fairtune.train.Checkpointer;
import dev.fairtune.train.EvaluationRecord;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.FrozenLayerCache;
import dev.fairtune.train.Json;
import dev.fairtune.train.LagrangianTarget;
import dev.fairtune.train.Predictions;
import dev.fairtune.train.ProgressBarListener;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingHistory;
import dev.fairtune.train.TrainingResult;
import dev.fairtune.train.WeightSnapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;

/**
 * One method trained over a grid, the validation frontier, and a choice by a stated {@link
 * SweepRule}; the chosen model is then scored once on the test set.
 *
 * <p>The grid: a plain run (cross-entropy only, {@link Builder#optBaseline}), each penalty at each
 * of its weights ({@link Builder#addPenalty}; several penalties may be swept in one sweep) and each
 * bound of a Lagrangian target ({@link Builder#addTarget}). Every run starts from the same weights
 * (the classifier's when {@link #run} is called, restored before each run) with the same seed and
 * settings, so runs differ only in their penalty. Each run's point is the validation evaluation whose
 * weights its model holds (the selected one with restore-best on, else the last); a run whose
 * predictions collapse to one class is kept, marked collapsed, and never chosen.
 *
 * <p>On disk, under the sweep's folder: {@value #MANIFEST} (the grid and settings, to refuse a
 * resume with other ones) and, per run {@code runs/NN-name/}, its {@code model/} (HuggingFace
 * folder), {@code history.json} and, written last, {@value #POINT}. A finished run is never
 * trained again: calling {@link #run} after a crash continues with the first unfinished run, which
 * itself resumes from its newest checkpoint when run checkpoints are on ({@link
 * Builder#optRunCheckpoints}). Every file is written atomically ({@link AtomicFiles}).
 *
 * <p>Post-processing ({@link Builder#optPostProcessing}) adds one more point: group-specific
 * thresholds ({@link ThresholdPostProcessor}) fitted on the plain run's validation scores and
 * measured on the same validation rows (an optimistic figure, since they were fitted there; its test
 * figures are the check). Unlike the trained runs, it needs each person's group at prediction time.
 *
 * <p>Sharing: with a {@link FrozenLayerCache} ({@link Builder#optFrozenLayerCache}) the frozen
 * lower layers' outputs of each training text are computed once and reused by every epoch of every
 * run. Not thread-safe.
 */
public final class Sweep {

    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

    /** The sweep's manifest file. */
    public static final String MANIFEST = "sweep.json";
    /** The post-processing point's name. */
    public static final String POST_PROCESSING = "plain + group thresholds";
    /** A finished run's point file, written last. */
    public static final String POINT = "point.json";

    private final PretrainedModel model;
    private final BertClassifier classifier;
    private final TrainerConfig config;
    private final MetricSpec metric;
    private final SweepRule rule;
    private final Path directory;
    private final List<RunSpec> grid;
    private final Freezing freezing;
    private final String attribute;
    private final PrintStream progress;
    private final boolean allowSingleClass;
    private final CounterfactualRewriter rewriter;
    private final boolean runCheckpoints;
    private final FairnessConstraint postProcessing;
    private final FrozenLayerCache cache;

    /** One grid point: a name, a description, the grid value, its penalties and target. */
    private record RunSpec(String name, String method, double setting, Supplier<FairnessPenalty> penalty,
            double lambda, LagrangianTarget target) {}

    /**
     * What the manifest records, so that a resumed sweep is the same sweep.
     *
     * @param runs the runs' names and methods, in order
     * @param config the trainer settings
     * @param metric the frontier's fairness metric
     * @param train the training set's fingerprint
     * @param validation the validation set's fingerprint
     * @param start a hash of the starting weights (Java's {@code Arrays.hashCode} of each tensor, combined)
     */
    record Manifest(List<String> runs, String config, String metric, String train, String validation, long start) {}

    private Sweep(Builder b) {
        model = b.model;
        classifier = b.classifier;
        config = b.config;
        metric = b.metric;
        rule = b.rule;
        directory = b.directory;
        List<RunSpec> g = new ArrayList<>();
        if (b.baseline) {
            g.add(new RunSpec("plain", "cross-entropy only", Double.NaN, null, 0, null));
        }
        g.addAll(b.grid);
        grid = List.copyOf(g);
        freezing = b.freezing;
        attribute = b.attribute;
        progress = b.progress;
        allowSingleClass = b.allowSingleClass;
        rewriter = b.rewriter;
        runCheckpoints = b.runCheckpoints;
        postProcessing = b.postProcessing;
        cache = b.cache;
    }

    /** A builder: model, classifier, config, metric, rule and directory are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The runs' names, in order. */
    public List<String> runNames() {
        return grid.stream().map(RunSpec::name).toList();
    }

    /**
     * Trains every unfinished run, chooses on validation, loads the chosen run's weights into the
     * classifier and scores {@code test} once with it.
     *
     * @param test the test set; null to score nothing
     * @throws IllegalArgumentException when the folder holds a sweep with another grid, settings or
     *     data, or the trainer refuses the data
     * @throws IOException when a file cannot be written or read
     */
    public SweepResult run(TextDataset train, TextDataset validation, TextDataset test) throws IOException {
        String attr = attribute != null ? attribute : train.attributes().get(0).name();
        checkManifest(train, validation);
        WeightSnapshot start = WeightSnapshot.of(classifier.namedParameters());
        List<SweepPoint> points = new ArrayList<>();
        List<TrainingHistory> histories = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            RunSpec spec = grid.get(i);
            Path dir = runDirectory(i);
            String label = "run " + (i + 1) + "/" + grid.size();
            if (Files.isRegularFile(dir.resolve(POINT))) {
                points.add(Json.MAPPER.readValue(dir.resolve(POINT).toFile(), SweepPoint.class));
                histories.add(TrainingHistory.read(dir.resolve(HISTORY)));
                say(label + " " + spec.name() + ": finished earlier, kept (" + dir.resolve(POINT) + ")");
                continue;
            }
            say(label + " " + spec.name() + ": " + spec.method());
            start.restore();
            TrainingResult result = trainOne(spec, dir, label, train, validation, attr);
            EvaluationRecord e = heldEvaluation(spec, result, train.size());
            SweepPoint p = SweepPoint.of(spec.name(), spec.method(), SweepPoint.Kind.IN_PROCESSING, spec.setting(),
                    e.accuracy(), e.auc().value(), e.loss(), metric, e.metric(),
                    e.collapsed() ? e.collapse().reason() : null);
            AtomicFiles.writeFolder(dir.resolve(MODEL), d -> result.saveModel(model.tokenizerJson(), d));
            result.history().write(dir.resolve(HISTORY));
            Json.write(dir.resolve(POINT), p);
            if (Files.isDirectory(dir.resolve(CHECKPOINTS))) {
                AtomicFiles.deleteTree(dir.resolve(CHECKPOINTS));
            }
            if (p.collapsed()) {
                say(label + " " + spec.name() + ": COLLAPSED, " + p.collapseReason() + "; it cannot be chosen");
            }
            if (spec.target() != null) {
                say(label + " " + spec.name() + ": multiplier path " + multiplierPath(result.history()));
            }
            points.add(p);
            histories.add(result.history());
        }
        PostProcessed post = postProcessing == null ? null : postProcess(points, validation, test, attr);
        if (post != null) {
            points.add(post.point());
        }
        SweepChoice choice = rule.choose(points);
        say("sweep: " + rule.describe() + "; " + choice.explanation());
        LOG.info("sweep: {}", choice.explanation());
        Optional<Predictions> chosenTest = Optional.empty();
        Optional<Observations> postTest = Optional.empty();
        if (choice.chosen() != null && choice.chosen().kind() == SweepPoint.Kind.IN_PROCESSING) {
            loadRun(choice.chosen().name());
            if (test != null) {
                chosenTest = Optional.of(predictor().predict(test));
            }
        } else if (choice.chosen() != null) {
            loadRun(POST_PROCESSING);
            postTest = post.test() == null ? Optional.empty()
                    : Optional.of(post.fitted().apply(predictor().predict(test).observations(test, attr), config.seed()));
        }
        return new SweepResult(points, histories, choice, rule.describe(), chosenTest, postTest,
                Optional.ofNullable(post == null ? null : post.fitted()), directory);
    }

    /**
     * Loads the weights of a finished trained run into the classifier (the plain run's for the
     * post-processing point, whose thresholds then apply to its scores).
     *
     * @throws IllegalArgumentException when no run has that name
     * @throws IOException when its model cannot be read (the run has not finished)
     */
    public void loadRun(String name) throws IOException {
        loadWeights(runDirectory(grid.indexOf(specNamed(name.equals(POST_PROCESSING) ? grid.get(0).name() : name))));
    }

    /** The folder of a trained run, by name. */
    public Path runFolder(String name) {
        RunSpec spec = specNamed(name);
        return runDirectory(grid.indexOf(spec));
    }

    private static final String MODEL = "model";
    private static final String HISTORY = "history.json";
    private static final String CHECKPOINTS = "checkpoints";

    private TrainingResult trainOne(RunSpec spec, Path dir, String label, TextDataset train, TextDataset validation,
            String attr) throws IOException {
        FairTrainer.Builder b = FairTrainer.builder().setModel(model).setClassifier(classifier)
                .setConfig(config.forRun(spec.target() != null, train.size())).optGroupAttribute(attr)
                .optMonitoredMetric(metric).optAllowSingleClass(allowSingleClass);
        if (freezing != null) {
            b.optFreezing(freezing);
        }
        if (spec.penalty() != null) {
            b.addPenalty(spec.penalty().get(), spec.lambda());
        }
        if (spec.target() != null) {
            b.optTarget(spec.target());
        }
        if (rewriter != null) {
            b.optCounterfactuals(rewriter);
        }
        if (cache != null) {
            b.optFrozenLayerCache(cache);
        }
        if (progress != null) {
            b.addListener(new ProgressBarListener(progress, label));
        }
        if (runCheckpoints) {
            Path root = dir.resolve(CHECKPOINTS);
            b.optCheckpointDirectory(root);
            Optional<Path> latest = Checkpointer.latest(root);
            if (latest.isPresent()) {
                say(label + " " + spec.name() + ": resuming from " + latest.get());
                b.optResumeFrom(latest.get());
            }
        }
        return b.build().fit(train, validation);
    }

    /**
     * The target's multiplier at each evaluation, in order (the last penalty's weight; the history
     * keeps every one), for example {@code "0 -> 0.8 -> 1.1 (met at 2 of 3 evaluations)"}.
     */
    static String multiplierPath(TrainingHistory h) {
        StringBuilder b = new StringBuilder();
        for (EvaluationRecord e : h.evaluations()) {
            if (b.length() > 0) {
                b.append(" -> ");
            }
            List<Double> l = e.lambdas();
            b.append(l.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3g", l.get(l.size() - 1)));
        }
        long met = h.evaluations().stream().filter(EvaluationRecord::targetMet).count();
        return b + " (met at " + met + " of " + h.evaluations().size() + " evaluations)";
    }

    /** The evaluation whose weights the run's model holds. */
    private EvaluationRecord heldEvaluation(RunSpec spec, TrainingResult r, int trainSize) {
        if (config.forRun(spec.target() != null, trainSize).evaluation().restoreBest() && r.best().isPresent()) {
            return r.best().get();
        }
        return r.history().lastEvaluation().orElseThrow(() -> new IllegalStateException(
                "the run made no validation pass, so it has no point on the frontier"));
    }

    /** A trainer of the classifier with the sweep's settings, for prediction only. */
    private FairTrainer predictor() {
        return FairTrainer.builder().setModel(model).setClassifier(classifier).setConfig(config).build();
    }

    private void loadWeights(Path runDir) throws IOException {
        Checkpointer.loadParameters(runDir.resolve(MODEL).resolve(Checkpointer.MODEL_WEIGHTS),
                classifier.namedParameters());
    }

    private RunSpec specNamed(String name) {
        return grid.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no trained run of this sweep is named '" + name + "'; the runs are "
                        + runNames()));
    }

    /** The post-processing point's validation figures and its test observations. */
    private record PostProcessed(SweepPoint point, ThresholdPostProcessor fitted, TextDataset test) {}

    private PostProcessed postProcess(List<SweepPoint> points, TextDataset validation, TextDataset test, String attr)
            throws IOException {
        if (grid.isEmpty() || grid.get(0).penalty() != null || grid.get(0).target() != null) {
            throw new IllegalStateException("post-processing needs the plain run first in the grid");
        }
        loadWeights(runDirectory(0));
        FairTrainer t = predictor();
        Observations val = t.predict(validation).observations(validation, attr);
        ThresholdPostProcessor fitted = ThresholdPostProcessor.fit(val, postProcessing);
        Observations adjusted = fitted.apply(val, config.seed());
        GroupConfusion counts = adjusted.counts();
        Collapse collapse = Collapse.of(counts);
        int reference = counts.groups().id(validation.attribute(attr).referenceName());
        String name = POST_PROCESSING;
        String method = "plain run's scores with group-specific thresholds (" + postProcessing + ") fitted on"
                + " validation; needs each person's group at prediction time";
        SweepPoint p = SweepPoint.of(name, method, SweepPoint.Kind.POST_PROCESSING, Double.NaN,
                accuracy(counts.overall()), ScoreMetrics.auc(val.label(), val.score(), val.weight()).value(), Double.NaN,
                metric, metric.compute(counts, reference), collapse.collapsed() ? collapse.reason() : null);
        return new PostProcessed(p, fitted, test);
    }

    /** Weighted accuracy of the counts, {@code (TP + TN) / all}. */
    static double accuracy(Confusion c) {
        return c.weight() > 0 ? (c.tpWeight() + c.tnWeight()) / c.weight() : Double.NaN;
    }

    private Path runDirectory(int i) {
        return directory.resolve("runs").resolve(String.format(Locale.ROOT, "%02d-%s", i,
                grid.get(i).name().replaceAll("[^A-Za-z0-9_.-]+", "-")));
    }

    private void checkManifest(TextDataset train, TextDataset validation) throws IOException {
        List<String> runs = grid.stream().map(s -> s.name() + ": " + s.method()).toList();
        long start = 17;
        for (var p : classifier.namedParameters().values()) {
            start = 31 * start + java.util.Arrays.hashCode(p.getArray().toFloatArray());
        }
        Manifest m = new Manifest(runs, config.toString(), metric.key(), train.fingerprint(), validation.fingerprint(),
                start);
        Path file = directory.resolve(MANIFEST);
        if (Files.isRegularFile(file)) {
            Manifest old = Json.MAPPER.readValue(file.toFile(), Manifest.class);
            if (!old.equals(m)) {
                throw new IllegalArgumentException(directory + " holds a sweep with another grid, settings, data or"
                        + " starting weights (" + file + "); give another folder, or remove it to start afresh");
            }
            return;
        }
        Files.createDirectories(directory);
        Json.write(file, m);
    }

    private void say(String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }

    /** Builds a {@link Sweep}: {@code set*} required, {@code opt*} optional, checked in {@link #build()}. */
    public static final class Builder {
        private PretrainedModel model;
        private BertClassifier classifier;
        private TrainerConfig config;
        private MetricSpec metric;
        private SweepRule rule;
        private Path directory;
        private final List<RunSpec> grid = new ArrayList<>();
        private boolean baseline = true;
        private Freezing freezing;
        private String attribute;
        private PrintStream progress;
        private boolean allowSingleClass;
        private CounterfactualRewriter rewriter;
        private boolean runCheckpoints = true;
        private FairnessConstraint postProcessing;
        private FrozenLayerCache cache;

        private Builder() {}

        /** The pretrained model (required). */
        public Builder setModel(PretrainedModel model) {
            this.model = model;
            return this;
        }

        /** The classifier; its weights when {@link #run} is called are every run's start (required). */
        public Builder setClassifier(BertClassifier classifier) {
            this.classifier = classifier;
            return this;
        }

        /** The settings of every run (required), each run's as {@link TrainerConfig#forRun} makes them. */
        public Builder setConfig(TrainerConfig config) {
            this.config = config;
            return this;
        }

        /** The fairness metric of the frontier's x axis, also each run's monitored metric (required). */
        public Builder setMetric(MetricSpec metric) {
            this.metric = metric;
            return this;
        }

        /** The rule that picks the run (required). */
        public Builder setRule(SweepRule rule) {
            this.rule = rule;
            return this;
        }

        /** The folder of the manifest and the finished runs (required). */
        public Builder setDirectory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * Adds one run per weight: cross-entropy + lambda x the penalty.
         *
         * @param penalty makes a fresh penalty for each run (a penalty may own parameters, an adversary's)
         * @param lambdas the weights, each finite and {@code > 0}
         */
        public Builder addPenalty(Supplier<FairnessPenalty> penalty, List<Double> lambdas) {
            Objects.requireNonNull(penalty, "penalty");
            String name = penalty.get().name();
            for (double l : lambdas) {
                if (!(l > 0) || Double.isInfinite(l)) {
                    throw new IllegalArgumentException("a swept lambda must be finite and > 0 (the plain run is the"
                            + " baseline), got " + l + " for " + name);
                }
                grid.add(new RunSpec(name + " x " + l, "cross-entropy + " + l + " x " + name, l, penalty, l, null));
            }
            return this;
        }

        /**
         * Adds one run per bound of a Lagrangian target.
         *
         * @param target makes the target of a bound
         * @param bounds the bounds, each finite and {@code >= 0}
         */
        public Builder addTarget(DoubleFunction<LagrangianTarget> target, List<Double> bounds) {
            Objects.requireNonNull(target, "target");
            for (double bound : bounds) {
                LagrangianTarget t = target.apply(bound);
                grid.add(new RunSpec("target " + t, "cross-entropy + lambda x " + t.surrogate().name() + ", lambda tuned"
                        + " so that " + t + " on validation", bound, null, 0, t));
            }
            return this;
        }

        /** Whether the grid starts with a plain run (default true; post-processing needs it). */
        public Builder optBaseline(boolean baseline) {
            this.baseline = baseline;
            return this;
        }

        /** Parameters frozen in every run ({@link FairTrainer.Builder#optFreezing}). */
        public Builder optFreezing(Freezing freezing) {
            this.freezing = Objects.requireNonNull(freezing);
            return this;
        }

        /** The group attribute; default the training set's first. */
        public Builder optGroupAttribute(String attribute) {
            this.attribute = Objects.requireNonNull(attribute);
            return this;
        }

        /** Print one line per run and each run's progress bar on {@code out}. */
        public Builder optProgressBar(PrintStream out) {
            this.progress = Objects.requireNonNull(out);
            return this;
        }

        /** {@link FairTrainer.Builder#optAllowSingleClass}. */
        public Builder optAllowSingleClass(boolean allow) {
            this.allowSingleClass = allow;
            return this;
        }

        /** {@link FairTrainer.Builder#optCounterfactuals}. */
        public Builder optCounterfactuals(CounterfactualRewriter rewriter) {
            this.rewriter = Objects.requireNonNull(rewriter);
            return this;
        }

        /** Whether each run writes checkpoints, so a crash mid-run resumes mid-run (default true). */
        public Builder optRunCheckpoints(boolean on) {
            this.runCheckpoints = on;
            return this;
        }

        /** Add the post-processing point: group thresholds for {@code constraint} on the plain run. */
        public Builder optPostProcessing(FairnessConstraint constraint) {
            this.postProcessing = Objects.requireNonNull(constraint);
            return this;
        }

        /** Share the frozen lower layers' outputs across epochs and runs ({@link FrozenLayerCache}). */
        public Builder optFrozenLayerCache(FrozenLayerCache cache) {
            this.cache = Objects.requireNonNull(cache);
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException when a required field is missing, the grid is empty,
         *     two runs share a name, or post-processing lacks the plain run
         */
        public Sweep build() {
            if (model == null || classifier == null || config == null || metric == null || rule == null
                    || directory == null) {
                throw new IllegalArgumentException("setModel, setClassifier, setConfig, setMetric, setRule and"
                        + " setDirectory are required");
            }
            if (grid.isEmpty() && !baseline) {
                throw new IllegalArgumentException("the grid is empty: add a penalty's weights or a target's bounds");
            }
            if (grid.stream().map(RunSpec::name).distinct().count() != grid.size()) {
                throw new IllegalArgumentException("two runs of the grid have the same name (a weight or bound given"
                        + " twice?)");
            }
            if (postProcessing != null && !baseline) {
                throw new IllegalArgumentException("post-processing fits thresholds on the plain run: keep the baseline");
            }
            return new Sweep(this);
        }
    }
}
