package dev.fairtune.job;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.fairness.Observations;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.report.DataSummary;
import dev.fairtune.report.FairnessReport;
import dev.fairtune.report.Provenance;
import dev.fairtune.report.ReportInput;
import dev.fairtune.report.ReportWriter;
import dev.fairtune.report.RunInput;
import dev.fairtune.report.SweepSummary;
import dev.fairtune.sweep.Sweep;
import dev.fairtune.sweep.SweepPoint;
import dev.fairtune.sweep.SweepResult;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingHistory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The trade-off chosen on validation data alone: a {@link Sweep} over a grid of fairness settings
 * from one set of pretrained weights, one run chosen by the grid's rule on validation, then the
 * chosen run (and the plain run, for comparison) scored once on the test split and reported with
 * the frontier. What {@code fairtune sweep} runs, callable from Java.
 *
 * <p>The sweep's runs and manifest go to {@code OUTPUT/sweep} (a second run of the same job continues
 * an interrupted sweep); the report to {@code OUTPUT}.
 */
public final class SweepJob {
    private final Builder b;

    private SweepJob(Builder b) {
        this.b = b;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A finished sweep.
     *
     * @param sweep every run's validation point, the frontier and the choice
     * @param report the report of the chosen and the plain run on test
     * @param files the report's files
     * @param chosenModel the chosen run's saved model folder, or null when the chosen point is post-processing
     */
    public record Result(SweepResult sweep, FairnessReport report, List<Path> files, Path chosenModel) {
    }

    /**
     * Trains the grid, chooses, scores the test split once and writes the report.
     *
     * @throws IllegalStateException when no run can be reported (every run collapsed and there is no plain run)
     * @throws IOException when a run, the manifest or the report cannot be written
     */
    public Result run() throws IOException {
        DatasetSplits splits = b.splits;
        String attribute = b.attribute != null ? b.attribute : splits.train().attributes().get(0).name();
        try (PretrainedModel m = Scorer.loadModel(b.model)) {
            BertClassifier classifier = BertClassifier.builder(m).optLabels(splits.train().labelNames()).optNewHead(true)
                    .optSeed(b.training.seed()).build();
            Sweep sweep = b.grid.setModel(m).setClassifier(classifier).setConfig(b.training)
                    .setMetric(b.report.headline()).setDirectory(b.output.resolve("sweep")).optGroupAttribute(attribute)
                    .build();
            SweepResult result = sweep.run(splits.train(), splits.validation(), null);
            logPoints(result);
            return report(m, classifier, sweep, result, attribute);
        }
    }

    private void logPoints(SweepResult r) {
        b.log.println("Validation points (" + r.rule() + "):");
        for (SweepPoint p : r.points()) {
            b.log.println(String.format(Locale.ROOT, "  %-40s accuracy %.4f  AUC %.4f  |metric - ideal| %s%s", p.name(),
                    p.accuracy(), p.auc(), Double.isNaN(p.distance()) ? "undefined (" + p.fairness().describe() + ")"
                            : String.format(Locale.ROOT, "%.4f", p.distance()),
                    p.collapsed() ? "  COLLAPSED: " + p.collapseReason()
                            : r.choice().frontier().contains(p) ? "  (frontier)" : ""));
        }
        b.log.println("Choice: " + r.choice().explanation());
        b.log.flush();
    }

    /** Scores the chosen run and the plain run once on test and writes the report. */
    private Result report(PretrainedModel m, BertClassifier classifier, Sweep sweep, SweepResult result,
            String attribute) throws IOException {
        DatasetSplits splits = b.splits;
        SweepPoint chosen = result.choice().chosen();
        List<SweepPoint> shown = new ArrayList<>();
        if (chosen != null) {
            shown.add(chosen);
        }
        result.points().stream().filter(p -> p.name().equals("plain") && p != chosen).findFirst().ifPresent(shown::add);
        if (shown.isEmpty()) {
            throw new IllegalStateException("no run can be reported: " + result.choice().explanation());
        }
        ReportInput.Builder in = ReportInput.builder();
        TrainingHistory last = null;
        for (SweepPoint p : shown) {
            sweep.loadRun(p.name());
            b.log.println(p.name() + ": scoring the test split and its counterfactual twins");
            b.log.flush();
            Scorer.Scored scored;
            try (Scorer scorer = Scorer.of(m, classifier, b.training.batching().maxLength())) {
                scored = scorer.score(splits.test(), true);
            }
            Observations obs = scored.predictions().observations(splits.test(), attribute);
            if (p.kind() == SweepPoint.Kind.POST_PROCESSING) {
                obs = result.postProcessor().orElseThrow().apply(obs, b.training.seed());
            }
            int index = result.points().indexOf(p);
            TrainingHistory h = index < result.histories().size() ? result.histories().get(index)
                    : result.histories().get(0);
            last = h;
            String role = p == chosen ? " (chosen by the sweep: " + result.choice().explanation() + ")"
                    : " (the sweep's plain run, for comparison)";
            RunInput.Builder r = RunInput.builder().setName(p.name()).optDescription(p.method() + role).setEvaluation(obs);
            if (p.kind() == SweepPoint.Kind.IN_PROCESSING) {
                r.addTraining(h);
                if (scored.pairs() != null && scored.pairs().size() > 0) {
                    r.optCounterfactual(scored.pairs());
                }
            }
            in.addRun(r.build());
        }
        Path chosenModel = chosen != null && chosen.kind() == SweepPoint.Kind.IN_PROCESSING
                ? sweep.runFolder(chosen.name()).resolve("model") : null;
        String reference = splits.train().attribute(attribute).referenceName();
        Provenance.Builder provenance = Provenance.builder().optTraining(b.modelName, last.provenance());
        if (b.command != null) {
            provenance.optCommand(b.command);
        }
        in.setTitle(b.title != null ? b.title : "Sweep of " + b.modelName + " on " + splits.train().name())
                .setProvenance(provenance.build())
                .setEvaluationData(DataSummary.of(splits.test(), attribute))
                .optTrainingData(DataSummary.of(splits.train(), attribute)).optReference(reference)
                .optTrainingSweep(SweepSummary.of(result.choice(), result.points(), b.report.headline().label(reference)));
        FairnessReport report = FairnessReport.compute(b.report.applyTo(in).build());
        return new Result(result, report, ReportWriter.write(report, b.output), chosenModel);
    }

    /** Builds a {@link SweepJob}. */
    public static final class Builder {
        private DatasetSplits splits;
        private Sweep.Builder grid;
        private String attribute;
        private ModelSource model = ModelSource.miniLm();
        private String modelName = "all-MiniLM-L6-v2 (built in)";
        private TrainerConfig training = TrainerConfig.forCpu().build();
        private ReportSettings report = ReportSettings.defaults();
        private String title;
        private String command;
        private Path output;
        private PrintWriter log = new PrintWriter(OutputStream.nullOutputStream());

        private Builder() {
        }

        /** The training, validation (the choice) and test (scored once) splits. Required. */
        public Builder setData(DatasetSplits splits) {
            this.splits = Objects.requireNonNull(splits, "splits");
            return this;
        }

        /**
         * The grid and its rule: a {@link Sweep.Builder} with its penalties, targets, rule and options
         * (baseline, freezing, post-processing, cache, progress bar) set. The job sets its model,
         * classifier, settings, metric (the report's headline), folder and group attribute. Required.
         */
        public Builder setGrid(Sweep.Builder grid) {
            this.grid = Objects.requireNonNull(grid, "grid");
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

        /** The settings of every run (each as {@link TrainerConfig#forRun} makes it); default {@link TrainerConfig#forCpu()}. */
        public Builder optTraining(TrainerConfig config) {
            this.training = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The headline (the frontier's fairness axis, monitored in every run), bootstrap and minimum group size. */
        public Builder optReport(ReportSettings settings) {
            this.report = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The report's title; default "Sweep of MODEL on DATA". */
        public Builder optTitle(String title) {
            this.title = title;
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

        /** Where the validation points, the choice and the scoring steps are written; default nowhere. */
        public Builder optLog(PrintWriter log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** The job. */
        public SweepJob build() {
            if (splits == null || grid == null || output == null) {
                throw new IllegalArgumentException("setData, setGrid and setOutput are required");
            }
            return new SweepJob(this);
        }
    }
}
