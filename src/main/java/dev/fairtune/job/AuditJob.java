package dev.fairtune.job;

import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.fairness.stats.PoissonBootstrap;
import java.util.List;
import java.util.Objects;

/**
 * The fairness metrics of predictions a user already has: a {@link PredictionFile} read into a
 * {@link MetricFrame}, with Poisson bootstrap intervals of the named metrics when asked. What
 * {@code fairtune audit} runs, callable from Java; {@link Audit#json()} is its JSON form.
 */
public final class AuditJob {
    /** The confidence level of the bootstrap intervals. */
    public static final double LEVEL = 0.95;

    private final Builder b;

    private AuditJob(Builder b) {
        this.b = b;
    }

    /** A new builder for the audit of the predictions in {@code file}. */
    public static Builder builder(PredictionFile file) {
        return new Builder(file);
    }

    /**
     * A finished audit.
     *
     * @param input what was read and how
     * @param frame every rate and metric of every group
     * @param bootstrap the bootstrap intervals, or null when none were asked for
     */
    public record Audit(AuditJson.Input input, MetricFrame frame, AuditJson.BootstrapJson bootstrap) {
        /** The audit as the JSON of docs/audit-json.md. */
        public AuditJson json() {
            return AuditJson.of(input, frame, bootstrap);
        }
    }

    /**
     * Reads the file and measures it.
     *
     * @throws dev.fairtune.data.DataException when the file cannot be read as asked (naming the line)
     */
    public Audit run() {
        PredictionFile f = b.file;
        PredictionFile.Table table = f.read(b.bootstrapKey == null ? List.of() : List.of(b.bootstrapKey));
        Observations obs = table.observations();
        MetricFrame.Builder frame = MetricFrame.builder().setCounts(obs.counts()).optReference(f.reference())
                .optMinGroupSize(b.minGroupSize);
        if (obs.hasScores()) {
            frame.optScores(ScoreMetrics.summarize(obs));
        }
        AuditJson.Input in = new AuditJson.Input(f.file().toString(), obs.size(), table.skippedRows(), f.labelColumn(),
                table.positiveLabels(), f.predictionColumn(), table.positivePredictions(), table.negativePredictions(),
                f.scoreColumn(), table.threshold(), f.groupColumns(), f.weightColumn(), f.reference(), b.minGroupSize);
        MetricFrame built = frame.build();
        return new Audit(in, built, b.replicates == 0 ? null : intervals(table, built));
    }

    /** Poisson bootstrap intervals of the frame's named metrics, keyed by row position or the key column. */
    private AuditJson.BootstrapJson intervals(PredictionFile.Table table, MetricFrame frame) {
        Observations obs = table.observations();
        String[] keys = b.bootstrapKey == null ? null : table.column(b.bootstrapKey);
        int[] group = obs.group();
        int[] label = obs.label();
        int[] prediction = obs.prediction();
        double[] weight = obs.weight();
        PoissonBootstrap bootstrap = new PoissonBootstrap(obs.groups(), b.replicates, b.seed);
        for (int i = 0; i < obs.size(); i++) {
            bootstrap.add(keys == null ? i : PoissonBootstrap.key(keys[i]), group[i], label[i], prediction[i],
                    weight == null ? 1 : weight[i]);
        }
        return AuditJson.BootstrapJson.of(b.replicates, LEVEL, b.seed, b.bootstrapKey, bootstrap.intervals(frame, LEVEL));
    }

    /** Builds an {@link AuditJob}. */
    public static final class Builder {
        private final PredictionFile file;
        private int minGroupSize = ReportSettings.DEFAULT_MIN_GROUP_SIZE;
        private int replicates;
        private long seed;
        private String bootstrapKey;

        private Builder(PredictionFile file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /** Groups with fewer rows are flagged; default {@value ReportSettings#DEFAULT_MIN_GROUP_SIZE}. */
        public Builder optMinGroupSize(int rows) {
            this.minGroupSize = rows;
            return this;
        }

        /**
         * Poisson bootstrap intervals of the named metrics from {@code replicates} replicates (0, the
         * default: none): each row counts Poisson(1) times per replicate, drawn from the seed, the row's
         * key and the replicate ({@link PoissonBootstrap}), as the Spark audit draws them.
         *
         * @param keyColumn a column of unique row ids that keys the draws, or null for the row's 0-based position
         */
        public Builder optBootstrap(int replicates, long seed, String keyColumn) {
            this.replicates = replicates;
            this.seed = seed;
            this.bootstrapKey = keyColumn;
            return this;
        }

        /** The job. */
        public AuditJob build() {
            if (minGroupSize < 0) {
                throw new IllegalArgumentException("the minimum group size must not be negative, got " + minGroupSize);
            }
            if (replicates < 0) {
                throw new IllegalArgumentException("bootstrap replicates must not be negative, got " + replicates);
            }
            return new AuditJob(this);
        }
    }
}
