package dev.fairtune.cli;

import dev.fairtune.job.PredictionReportJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fairtune report}: the report (JSON, HTML page, model card; docs/report.md) of predictions a
 * user already has: the options parsed into a {@link PredictionReportJob}, what it wrote printed.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the fairness report (report.json, report.html, model-card.md) of predictions you have.",
            "Example: fairtune report -i predictions.csv --label label --score score --group group --reference none"})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    PredictionOptions predictions;

    @Option(names = "--counterfactual-score", paramLabel = "COLUMN",
            description = "Score of each row's counterfactual twin (identity terms swapped); empty where a row has none.")
    String counterfactualScore;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "fairtune-report",
            description = "Folder for the three files (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--name", paramLabel = "NAME", description = "The run's name (default: the file name).")
    String name;

    @Option(names = "--title", paramLabel = "TEXT", description = "The report's title.")
    String title;

    @Option(names = "--model-name", paramLabel = "NAME", defaultValue = "unnamed model",
            description = "The model that made the predictions, for provenance (default: ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    SeedOption seed;

    @Mixin
    ReportOptions reportOptions;

    @Override
    public Integer call() throws IOException {
        PredictionReportJob.Result r = PredictionReportJob.builder(predictions.file())
                .optCounterfactualScore(counterfactualScore).optName(name).optTitle(title).optModelName(model)
                .optSeed(seed.seed).optCommand(CommandSupport.commandLine(spec)).optReport(reportOptions.settings())
                .build().run(output);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Read " + r.rows() + " rows of " + predictions.input
                + (r.skippedRows() > 0 ? " (" + r.skippedRows() + " bad rows skipped)" : ""));
        CommandSupport.printWritten(out, r.report(), r.files());
        return 0;
    }
}
