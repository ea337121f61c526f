package dev.fairtune.cli;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.job.FineTuneJob;
import dev.fairtune.job.RunPlan;
import dev.fairtune.data.demo.DemoConfig;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.data.demo.DemoIdentity;
import dev.fairtune.penalty.RateGapPenalty;
import dev.fairtune.fairness.FairnessMetric;
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
 * {@code fairtune demo}: the whole path on the built-in demo data set with the built-in MiniLM
 * model, nothing to download: a plain fine-tune and a fairness-aware one, both evaluated on the test
 * split (with counterfactual twins), then the report. The defaults finish in about a minute on two
 * cores; docs/getting-started.md explains what the report shows.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune the built-in MiniLM on the built-in demo data twice (plain, then with a fairness "
                + "penalty) and write the report. No download; about a minute on two cores.",
            "Example: fairtune demo -o fairtune-demo"})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "fairtune-demo",
            description = "Folder for the report and the demo data (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--train-size", paramLabel = "N", defaultValue = "1000",
            description = "Training examples (default: ${DEFAULT-VALUE}).")
    int trainSize;

    @Option(names = "--validation-size", paramLabel = "N", defaultValue = "200",
            description = "Validation examples (default: ${DEFAULT-VALUE}).")
    int validationSize;

    @Option(names = "--test-size", paramLabel = "N", defaultValue = "600",
            description = "Test examples (default: ${DEFAULT-VALUE}).")
    int testSize;

    @Option(names = "--identity", paramLabel = "IDENTITY", defaultValue = "RELIGION",
            description = "The identity carrying the shortcut: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DemoIdentity identity;

    @Option(names = "--penalty", paramLabel = "METRIC", defaultValue = "EQUALIZED_ODDS_DIFFERENCE",
            description = "The fair run's penalty, a RateGapPenalty approximating DEMOGRAPHIC_PARITY_DIFFERENCE, "
                    + "TPR_GAP, FPR_GAP, AVERAGE_ODDS_DIFFERENCE, AVERAGE_ABS_ODDS_DIFFERENCE or "
                    + "EQUALIZED_ODDS_DIFFERENCE (default: ${DEFAULT-VALUE}).")
    FairnessMetric penalty;

    @Mixin
    LambdaOption lambda;

    @Mixin
    TrainingOptions training;

    @Mixin
    ReportOptions reportOptions;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        FineTuneJob.Builder job = training.job(reportOptions.settings()).setOutput(output).optLog(out)
                .optSaveModels(false).optCommand(CommandSupport.commandLine(spec))
                .optTitle("FairTune demo: plain and fairness-aware fine-tuning of MiniLM")
                .optIntendedUse("A demonstration of FairTune on synthetic data: short comments labelled benign or "
                        + "abusive, where training data tie abuse to texts that name a religious (or other) identity. "
                        + "Not a content moderation model: do not use it on real comments.")
                .addRun(RunPlan.plain()).addRun(RunPlan.penalized("fair", RateGapPenalty.of(penalty), lambda.value()));
        DatasetSplits data = DemoDataset.generate(DemoConfig.builder().setSeed(training.seed())
                .optSizes(trainSize, validationSize, testSize).optIdentity(identity).build());
        String attribute = DemoDataset.ATTRIBUTE;
        out.printf(Locale.ROOT, "Demo data: %d training, %d validation, %d test examples; groups %s (reference %s).%n",
                data.train().size(), data.validation().size(), data.test().size(),
                data.test().attribute(attribute).groups(), data.test().attribute(attribute).referenceName());
        out.flush();
        DemoDataset.writeCsv(data, output.resolve("data"));
        FineTuneJob.Result result = job.setData(data).build().run();
        CommandSupport.printWritten(out, result.report(), result.files());
        out.printf(Locale.ROOT, "Demo finished in %.0f s.%n", (System.nanoTime() - start) / 1e9);
        out.flush();
        return FairTuneCli.OK;
    }
}
