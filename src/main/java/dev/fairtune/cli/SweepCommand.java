package dev.fairtune.cli;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.job.SweepJob;
import dev.fairtune.postprocess.FairnessConstraint;
import dev.fairtune.sweep.Sweep;
import dev.fairtune.sweep.SweepRule;
import dev.fairtune.train.FrozenLayerCache;
import dev.fairtune.train.LagrangianTarget;
import dev.fairtune.train.NonFiniteLossException;
import dev.fairtune.train.SelectionObjective;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        SweepRule chooser = rule == RuleChoice.BOUND ? new SweepRule.BestUnderBound(selectBy, selectBound)
                : new SweepRule.Knee(selectBy);
        Sweep.Builder grid = Sweep.builder().setRule(chooser).optFreezing(training.freezing()).optBaseline(!noBaseline)
                .optRunCheckpoints(!noRunCheckpoints).optAllowSingleClass(training.allowSingleClass);
        for (PenaltyChoice p : penalties) {
            grid.addPenalty(p::penalty, lambdas);
        }
        if (target != null) {
            MetricSpec t = MetricSpec.of(target).withPolicy(reportOptions.policy());
            grid.addTarget(bound -> LagrangianTarget.builder().setMetric(t).setBound(bound).build(), bounds);
        }
        if (postProcessing != null) {
            grid.optPostProcessing(postProcessing);
        }
        FrozenLayerCache cache = training.cache();
        if (cache != null) {
            grid.optFrozenLayerCache(cache);
        }
        if (!training.noProgress) {
            grid.optProgressBar(System.err);
        }
        PrintWriter out = spec.commandLine().getOut();
        SweepJob.Builder job = SweepJob.builder().setData(data.read(training.seed(), out)).setGrid(grid)
                .optTraining(training.config()).optReport(reportOptions.settings())
                .optTitle("Sweep of " + (model.given() ? model.name() : "all-MiniLM-L6-v2 (built in)") + " on "
                        + data.input.getFileName())
                .optCommand(CommandSupport.commandLine(spec)).setOutput(output).optLog(out);
        if (model.given()) {
            job.optModel(model.source(), model.name());
        }
        SweepJob.Result result;
        try {
            result = job.build().run();
        } catch (NonFiniteLossException e) {
            throw new CommandFailure(FairTuneCli.MODEL_FAILURE, "a sweep run stopped: "
                    + CliMessages.forCommandLine(e.getMessage()) + " Lower --learning-rate or the largest weight,"
                    + " or give another --output", e);
        } catch (IllegalStateException e) {
            throw new CommandFailure(FairTuneCli.MODEL_FAILURE, e.getMessage(), e);
        }
        if (result.chosenModel() != null) {
            out.println("chosen model: " + result.chosenModel());
        }
        CommandSupport.printWritten(out, result.report(), result.files());
        return FairTuneCli.OK;
    }
}
