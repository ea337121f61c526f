package dev.fairtune.cli;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.job.FineTuneJob;
import dev.fairtune.job.RunPlan;
import dev.fairtune.postprocess.FairnessConstraint;
import dev.fairtune.train.LagrangianTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fairtune train}: fine-tunes a BERT model on a labelled text file, plain, with a fixed-weight
 * fairness penalty, or towards a fairness target (a Lagrangian trainer tunes the weight), optionally
 * beside a plain baseline; writes each run's model, history and test predictions, and the report.
 * All files are read and checked before the model is loaded.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a BERT classifier on your data, with or without a fairness penalty, and write "
                + "the model and the report.",
            "Example: fairtune train -i comments.csv --text comment --label toxic --group identity "
                    + "--penalty FPR_GAP --lambda 1 --baseline -o my-run"})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    SplitFilesOptions data;

    /** The pretrained model to start from; default the built-in all-MiniLM-L6-v2. */
    @Mixin
    ModelOption model;

    @Option(names = "--penalty", paramLabel = "METRIC", description = "Add a fairness penalty approximating METRIC: "
            + "${COMPLETION-CANDIDATES} (the first six are rate gaps, named after the metric; SCORE_DISTRIBUTION is "
            + "MMD; COUNTERFACTUAL_LOGIT_GAP pairs each text with its identity-swapped twin).")
    PenaltyChoice penalty;

    @Mixin
    LambdaOption lambda;

    @Option(names = "--target", paramLabel = "METRIC", description = "Meet a bound on METRIC (measured on validation) "
            + "by tuning its penalty's weight during training: FPR_GAP, TPR_GAP, EQUALIZED_ODDS_DIFFERENCE, "
            + "EQUALIZED_ODDS_DIFFERENCE_MEAN, AVERAGE_ABS_ODDS_DIFFERENCE, DEMOGRAPHIC_PARITY_DIFFERENCE, or, with "
            + "exactly two groups, EQUAL_OPPORTUNITY_DIFFERENCE, AVERAGE_ODDS_DIFFERENCE, STATISTICAL_PARITY_DIFFERENCE.")
    FairnessMetric target;

    @Option(names = "--bound", paramLabel = "B", defaultValue = "0.05",
            description = "With --target: the largest acceptable distance from the metric's ideal (default: ${DEFAULT-VALUE}).")
    double bound;

    @Option(names = "--baseline", description = "Also train a plain run (cross-entropy only) for comparison.")
    boolean baseline;

    @Option(names = "--postprocess", paramLabel = "RULE", description = "After training, fit group thresholds "
            + "for ${COMPLETION-CANDIDATES} on the validation split (Hardt et al. 2016), decide the test split with "
            + "them and save them with the model (postprocess.json, applied by 'evaluate'). They need each person's "
            + "group at prediction time.")
    FairnessConstraint postprocess;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "fairtune-run",
            description = "Folder for the models, histories, predictions and report (default: ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    TrainingOptions training;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Where each run writes its checkpoints "
            + "(weights, optimizer state, position in the data), one folder per run: DIR/<run>; default: "
            + "<output>/<run>/checkpoints. A checkpoint is written after each evaluation (epoch ends and "
            + "--evaluate-every), every --checkpoint-every steps and at the end; the newest two and the best are kept.")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "Also write a checkpoint every N optimizer steps; 0 for evaluations and the end only "
                    + "(default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--resume", description = "Continue an interrupted run: give the same command and options again "
            + "with --resume, and each run continues from its newest checkpoint (a run without one starts afresh); "
            + "the result is the one the uninterrupted run would have given.")
    boolean resume;

    @Option(names = "--no-checkpoints", description = "Write no checkpoints (an interrupted run then starts again from "
            + "the pretrained weights).")
    boolean noCheckpoints;

    @Mixin
    ReportOptions reportOptions;

    @Override
    public Integer call() throws IOException {
        if (penalty != null && target != null) {
            throw new IllegalArgumentException("give --penalty (a fixed weight) or --target (a tuned weight), not both");
        }
        if (!(bound >= 0)) {
            throw new IllegalArgumentException("--bound must be >= 0, got " + bound);
        }
        if (noCheckpoints && (resume || checkpointDir != null || checkpointEvery > 0)) {
            throw new IllegalArgumentException("--no-checkpoints cannot be combined with --resume, --checkpoint-dir "
                    + "or --checkpoint-every");
        }
        PrintWriter out = spec.commandLine().getOut();
        FineTuneJob.Builder job = training.job(reportOptions.settings())
                .optCommand(CommandSupport.commandLine(spec)).setOutput(output).optLog(out);
        if (model.given()) {
            job.optModel(model.source(), model.name());
        }
        if (baseline || (penalty == null && target == null)) {
            job.addRun(RunPlan.plain());
        }
        if (penalty != null) {
            job.addRun(RunPlan.penalized(penalty.name().toLowerCase(Locale.ROOT) + " penalty", penalty.penalty(),
                    lambda.value()));
        }
        if (target != null) {
            job.addRun(RunPlan.targeted(LagrangianTarget.builder()
                    .setMetric(MetricSpec.of(target).withPolicy(reportOptions.policy())).setBound(bound).build()));
        }
        if (postprocess != null) {
            job.optPostProcess(postprocess);
        }
        if (!noCheckpoints) {
            job.optCheckpoints(new FineTuneJob.Checkpoints(checkpointDir, checkpointEvery, resume));
        }
        FineTuneJob.Result result = job.setData(data.read(training.seed(), out)).build().run();
        CommandSupport.printWritten(out, result.report(), result.files());
        return FairTuneCli.OK;
    }
}
