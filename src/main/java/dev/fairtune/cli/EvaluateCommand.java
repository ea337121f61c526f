package dev.fairtune.cli;

import dev.fairtune.data.ReadResult;
import dev.fairtune.data.TextDataset;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Rate;
import dev.fairtune.io.AtomicFiles;
import dev.fairtune.report.DataSummary;
import dev.fairtune.report.FairnessReport;
import dev.fairtune.report.Provenance;
import dev.fairtune.report.ReportInput;
import dev.fairtune.report.ReportWriter;
import dev.fairtune.report.RunInput;
import dev.fairtune.report.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fairtune evaluate}: runs a fine-tuned model (a folder written by {@code train} or
 * {@code demo}, or any HuggingFace BERT classifier folder) over a labelled text file, prints the
 * headline fairness metric and accuracy with intervals, and writes the predictions and, on request,
 * the report. The data file is read and checked before the model is loaded.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a labelled text file with a fine-tuned model and measure its fairness.",
            "Example: fairtune evaluate --model my-run/fpr_gap-penalty/model -i test.csv --text comment --label toxic "
                    + "--group identity --counterfactual --report eval-report"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR",
            description = "A fine-tuned classifier folder (config.json, model.safetensors, tokenizer.json).")
    Path model;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "Labelled text file: .csv, .tsv or .jsonl.")
    Path input;

    @Mixin
    TextDataOptions data;

    @Option(names = "--threshold", paramLabel = "T", description = "A score (probability of the positive class) "
            + "at or above T is positive. Without it, the model's own rule: the highest-scoring class (a score above 0.5).")
    Double threshold;

    @Option(names = "--counterfactual", description = "Also score each text with its identity terms swapped "
            + "(built-in lexicon) and measure how often decisions flip.")
    boolean counterfactual;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the predictions here as CSV "
            + "(line, label, group, score, prediction[, twin_score]).")
    Path output;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write report.json, report.html, model-card.md here.")
    Path report;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "128",
            description = "Longest input in tokens; longer texts are truncated (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ReportOptions reportOptions;

    @Mixin
    PrivacyAuditOptions privacyAudit;

    @Override
    public Integer call() throws IOException {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must lie in [0, 1], got " + threshold);
        }
        ReadResult read = data.read(input);
        TextDataset test = read.dataset();
        String attribute = test.attributes().get(0).name();
        Scorer.Scored scored;
        String origin;
        try (Scorer scorer = Scorer.load(model, maxLength)) {
            scored = scorer.score(test, counterfactual);
            origin = scorer.origin();
        }
        Observations obs = threshold == null ? scored.predictions().observations(test, attribute)
                : scored.predictions().observations(test, attribute, threshold);
        RunInput.Builder run = RunInput.builder().setName(String.valueOf(model.getFileName())).setEvaluation(obs)
                .optDescription("fine-tuned model " + model + " scored on " + input.getFileName());
        if (scored.pairs() != null) {
            run.optCounterfactual(scored.pairs());
        }
        if (privacyAudit.requested()) {
            run.optMembershipAudit(privacyAudit.run(model, maxLength, data, test, scored.predictions(), attribute, seed,
                    spec.commandLine().getOut()));
        }
        ReportInput.Builder in = ReportInput.builder().setTitle("Evaluation of " + model.getFileName() + " on "
                        + input.getFileName())
                .setProvenance(Provenance.builder().setModel(String.valueOf(model.getFileName()), origin)
                        .optSeed(seed).optCommand(CommandSupport.commandLine(spec)).build())
                .setEvaluationData(DataSummary.of(test, attribute)).addRun(run.build())
                .optReference(test.attribute(attribute).referenceName());
        FairnessReport result = FairnessReport.compute(reportOptions.apply(in).build());

        PrintWriter out = spec.commandLine().getOut();
        RunResult r = result.runs().get(0);
        out.println(test.size() + " rows of " + input + (read.skippedRows() > 0 ? " (" + read.skippedRows()
                + " bad rows skipped)" : "") + "; reference group " + test.attribute(attribute).referenceName());
        out.println("accuracy " + r.rate(Rate.ACCURACY, RunResult.OVERALL).format() + "; "
                + result.input().headline().label(result.input().reference()) + " " + r.headline().format());
        if (output != null) {
            AtomicFiles.writeString(output, predictionsCsv(test, attribute, obs, scored));
            out.println("predictions written to " + output);
        }
        if (report != null) {
            List<Path> files = ReportWriter.write(result, report);
            CommandSupport.printWritten(out, result, files);
        }
        out.flush();
        return FairTuneCli.OK;
    }

    private static String predictionsCsv(TextDataset test, String attribute, Observations obs, Scorer.Scored scored)
            throws IOException {
        StringBuilder s = new StringBuilder();
        boolean twins = scored.twinScores() != null;
        List<String> header = twins ? List.of("row", "label", "group", "score", "prediction", "twin_score")
                : List.of("row", "label", "group", "score", "prediction");
        try (CSVPrinter p = new CSVPrinter(s, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
            p.printRecord(header);
            List<String> groupNames = test.attribute(attribute).groups();
            for (int i = 0; i < test.size(); i++) {
                String twin = twins && !Double.isNaN(scored.twinScores()[i]) ? Double.toString(scored.twinScores()[i]) : "";
                if (twins) {
                    p.printRecord(i + 1, test.labelNames().get(obs.label()[i]), groupNames.get(obs.group()[i]),
                            obs.score()[i], obs.prediction()[i], twin);
                } else {
                    p.printRecord(i + 1, test.labelNames().get(obs.label()[i]), groupNames.get(obs.group()[i]),
                            obs.score()[i], obs.prediction()[i]);
                }
            }
        }
        return s.toString();
    }
}
