package dev.fairtune.cli;

import dev.fairtune.data.ReadResult;
import dev.fairtune.job.EvaluationJob;
import dev.fairtune.postprocess.ThresholdPostProcessor;
import dev.fairtune.data.TextDataset;
import dev.fairtune.fairness.Rate;
import dev.fairtune.report.ReportWriter;
import dev.fairtune.report.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
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
                    + "--group identity --counterfactual -o eval-report"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "Labelled text file: .csv, .tsv or .jsonl.")
    Path input;

    @Mixin
    TextDataOptions data;

    @Option(names = "--threshold", paramLabel = "T", description = "A score (probability of the positive class) "
            + "at or above T is positive. Without it, the group thresholds saved with the model (postprocess.json, "
            + "from 'train --postprocess') if any, else the model's own rule: the highest-scoring class.")
    Double threshold;

    @Option(names = "--counterfactual", description = "Also score each text with its identity terms swapped "
            + "(built-in lexicon) and measure how often decisions flip.")
    boolean counterfactual;

    @Option(names = "--predictions", paramLabel = "FILE", description = "Write the predictions here as CSV "
            + "(row, label, group, score, prediction[, twin_score]).")
    Path predictions;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Also write report.json, report.html and "
            + "model-card.md in this folder.")
    Path output;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "128",
            description = "Longest input in tokens; longer texts are truncated (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Mixin
    SeedOption seed;

    @Mixin
    ReportOptions reportOptions;

    @Mixin
    PrivacyAuditOptions privacyAudit;

    @Override
    public Integer call() throws IOException {
        ReadResult read = data.read(input);
        EvaluationJob.Builder job = EvaluationJob.builder().setModel(model.source(), model.name()).setData(read.dataset())
                .optCounterfactual(counterfactual).optMaxLength(maxLength).optSeed(seed.seed)
                .optReport(reportOptions.settings()).optCommand(CommandSupport.commandLine(spec));
        if (threshold != null) {
            job.optThreshold(threshold);
        }
        java.util.Optional<java.nio.file.Path> rules = model.folderFile(ThresholdPostProcessor.FILE);
        if (rules.isPresent() && threshold == null) {
            job.optPostProcessor(ThresholdPostProcessor.read(rules.get()));
        }
        privacyAudit.apply(job, data);
        EvaluationJob.Result result = job.build().run();
        if (result.membership() != null) {
            PrivacyAuditOptions.print(result.membership(), spec.commandLine().getOut());
        }
        PrintWriter out = spec.commandLine().getOut();
        TextDataset test = result.data();
        String reference = result.report().input().reference();
        RunResult r = result.report().runs().get(0);
        out.println(test.size() + " rows of " + input + (read.skippedRows() > 0 ? " (" + read.skippedRows()
                + " bad rows skipped)" : "") + "; reference group " + reference);
        if (rules.isPresent()) {
            out.println(threshold == null ? "decisions by the group thresholds in " + rules.get()
                    : "--threshold given: the group thresholds in " + rules.get() + " are not applied");
        }
        out.println("accuracy " + r.rate(Rate.ACCURACY, RunResult.OVERALL).format() + "; "
                + result.report().input().headline().label(reference) + " " + r.headline().format());
        if (predictions != null) {
            result.writePredictions(predictions);
            out.println("predictions written to " + predictions);
        }
        if (output != null) {
            List<Path> files = ReportWriter.write(result.report(), output);
            CommandSupport.printWritten(out, result.report(), files);
        }
        out.flush();
        return FairTuneCli.OK;
    }
}
