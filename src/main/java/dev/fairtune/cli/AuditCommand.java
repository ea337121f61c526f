package dev.fairtune.cli;

import dev.fairtune.io.AtomicFiles;
import dev.fairtune.job.AuditJob;
import dev.fairtune.job.AuditJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fairtune audit}: the fairness metrics of predictions a user already has, from a CSV, TSV or
 * JSON Lines file. It parses the options into an {@link AuditJob} and prints the frame's table or
 * writes its {@link AuditJson}; it computes nothing of its own.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the fairness of predictions you already have.",
            "Example (COMPAS): fairtune audit -i compas.csv --label two_year_recid --prediction score_text "
                    + "--negative-prediction Low --score decile_score --group race --reference Caucasian"})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    PredictionOptions predictions;

    @Option(names = "--min-group-size", paramLabel = "N", defaultValue = "30",
            description = "Flag groups with fewer rows (default: ${DEFAULT-VALUE}).")
    int minGroupSize;

    @Option(names = "--json", description = "Write JSON (docs/audit-json.md) instead of a table.")
    boolean json;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "0",
            description = "With --json: Poisson bootstrap 95%% intervals of the named metrics from N replicates "
                    + "(default: ${DEFAULT-VALUE}, none); each row counts Poisson(1) times per replicate, drawn from "
                    + "the seed, the row's key and the replicate, as the Spark audit draws them.")
    int bootstrap;

    @Mixin
    SeedOption seed;

    @Option(names = "--bootstrap-key", paramLabel = "COLUMN",
            description = "A column of unique row ids that keys the draws (default: the row's 0-based position).")
    String bootstrapKey;

    @Option(names = "--output-file", paramLabel = "FILE", description = "Write here instead of to standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (bootstrap > 0 && !json) {
            throw new IllegalArgumentException("--bootstrap writes its intervals into the JSON: add --json");
        }
        AuditJob.Audit audit = AuditJob.builder(predictions.file()).optMinGroupSize(minGroupSize)
                .optBootstrap(bootstrap, seed.seed, bootstrapKey).build().run();
        String text = json ? audit.json().toJson() : describe(audit.input()) + audit.frame().toTable();
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            AtomicFiles.writeString(output, text);
        }
        return 0;
    }

    private static String describe(AuditJson.Input in) {
        StringBuilder s = new StringBuilder();
        s.append("Audit of ").append(in.file()).append(": ").append(in.rows()).append(" rows");
        if (in.skippedRows() > 0) {
            s.append(" (").append(in.skippedRows()).append(" bad rows skipped)");
        }
        s.append("\nlabel ").append(in.labelColumn()).append(" (positive: ").append(String.join(", ", in.positiveLabels()))
                .append(")");
        if (in.predictionColumn() != null) {
            s.append("; prediction ").append(in.predictionColumn()).append(in.negativePredictions().isEmpty()
                    ? " (positive: " + String.join(", ", in.positivePredictions()) + ")"
                    : " (negative: " + String.join(", ", in.negativePredictions()) + ")");
        }
        if (in.scoreColumn() != null) {
            s.append("; score ").append(in.scoreColumn());
            if (in.threshold() != null) {
                s.append(" (positive at >= ").append(in.threshold()).append(')');
            }
        }
        s.append("; groups ").append(String.join(" x ", in.groupColumns()));
        if (in.weightColumn() != null) {
            s.append("; weights ").append(in.weightColumn());
        }
        return s.append('\n').toString();
    }
}
