package dev.fairtune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fairtune audit}: the fairness metrics of predictions a user already has, from a CSV, TSV or
 * JSON Lines file. It builds {@link Observations} and a {@link MetricFrame} with the library API and
 * prints the frame's table or writes {@link AuditJson}; it computes nothing of its own.
 *
 * <p>Cell values are read with surrounding spaces removed, and a column option matches a header
 * name exactly or, failing that, after trimming its spaces (as in UCI Adult's ", " separated files).
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

    @Option(names = "--output-file", paramLabel = "FILE", description = "Write here instead of to standard output.")
    Path output;

    /** The frame and the input description, built once and written in either form. */
    record Audit(AuditJson.Input input, MetricFrame frame) {
    }

    @Override
    public Integer call() throws IOException {
        Audit audit = run();
        String text;
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            text = mapper.writeValueAsString(AuditJson.of(audit.input(), audit.frame())) + System.lineSeparator();
        } else {
            text = describe(audit.input()) + audit.frame().toTable();
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            AtomicFiles.writeString(output, text);
        }
        return 0;
    }

    /** Reads the file and computes the frame with the library API. */
    Audit run() {
        if (minGroupSize < 0) {
            throw new IllegalArgumentException("--min-group-size must not be negative, got " + minGroupSize);
        }
        PredictionOptions.Predictions p = predictions.read();
        Observations obs = p.observations();
        PredictionOptions o = predictions;
        MetricFrame.Builder frame = MetricFrame.builder().setCounts(obs.counts()).optReference(o.reference)
                .optMinGroupSize(minGroupSize);
        if (obs.hasScores()) {
            frame.optScores(ScoreMetrics.summarize(obs));
        }
        AuditJson.Input in = new AuditJson.Input(o.input.toString(), obs.size(), p.skippedRows(), o.label,
                p.positiveLabels(), o.prediction, p.positivePredictions(), p.negativePredictions(), o.score,
                p.threshold(), List.copyOf(o.groupColumns), o.weight, o.reference, minGroupSize);
        return new Audit(in, frame.build());
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
