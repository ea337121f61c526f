package dev.fairtune.cli;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Observations;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.job.FineTuneJob;
import dev.fairtune.job.Scorer;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.postprocess.FairnessConstraint;
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
import dev.fairtune.sweep.SweepRule;
import dev.fairtune.train.FrozenLayerCache;
import dev.fairtune.train.LagrangianTarget;
import dev.fairtune.train.NonFiniteLossException;
import dev.fairtune.train.SelectionObjective;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fairtune sweep}: trains one method over a grid of penalty weights or target bounds (with a
 * plain baseline), chooses a run on validation by a stated rule, scores the chosen run (and the
 * plain one, for comparison) once on the test split, and writes the report with the frontier.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a grid of fairness settings, choose one on validation data only, and report the "
                + "accuracy-fairness frontier.",
            "",
            "Grid: a plain run (cross-entropy only), then each --penalty at each of --lambdas, and each --bounds value "
                    + "of a --target (a Lagrangian trainer tunes the weight to meet the bound). Every run starts from "
                    + "the same weights and seed.",
            "Rules (--rule): BOUND takes the highest validation AUC (or accuracy, --select-by) among the runs whose "
                    + "|headline - ideal| <= --select-bound on validation, or the fairest run when none qualifies "
                    + "(and says so); KNEE takes the knee of the validation frontier: both axes scaled to [0, 1] over "
                    + "the frontier, the point furthest above the line joining its fairest and most accurate ends. "
                    + "A run whose predictions collapse to one class is marked COLLAPSED and never chosen.",
            "Output (-o DIR): DIR/sweep/runs/NN-name/ per run (model/, history.json, point.json), report.html with the "
                    + "frontier chart (validation points, test points of the reported runs, the chosen run ringed, "
                    + "collapsed runs marked), report.json and model-card.md stating how the model was chosen. The "
                    + "same command again continues an interrupted sweep: finished runs are kept.",
            "Example: fairtune sweep -i comments.csv --text comment --label toxic --group identity "
                    + "--penalty FPR_GAP --lambdas 0.3,1,3,10 --headline FPR_GAP --select-bound 0.05 -o my-sweep"})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    SplitFilesOptions data;

    /** The pretrained model to start from; default the built-in all-MiniLM-L6-v2. */
    @Mixin
    ModelOption model;

    @Option(names = "--penalty", paramLabel = "METRIC", description = "A penalty to sweep (repeatable, each at every "
            + "--lambdas value): ${COMPLETION-CANDIDATES}.")
    List<PenaltyChoice> penalties = new ArrayList<>();

    @Option(names = "--lambdas", paramLabel = "L,L,...", split = ",", defaultValue = "0.3,1,3,10",
            description = "The penalty weights of the grid, each > 0 (default: ${DEFAULT-VALUE}).")
    List<Double> lambdas;

    @Option(names = "--target", paramLabel = "METRIC", description = "Also sweep a Lagrangian target on METRIC (a "
            + "rate gap, as for 'train --target') at each --bounds value.")
    FairnessMetric target;

    @Option(names = "--bounds", paramLabel = "B,B,...", split = ",", defaultValue = "0.02,0.05,0.1",
            description = "With --target: the bounds of the grid (default: ${DEFAULT-VALUE}).")
    List<Double> bounds;

    @Option(names = "--no-baseline", description = "Leave out the plain run (then --postprocess is unavailable).")
    boolean noBaseline;

    @Option(names = "--rule", paramLabel = "RULE", defaultValue = "BOUND",
            description = "How the run is chosen on validation: BOUND or KNEE (default: ${DEFAULT-VALUE}).")
    RuleChoice rule;

    @Option(names = "--select-bound", paramLabel = "B", defaultValue = "0.05",
            description = "The BOUND rule's largest acceptable |headline - ideal| on validation (default: ${DEFAULT-VALUE}).")
    double selectBound;

    @Option(names = "--select-by", paramLabel = "SCORE", defaultValue = "AUC",
            description = "The task score of the rule and the frontier: AUC or ACCURACY (default: ${DEFAULT-VALUE}).")
    SelectionObjective.Primary selectBy;

    @Option(names = "--postprocess", paramLabel = "RULE", description = "Add a point for group-specific "
            + "thresholds on the plain run's scores, fitted on validation: EQUAL_OPPORTUNITY or EQUALIZED_ODDS. Its cost: "
            + "it needs each person's group at prediction time.")
    FairnessConstraint postProcessing;

    @Option(names = "--cache-frozen-layers", description = "Compute the frozen embeddings and layers (--frozen-layers) "
            + "once per training text, without dropout there, and reuse them in every epoch and run.")
    boolean cacheFrozen;

    @Option(names = "--cache-mb", paramLabel = "MB", defaultValue = "1024",
            description = "Memory cap of that cache; texts beyond it are recomputed (default: ${DEFAULT-VALUE}).")
    long cacheMb;

    @Option(names = "--no-run-checkpoints", description = "Write no checkpoints inside a run (a run interrupted "
            + "midway then starts again; finished runs are kept either way).")
    boolean noRunCheckpoints;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "fairtune-sweep",
            description = "Folder for the runs and the report (default: ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    TrainingOptions training;

    @Mixin
    ReportOptions reportOptions;

    /** The values of {@code --rule}. */
    enum RuleChoice {
        /** Best task score within the fairness bound. */
        BOUND,
        /** The knee of the frontier. */
        KNEE
    }

    @Override
    public Integer call() throws IOException {
        if (penalties.isEmpty() && target == null) {
            throw new IllegalArgumentException("give at least one --penalty or a --target to sweep");
        }
        if (selectBy == SelectionObjective.Primary.NEGATIVE_LOSS) {
            throw new IllegalArgumentException("--select-by must be AUC or ACCURACY");
        }
        if (cacheFrozen && training.frozenLayers < 0) {
            throw new IllegalArgumentException("--cache-frozen-layers needs frozen layers: give --frozen-layers K >= 0");
        }
        if (cacheMb < 0) {
            throw new IllegalArgumentException("--cache-mb must be >= 0, got " + cacheMb);
        }
        MetricSpec headline = reportOptions.headline();
        MetricSpec metric = headline;
        SweepRule chooser = rule == RuleChoice.BOUND ? new SweepRule.BestUnderBound(selectBy, selectBound)
                : new SweepRule.Knee(selectBy);
        PrintWriter out = spec.commandLine().getOut();
        DatasetSplits splits = data.read(training.seed(), out);
        String attribute = splits.train().attributes().get(0).name();
        ModelSource source = model.given() ? model.source() : ModelSource.miniLm();
        String modelName = model.given() ? model.name() : "all-MiniLM-L6-v2 (built in)";
        try (PretrainedModel m = Scorer.loadModel(source)) {
            BertClassifier classifier = BertClassifier.builder(m).optLabels(splits.train().labelNames()).optNewHead(true)
                    .optSeed(training.seed()).build();
            TrainerConfig config = FineTuneJob.runConfig(training.config(), target != null, splits.train().size());
            Sweep.Builder b = Sweep.builder().setModel(m).setClassifier(classifier).setConfig(config).setMetric(metric)
                    .setRule(chooser).setDirectory(output.resolve("sweep")).optFreezing(training.freezing())
                    .optGroupAttribute(attribute).optBaseline(!noBaseline).optRunCheckpoints(!noRunCheckpoints)
                    .optAllowSingleClass(training.allowSingleClass);
            for (PenaltyChoice p : penalties) {
                b.addPenalty(p::penalty, lambdas);
            }
            if (target != null) {
                MetricSpec t = MetricSpec.of(target).withPolicy(reportOptions.policy());
                b.addTarget(bound -> LagrangianTarget.builder().setMetric(t).setBound(bound).build(), bounds);
            }
            if (postProcessing != null) {
                b.optPostProcessing(postProcessing);
            }
            if (cacheFrozen) {
                b.optFrozenLayerCache(FrozenLayerCache.of(training.frozenLayers, cacheMb << 20));
            }
            if (!training.noProgress) {
                b.optProgressBar(System.err);
            }
            Sweep sweep = b.build();
            SweepResult result;
            try {
                result = sweep.run(splits.train(), splits.validation(), null);
            } catch (NonFiniteLossException e) {
                throw new CommandFailure(FairTuneCli.MODEL_FAILURE, "a sweep run stopped: "
                        + CliMessages.forCommandLine(e.getMessage()) + " Lower --learning-rate or the largest weight,"
                        + " or give another --output", e);
            }
            printPoints(out, result);
            return report(m, classifier, sweep, result, splits, attribute, headline, modelName, out);
        }
    }

    private static void printPoints(PrintWriter out, SweepResult r) {
        out.println("Validation points (" + r.rule() + "):");
        for (SweepPoint p : r.points()) {
            out.println(String.format(Locale.ROOT, "  %-40s accuracy %.4f  AUC %.4f  |metric - ideal| %s%s", p.name(),
                    p.accuracy(), p.auc(), Double.isNaN(p.distance()) ? "undefined (" + p.fairness().describe() + ")"
                            : String.format(Locale.ROOT, "%.4f", p.distance()),
                    p.collapsed() ? "  COLLAPSED: " + p.collapseReason()
                            : r.choice().frontier().contains(p) ? "  (frontier)" : ""));
        }
        out.println("Choice: " + r.choice().explanation());
        out.flush();
    }

    /** Scores the chosen run and the plain run once on test and writes the report. */
    private Integer report(PretrainedModel m, BertClassifier classifier, Sweep sweep, SweepResult result,
            DatasetSplits splits, String attribute, MetricSpec headline, String modelName, PrintWriter out)
            throws IOException {
        SweepPoint chosen = result.choice().chosen();
        List<SweepPoint> shown = new ArrayList<>();
        if (chosen != null) {
            shown.add(chosen);
        }
        result.points().stream().filter(p -> p.name().equals("plain") && p != chosen).findFirst().ifPresent(shown::add);
        if (shown.isEmpty()) {
            throw new CommandFailure(FairTuneCli.MODEL_FAILURE, "no run can be reported: " + result.choice().explanation(),
                    null);
        }
        ReportInput.Builder in = ReportInput.builder();
        TrainingHistory last = null;
        for (SweepPoint p : shown) {
            sweep.loadRun(p.name());
            out.println(p.name() + ": scoring the test split and its counterfactual twins");
            out.flush();
            Scorer.Scored scored;
            try (Scorer scorer = Scorer.of(m, classifier, training.maxLength)) {
                scored = scorer.score(splits.test(), true);
            }
            Observations obs = scored.predictions().observations(splits.test(), attribute);
            if (p.kind() == SweepPoint.Kind.POST_PROCESSING) {
                obs = result.postProcessor().orElseThrow().apply(obs, training.seed());
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
        if (chosen != null && chosen.kind() == SweepPoint.Kind.IN_PROCESSING) {
            out.println("chosen model: " + sweep.runFolder(chosen.name()).resolve("model"));
        }
        String reference = splits.train().attribute(attribute).referenceName();
        in.setTitle("Sweep of " + modelName + " on " + data.input.getFileName())
                .setProvenance(Provenance.builder().optTraining(modelName, last.provenance())
                        .optCommand(CommandSupport.commandLine(spec)).build())
                .setEvaluationData(DataSummary.of(splits.test(), attribute))
                .optTrainingData(DataSummary.of(splits.train(), attribute)).optReference(reference)
                .optTrainingSweep(SweepSummary.of(result.choice(), result.points(), headline.label(reference)));
        FairnessReport report = FairnessReport.compute(reportOptions.apply(in).build());
        List<Path> files = ReportWriter.write(report, output);
        CommandSupport.printWritten(out, report, files);
        return FairTuneCli.OK;
    }
}
