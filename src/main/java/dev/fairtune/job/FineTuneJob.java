package dev.fairtune.job;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.explain.Explainer;
import dev.fairtune.explain.IdentityDiagnostic;
import dev.fairtune.fairness.Observations;
import dev.fairtune.io.AtomicFiles;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.postprocess.FairnessConstraint;
import dev.fairtune.postprocess.ThresholdPostProcessor;
import dev.fairtune.report.DataSummary;
import dev.fairtune.report.FairnessReport;
import dev.fairtune.report.Provenance;
import dev.fairtune.report.ReportInput;
import dev.fairtune.report.ReportWriter;
import dev.fairtune.report.RunInput;
import dev.fairtune.train.Checkpointer;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.FrozenLayerCache;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The main job: each {@link RunPlan} fine-tuned from the same pretrained weights and seed on the
 * training split (checkpoint chosen on validation only), the test split scored once with its
 * counterfactual twins, then measured and written as one report. What {@code fairtune train} and
 * {@code fairtune demo} run, callable from Java:
 *
 * <pre>{@code
 * FineTuneJob.Result r = FineTuneJob.builder().setData(splits).setOutput(Path.of("run"))
 *         .addRun(RunPlan.plain()).addRun(RunPlan.penalized("fpr_gap", RateGapPenalty.of(FPR_GAP), 1))
 *         .build().run();
 * }</pre>
 *
 * <p>The output folder: {@code report.json}, {@code report.html}, {@code model-card.md}, and per run
 * {@code <run>/history.json} and (unless {@link Builder#optSaveModels} is off) {@code <run>/model}
 * (with its post-processing thresholds, {@link Builder#optPostProcess}).
 * The folder follows {@link OutputFolder}'s rule: marked incomplete until the report is written,
 * cleared of an earlier job's files first, left without a trace when the job is refused.
 */
public final class FineTuneJob {
    /**
     * Where runs checkpoint and whether they resume.
     *
     * @param root the folder holding one checkpoint folder per run; null for {@code <output>/<run>/checkpoints}
     * @param everySteps extra checkpoint interval in optimizer steps (0: at evaluations and the end only)
     * @param resume continue each run from its newest checkpoint; without it, a run whose folder
     *     already holds checkpoints is refused before anything is trained
     */
    public record Checkpoints(Path root, long everySteps, boolean resume) {
        /** Checks the interval. */
        public Checkpoints {
            if (everySteps < 0) {
                throw new IllegalArgumentException("the checkpoint interval must be >= 0 (0: at evaluations only), got "
                        + everySteps);
            }
        }
    }

    /**
     * A finished run.
     *
     * @param plan what was run
     * @param record the report's view of the run (test observations, history, counterfactual pairs)
     * @param training what the trainer returned (history with its provenance, selection, stop reason)
     * @param folder the run's output folder
     */
    public record RunOutcome(RunPlan plan, RunInput record, TrainingResult training, Path folder) {
    }

    /**
     * A finished job.
     *
     * @param runs the runs, in plan order
     * @param report the measured report
     * @param files the report files written
     */
    public record Result(List<RunOutcome> runs, FairnessReport report, List<Path> files) {
        /** Copies the lists. */
        public Result {
            runs = List.copyOf(runs);
            files = List.copyOf(files);
        }
    }

    private final Builder b;

    private FineTuneJob(Builder b) {
        this.b = b;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every plan and writes the report.
     *
     * @throws dev.fairtune.model.CheckpointException when the model cannot be loaded
     * @throws dev.fairtune.train.NonFiniteLossException when a run's loss stops being finite (its
     *     checkpoints are kept)
     * @throws IllegalArgumentException when the data or a setting is refused (before anything is written)
     * @throws IOException when the output cannot be written
     */
    public Result run() throws IOException {
        if (b.checkpoints != null && !b.checkpoints.resume()) {
            for (RunPlan plan : b.runs) {
                refuseEarlierCheckpoints(checkpointRoot(plan));
            }
        }
        OutputFolder out = OutputFolder.begin(b.output, b.runs.stream().map(RunPlan::folderName).toList());
        try {
            Result r = runAndReport();
            out.finish();
            return r;
        } catch (RuntimeException e) {
            out.leaveNoTrace();
            throw e;
        }
    }

    private Result runAndReport() throws IOException {
        List<RunOutcome> outcomes = new ArrayList<>();
        ReportInput.Builder in = ReportInput.builder();
        for (RunPlan plan : b.runs) {
            RunOutcome o = runOne(plan);
            o.training().history().write(o.folder().resolve("history.json"));
            o.training().targetMet().ifPresent(met -> b.log.println(plan.name() + ": target " + (met ? "met" : "not met")
                    + " (" + o.training().selection() + ")"));
            in.addRun(o.record());
            outcomes.add(o);
        }
        String attribute = attribute();
        TextDataset test = b.splits.test();
        in.setTitle(b.title != null ? b.title : "Fine-tuning " + b.modelName + " on " + b.splits.train().name())
                .setProvenance(Provenance.builder()
                        .optTraining(b.modelName, outcomes.get(outcomes.size() - 1).training().history().provenance())
                        .optCommand(b.command).build())
                .setEvaluationData(DataSummary.of(test, attribute))
                .optTrainingData(DataSummary.of(b.splits.train(), attribute))
                .optReference(test.attribute(attribute).referenceName());
        if (b.intendedUse != null) {
            in.optIntendedUse(b.intendedUse);
        }
        FairnessReport report = FairnessReport.compute(b.report.applyTo(in).build());
        List<Path> files = ReportWriter.write(report, b.output);
        return new Result(outcomes, report, files);
    }

    /** Fine-tunes one plan from the pretrained weights, scores the test split, saves the classifier. */
    private RunOutcome runOne(RunPlan plan) throws IOException {
        TextDataset train = b.splits.train();
        String attribute = attribute();
        b.log.println(plan.name() + ": fine-tuning on " + train.size() + " examples (" + plan.description() + ")");
        b.log.flush();
        Path folder = b.output.resolve(plan.folderName());
        try (PretrainedModel model = Scorer.loadModel(b.model)) {
            BertClassifier classifier = BertClassifier.builder(model).optLabels(train.labelNames()).optNewHead(true)
                    .optSeed(b.training.seed()).build();
            FairTrainer.Builder t = FairTrainer.builder().setModel(model).setClassifier(classifier)
                    .setConfig(runConfig(plan, train.size())).optFreezing(b.freezing).optGroupAttribute(attribute)
                    .optMonitoredMetric(b.report.headline()).optAllowSingleClass(b.allowSingleClass);
            if (plan.penalty() != null) {
                t.addPenalty(plan.penalty(), plan.lambda());
            }
            if (plan.target() != null) {
                t.optTarget(plan.target());
            }
            if (b.counterfactuals != null) {
                t.optCounterfactuals(b.counterfactuals);
            }
            if (b.progress != null) {
                t.optProgressBar(b.progress);
            }
            if (b.cache != null) {
                t.optFrozenLayerCache(b.cache);
            }
            if (b.checkpoints != null) {
                checkpointing(t, plan);
            }
            String description = plan.description();
            if (b.allowSingleClass) {
                description = "WARNING: trained with single-class data allowed; where the data lack a class, its rates "
                        + "and gaps are undefined. " + description;
                b.log.println("WARNING: " + plan.name() + " is trained with single-class data allowed: where the "
                        + "training or validation data lack a class, rates and gaps are undefined");
            }
            TrainingResult result = t.build().fit(train, b.splits.validation());
            b.log.println(plan.name() + ": scoring the test split and its counterfactual twins");
            b.log.flush();
            TextDataset test = b.splits.test();
            Scorer.Scored scored;
            ThresholdPostProcessor post = null;
            try (Scorer scorer = Scorer.of(model, result.model(), b.training.batching().maxLength())) {
                if (b.postProcess != null) {
                    TextDataset validation = b.splits.validation();
                    post = ThresholdPostProcessor.fit(scorer.score(validation, false).predictions()
                            .observations(validation, attribute), b.postProcess);
                    description += "; then group thresholds (" + b.postProcess + ") fitted on the validation split, "
                            + "which need each person's group at prediction time";
                }
                scored = scorer.score(test, true);
            }
            Observations obs = scored.predictions().observations(test, attribute);
            if (post != null) {
                obs = post.apply(obs, b.training.seed());
            }
            RunInput.Builder r = RunInput.builder().setName(plan.name()).optDescription(description)
                    .setEvaluation(obs).addTraining(result.history());
            if (scored.pairs() != null && scored.pairs().size() > 0) {
                r.optCounterfactual(scored.pairs());
            }
            if (b.explainPerGroup > 0) {
                r.optExplanations(explain(model, result.model(), plan.name()));
            }
            if (b.saveModels) {
                Path saveTo = folder.resolve("model");
                ThresholdPostProcessor rules = post;
                AtomicFiles.writeFolder(saveTo, dir -> {
                    result.saveModel(model.tokenizerJson(), dir);
                    if (rules != null) {
                        rules.write(dir.resolve(ThresholdPostProcessor.FILE));
                    }
                });
                b.log.println(plan.name() + ": model saved to " + saveTo);
            }
            return new RunOutcome(plan, r.build(), result, folder);
        }
    }

    /** The trainer's settings of one run ({@link TrainerConfig#forRun}), with its checkpoint interval. */
    private TrainerConfig runConfig(RunPlan plan, int trainSize) {
        TrainerConfig c = b.training.forRun(plan.target() != null, trainSize);
        return b.checkpoints == null ? c : c.toBuilder().optCheckpointEverySteps(b.checkpoints.everySteps()).build();
    }

    private Path checkpointRoot(RunPlan plan) {
        return b.checkpoints.root() == null ? b.output.resolve(plan.folderName()).resolve("checkpoints")
                : b.checkpoints.root().resolve(plan.folderName());
    }

    /** Points the trainer at the run's checkpoint folder, resuming from its newest checkpoint when asked. */
    private void checkpointing(FairTrainer.Builder t, RunPlan plan) throws IOException {
        Path root = checkpointRoot(plan);
        t.optCheckpointDirectory(root);
        if (b.checkpoints.resume()) {
            Optional<Path> latest = Checkpointer.latest(root);
            if (latest.isPresent()) {
                t.optResumeFrom(latest.get());
                b.log.println(plan.name() + ": resuming from " + latest.get() + " (step " + Checkpointer.stepOf(latest.get())
                        + ")");
            } else {
                b.log.println(plan.name() + ": no checkpoint in " + root + ", starting from the pretrained weights");
            }
            b.log.flush();
        }
    }

    /** Refuses a checkpoint folder that holds an earlier run's checkpoints (without resume). */
    private static void refuseEarlierCheckpoints(Path directory) throws IOException {
        Optional<Path> latest = Checkpointer.latest(directory);
        if (latest.isPresent()) {
            throw new IllegalArgumentException(directory + " holds checkpoints of an earlier run (newest: "
                    + latest.get().getFileName() + "); resume it (Checkpoints.resume) to continue that run with the "
                    + "same data and settings, or remove the folder (or give another output or checkpoint folder) to "
                    + "start afresh");
        }
    }

    /** Integrated Gradients of the positive class on a sample of the test split, and the identity-term diagnostic. */
    private IdentityDiagnostic explain(PretrainedModel model, BertClassifier classifier, String name) {
        TextDataset test = b.splits.test();
        int[] rows = IdentityDiagnostic.sample(test, attribute(), b.explainPerGroup, b.training.seed());
        b.log.println(name + ": explaining " + rows.length + " test texts (" + b.explainSteps
                + " Integrated Gradients steps each)");
        b.log.flush();
        try (Explainer x = Explainer.builder(model, classifier).optSteps(b.explainSteps).optBatchSize(b.explainSteps)
                .optMaxLength(b.training.batching().maxLength()).build()) {
            return IdentityDiagnostic.measure(x, test, attribute(), rows, IdentityLexicon.builtIn());
        }
    }

    private String attribute() {
        return b.attribute != null ? b.attribute : b.splits.train().attributes().get(0).name();
    }

    /** Builds a {@link FineTuneJob}. */
    public static final class Builder {
        private DatasetSplits splits;
        private String attribute;
        private ModelSource model = ModelSource.miniLm();
        private String modelName = "all-MiniLM-L6-v2 (built in)";
        private final List<RunPlan> runs = new ArrayList<>();
        private TrainerConfig training = TrainerConfig.forCpu().build();
        private Freezing freezing = Freezing.embeddings().or(Freezing.firstLayers(4));
        private boolean allowSingleClass;
        private int explainPerGroup;
        private int explainSteps = 32;
        private CounterfactualRewriter counterfactuals;
        private FairnessConstraint postProcess;
        private ReportSettings report = ReportSettings.defaults();
        private String title;
        private String intendedUse;
        private String command;
        private Path output;
        private boolean saveModels = true;
        private Checkpoints checkpoints;
        private PrintWriter log = new PrintWriter(OutputStream.nullOutputStream());
        private PrintStream progress;
        private FrozenLayerCache cache;

        private Builder() {
        }

        /** The training, validation (checkpoint choice) and test (scored once) splits. Required. */
        public Builder setData(DatasetSplits splits) {
            this.splits = Objects.requireNonNull(splits, "splits");
            return this;
        }

        /** The group attribute measured and penalised; default the data's first. */
        public Builder optGroupAttribute(String attribute) {
            this.attribute = attribute;
            return this;
        }

        /** The pretrained weights and their name in the report; default the built-in all-MiniLM-L6-v2. */
        public Builder optModel(ModelSource source, String name) {
            this.model = Objects.requireNonNull(source, "source");
            this.modelName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Adds a run; at least one, names distinct. */
        public Builder addRun(RunPlan plan) {
            runs.add(Objects.requireNonNull(plan, "plan"));
            return this;
        }

        /** The trainer's settings (seed, batching, schedule, optimizer); default {@link TrainerConfig#forCpu()}. */
        public Builder optTraining(TrainerConfig config) {
            this.training = Objects.requireNonNull(config, "config");
            return this;
        }

        /** What stays frozen; default the embeddings and the first four encoder layers. */
        public Builder optFreezing(Freezing freezing) {
            this.freezing = Objects.requireNonNull(freezing, "freezing");
            return this;
        }

        /**
         * Computes the frozen lower layers once per text, without dropout there, and reuses them in
         * every epoch, evaluation and run ({@link FrozenLayerCache}); its layers must be frozen by
         * {@link #optFreezing}; not with DP-SGD. Default none.
         */
        public Builder optFrozenLayerCache(FrozenLayerCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Trains even when the data lack a class (rates and gaps are then undefined, and the report says so). */
        public Builder optAllowSingleClass(boolean allow) {
            this.allowSingleClass = allow;
            return this;
        }

        /** Explains {@code perGroup} test texts of each group with {@code steps} Integrated Gradients steps; default none. */
        public Builder optExplain(int perGroup, int steps) {
            if (perGroup < 0 || steps < 1) {
                throw new IllegalArgumentException("need texts per group >= 0 and steps >= 1; got " + perGroup + ", "
                        + steps);
            }
            this.explainPerGroup = perGroup;
            this.explainSteps = steps;
            return this;
        }

        /** Makes the twins a counterfactual penalty trains on; default none. */
        public Builder optCounterfactuals(CounterfactualRewriter rewriter) {
            this.counterfactuals = rewriter;
            return this;
        }

        /**
         * Post-processes each run: group thresholds for {@code constraint} fitted on the validation
         * split's scores (Hardt et al. 2016), applied to the test decisions and saved with the model
         * ({@value ThresholdPostProcessor#FILE}); default none. The thresholds need each person's
         * group at prediction time, which in-processing does not.
         */
        public Builder optPostProcess(FairnessConstraint constraint) {
            this.postProcess = constraint;
            return this;
        }

        /** The report's headline (also monitored in training), bootstrap and minimum group size. */
        public Builder optReport(ReportSettings settings) {
            this.report = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The report's title; default "Fine-tuning MODEL on DATA". */
        public Builder optTitle(String title) {
            this.title = title;
            return this;
        }

        /** The model card's intended use. */
        public Builder optIntendedUse(String intendedUse) {
            this.intendedUse = intendedUse;
            return this;
        }

        /** The command that ran the job, for the provenance. */
        public Builder optCommand(String command) {
            this.command = command;
            return this;
        }

        /** The output folder. Required. */
        public Builder setOutput(Path folder) {
            this.output = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /** Whether each run's classifier is saved to {@code <run>/model}; default true. */
        public Builder optSaveModels(boolean save) {
            this.saveModels = save;
            return this;
        }

        /** Checkpoints runs (and resumes them); default none. */
        public Builder optCheckpoints(Checkpoints checkpoints) {
            this.checkpoints = checkpoints;
            return this;
        }

        /** Where the job says what it does, a line per stage; default nowhere. */
        public Builder optLog(PrintWriter log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** Draws progress bars there; default none. */
        public Builder optProgress(PrintStream progress) {
            this.progress = progress;
            return this;
        }

        /**
         * The job.
         *
         * @throws IllegalArgumentException without data, output or runs, with two runs of one name,
         *     or with a headline or attribute the data do not have
         */
        public FineTuneJob build() {
            if (splits == null || output == null || runs.isEmpty()) {
                throw new IllegalArgumentException("a job needs data (setData), an output folder (setOutput) and at "
                        + "least one run (addRun)");
            }
            for (RunPlan p : runs) {
                if (runs.stream().filter(o -> o.folderName().equals(p.folderName())).count() > 1) {
                    throw new IllegalArgumentException("two runs share the folder name '" + p.folderName()
                            + "'; give each a distinct name");
                }
            }
            String a = attribute != null ? attribute : splits.train().attributes().get(0).name();
            var groups = splits.test().attribute(a);
            report.headline().check(dev.fairtune.fairness.Groups.of(groups.groups()), groups.reference());
            return new FineTuneJob(this);
        }
    }
}
