package dev.fairtune.cli;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.demo.DemoConfig;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.data.demo.DemoIdentity;
import dev.fairtune.model.ModelSource;
import dev.fairtune.penalty.RateGapPenalty;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.io.AtomicFiles;
import dev.fairtune.report.DataSummary;
import dev.fairtune.report.FairnessReport;
import dev.fairtune.report.Provenance;
import dev.fairtune.report.ReportInput;
import dev.fairtune.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fairtune demo}: the whole path on the built-in demo data set with the built-in MiniLM
 * model, nothing to download: a plain fine-tune and a fairness-aware one, both evaluated on the test
 * split (with counterfactual twins), then the report. The defaults finish in a few minutes on two
 * cores; docs/getting-started.md explains what the report shows.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune the built-in MiniLM on the built-in demo data twice (plain, then with a fairness "
                + "penalty) and write the report. No download; a few minutes on two cores.",
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

    @Option(names = "--lambda", paramLabel = "L", defaultValue = "1",
            description = "The penalty's weight (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Mixin
    TrainingOptions training;

    @Mixin
    ReportOptions reportOptions;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        training.check();
        DatasetSplits data = DemoDataset.generate(DemoConfig.builder().setSeed(training.seed)
                .optSizes(trainSize, validationSize, testSize).optIdentity(identity).build());
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("--lambda must be a finite number >= 0, got " + lambda);
        }
        RateGapPenalty fairPenalty = RateGapPenalty.of(penalty);
        String attribute = DemoDataset.ATTRIBUTE;
        String reference = data.test().attribute(attribute).referenceName();
        MetricSpec headline = reportOptions.headline();
        out.printf(Locale.ROOT, "Demo data: %d training, %d validation, %d test examples; groups %s (reference %s).%n",
                data.train().size(), data.validation().size(), data.test().size(),
                data.test().attribute(attribute).groups(), reference);
        out.flush();
        writeData(data);

        FineTuning.Outcome plain = FineTuning.run(new FineTuning.Spec("plain", "cross-entropy only", null, 0, null),
                ModelSource.miniLm(), attribute, data.train(), data.validation(), data.test(), training, headline, out,
                null, null);
        FineTuning.Outcome fair = FineTuning.run(new FineTuning.Spec("fair", "cross-entropy + " + lambda + " x "
                        + fairPenalty.name(), fairPenalty, lambda, null), ModelSource.miniLm(), attribute, data.train(),
                data.validation(), data.test(), training, headline, out, null, null);

        ReportInput.Builder in = ReportInput.builder()
                .setTitle("FairTune demo: plain and fairness-aware fine-tuning of MiniLM")
                .setProvenance(Provenance.builder()
                        .optTraining("all-MiniLM-L6-v2 (built in)", plain.training().history().provenance())
                        .optCommand(CommandSupport.commandLine(spec)).build())
                .setEvaluationData(DataSummary.of(data.test(), attribute))
                .optTrainingData(DataSummary.of(data.train(), attribute))
                .addRun(plain.record()).addRun(fair.record()).optReference(reference)
                .optIntendedUse("A demonstration of FairTune on synthetic data: short comments labelled benign or "
                        + "abusive, where training data tie abuse to texts that name a religious (or other) identity. "
                        + "Not a content moderation model: do not use it on real comments.");
        FairnessReport report = FairnessReport.compute(reportOptions.apply(in).build());
        List<Path> files = ReportWriter.write(report, output);
        CommandSupport.printWritten(out, report, files);
        out.printf(Locale.ROOT, "Demo finished in %.0f s.%n", (System.nanoTime() - start) / 1e9);
        out.flush();
        return FairTuneCli.OK;
    }

    /** The generated splits as CSV (text, label 0/1, group), so that train and evaluate can be tried on them. */
    private void writeData(DatasetSplits data) throws IOException {
        writeCsv(data.train(), "train.csv");
        writeCsv(data.validation(), "validation.csv");
        writeCsv(data.test(), "test.csv");
    }

    private void writeCsv(TextDataset d, String file) throws IOException {
        StringBuilder s = new StringBuilder();
        List<String> groupNames = d.attributes().get(0).groups();
        try (CSVPrinter p = new CSVPrinter(s, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
            p.printRecord("text", "label", DemoDataset.ATTRIBUTE);
            for (int i = 0; i < d.size(); i++) {
                p.printRecord(d.get(i).text(), d.get(i).label(), groupNames.get(d.get(i).group()));
            }
        }
        AtomicFiles.writeString(output.resolve("data").resolve(file), s.toString());
    }
}
