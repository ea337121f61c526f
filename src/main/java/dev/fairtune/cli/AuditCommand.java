package dev.fairtune.cli;

import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.fairness.stats.PoissonBootstrap;
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

    /** The frame, its bootstrap intervals (or null) and the input description, built once and written in either form. */
    record Audit(AuditJson.Input input, MetricFrame frame, AuditJson.BootstrapJson bootstrap) {
    }

    /** The confidence level of the bootstrap intervals. */
    static final double LEVEL = 0.95;

    @Override
    public Integer call() throws IOException {
        Audit audit = run();
        String text;
        if (json) {
            text = AuditJson.of(audit.input(), audit.frame(), audit.bootstrap()).toJson();
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
        if (bootstrap < 0) {
            throw new IllegalArgumentException("--bootstrap must not be negative, got " + bootstrap);
        }
        if (bootstrap > 0 && !json) {
            throw new IllegalArgumentException("--bootstrap writes its intervals into the JSON: add --json");
        }
        // the bootstrap key column is read as text beside the observations (one string per kept row)
        PredictionOptions.Predictions p = predictions.read(bootstrapKey == null ? List.of() : List.of(bootstrapKey));
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
        MetricFrame f = frame.build();
        return new Audit(in, f, bootstrap == 0 ? null : intervals(p, f));
    }

    /** Poisson bootstrap intervals of the frame's named metrics, keyed by row position or --bootstrap-key. */
    private AuditJson.BootstrapJson intervals(PredictionOptions.Predictions p, MetricFrame f) {
        Observations obs = p.observations();
        String[] keys = bootstrapKey == null ? null : p.column(bootstrapKey);
        int[] group = obs.group();
        int[] label = obs.label();
        int[] prediction = obs.prediction();
        double[] weight = obs.weight();
        PoissonBootstrap b = new PoissonBootstrap(obs.groups(), bootstrap, seed.seed);
        for (int i = 0; i < obs.size(); i++) {
            b.add(keys == null ? i : PoissonBootstrap.key(keys[i]), group[i], label[i], prediction[i],
                    weight == null ? 1 : weight[i]);
        }
        return AuditJson.BootstrapJson.of(bootstrap, LEVEL, seed.seed, bootstrapKey, b.intervals(f, LEVEL));
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
