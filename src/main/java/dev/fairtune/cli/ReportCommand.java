package dev.fairtune.cli;

import dev.fairtune.data.DataException;
import dev.fairtune.fairness.Observations;
import dev.fairtune.report.CounterfactualPairs;
import dev.fairtune.report.DataSummary;
import dev.fairtune.report.FairnessReport;
import dev.fairtune.report.Provenance;
import dev.fairtune.report.ReportInput;
import dev.fairtune.report.ReportWriter;
import dev.fairtune.report.RunInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fairtune report}: the report (JSON, HTML page, model card; docs/report.md) of predictions a
 * user already has. The file is read as by {@code audit}; a column of the scores of counterfactual
 * twins adds the counterfactual metrics.
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
        Read read = read();
        spec.commandLine().getOut().println("Read " + read.input().evaluationData().rows() + " rows of "
                + predictions.input + (read.skippedRows() > 0 ? " (" + read.skippedRows() + " bad rows skipped)" : ""));
        FairnessReport report = FairnessReport.compute(read.input());
        List<Path> files = ReportWriter.write(report, output);
        CommandSupport.printWritten(spec.commandLine().getOut(), report, files);
        return 0;
    }

    /**
     * The file read.
     *
     * @param input the report's input
     * @param skippedRows malformed rows skipped (with --skip-bad-rows)
     */
    private record Read(ReportInput input, long skippedRows) {
    }

    /** Reads the file into the report's input. */
    private Read read() {
        PredictionOptions.Predictions p = predictions.read(
                counterfactualScore == null ? List.of() : List.of(counterfactualScore));
        Observations obs = p.observations();
        Path file = predictions.input;
        CommandSupport.requireTwoGroups(file, predictions.groupColumns, obs);
        String fileName = String.valueOf(file.getFileName());
        String runName = name != null ? name : fileName.replaceFirst("\\.[^.]+$", "");
        RunInput.Builder run = RunInput.builder().setName(runName).setEvaluation(obs)
                .optDescription("predictions read from " + fileName);
        if (counterfactualScore != null) {
            if (!obs.hasScores()) {
                throw new IllegalArgumentException("--counterfactual-score needs --score (the original texts' scores)");
            }
            run.optCounterfactual(pairs(p, obs));
        }
        String labelPositive = String.join("/", p.positiveLabels());
        DataSummary data = DataSummary.of(fileName, CommandSupport.sha256(file), List.of("not " + labelPositive, labelPositive),
                String.join(" & ", predictions.groupColumns), obs);
        ReportInput.Builder b = ReportInput.builder()
                .setTitle(title != null ? title : "Fairness report of " + fileName)
                .setProvenance(Provenance.builder().setModel(model, "predictions file " + file).optSeed(seed.seed)
                        .optCommand(CommandSupport.commandLine(spec)).build())
                .setEvaluationData(data).addRun(run.build()).optReference(predictions.reference);
        return new Read(reportOptions.apply(b).build(), p.skippedRows());
    }

    private CounterfactualPairs pairs(PredictionOptions.Predictions p, Observations obs) {
        String[] twin = p.column(counterfactualScore);
        int n = 0;
        for (String t : twin) {
            n += t.isEmpty() ? 0 : 1;
        }
        if (n == 0) {
            throw new DataException(predictions.input, 0, "column '" + counterfactualScore
                    + "' is empty in every row, so no counterfactual pair can be measured");
        }
        int[] g = new int[n];
        double[] s = new double[n];
        double[] t = new double[n];
        int k = 0;
        for (int i = 0; i < twin.length; i++) {
            if (twin[i].isEmpty()) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(twin[i]);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (Double.isNaN(v)) {
                throw new DataException(predictions.input, p.sourceLine(i), "'" + twin[i] + "' in column '"
                        + counterfactualScore + "' is not a score; leave it empty for rows without a twin");
            }
            g[k] = obs.group()[i];
            s[k] = obs.score()[i];
            t[k] = v;
            k++;
        }
        return new CounterfactualPairs(g, s, t);
    }
}
