package dev.fairtune.job;

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
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The report (report.json, report.html, model-card.md; docs/report.md) of predictions a user
 * already has: a {@link PredictionFile} read, measured as a one-run report and written. A column of
 * the scores of counterfactual twins adds the counterfactual metrics. What {@code fairtune report}
 * runs, callable from Java.
 */
public final class PredictionReportJob {
    private final Builder b;

    private PredictionReportJob(Builder b) {
        this.b = b;
    }

    /** A new builder for the report of the predictions in {@code file}. */
    public static Builder builder(PredictionFile file) {
        return new Builder(file);
    }

    /**
     * A written report.
     *
     * @param report the measured report
     * @param files the files written (JSON, HTML, model card)
     * @param rows rows measured
     * @param skippedRows malformed or unusable rows skipped (with optSkipBadRows)
     */
    public record Result(FairnessReport report, List<Path> files, int rows, long skippedRows) {
    }

    /**
     * Reads, measures and writes the report into {@code folder}.
     *
     * @throws DataException when the file cannot be read as asked, or holds a single group
     * @throws IOException when the report cannot be written
     */
    public Result run(Path folder) throws IOException {
        PredictionFile f = b.file;
        PredictionFile.Table table = f.read(b.counterfactualScore == null ? List.of() : List.of(b.counterfactualScore));
        Observations obs = table.observations();
        Path file = f.file();
        if (obs.groups().size() < 2) {
            List<String> columns = f.groupColumns();
            throw new DataException(file, 0, "group column" + (columns.size() == 1 ? " '" : "s '")
                    + String.join("' x '", columns) + "' holds the single value '" + obs.groups().name(0) + "' in all "
                    + obs.size() + " rows, so fairness between groups cannot be measured; give a column with at least "
                    + "two groups");
        }
        String fileName = String.valueOf(file.getFileName());
        RunInput.Builder run = RunInput.builder().setName(b.name != null ? b.name : fileName.replaceFirst("\\.[^.]+$", ""))
                .setEvaluation(obs).optDescription("predictions read from " + fileName);
        if (b.counterfactualScore != null) {
            if (!obs.hasScores()) {
                throw new IllegalArgumentException("a counterfactual score column needs the original texts' scores "
                        + "(PredictionFile.Builder.optScore)");
            }
            run.optCounterfactual(pairs(table));
        }
        String labelPositive = String.join("/", table.positiveLabels());
        DataSummary data = DataSummary.of(fileName, sha256(file), List.of("not " + labelPositive, labelPositive),
                String.join(" & ", f.groupColumns()), obs);
        Provenance.Builder provenance = Provenance.builder().setModel(b.modelName, "predictions file " + file)
                .optSeed(b.seed);
        if (b.command != null) {
            provenance.optCommand(b.command);
        }
        ReportInput.Builder input = ReportInput.builder()
                .setTitle(b.title != null ? b.title : "Fairness report of " + fileName)
                .setProvenance(provenance.build()).setEvaluationData(data).addRun(run.build()).optReference(f.reference());
        FairnessReport report = FairnessReport.compute(b.settings.applyTo(input).build());
        return new Result(report, ReportWriter.write(report, folder), obs.size(), table.skippedRows());
    }

    /** The rows with a twin score: each row's group, its score and its twin's. */
    private CounterfactualPairs pairs(PredictionFile.Table table) {
        Observations obs = table.observations();
        String column = b.counterfactualScore;
        String[] twin = table.column(column);
        int n = 0;
        for (String t : twin) {
            n += t.isEmpty() ? 0 : 1;
        }
        if (n == 0) {
            throw new DataException(table.file(), 0, "column '" + column
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
                throw new DataException(table.file(), table.sourceLine(i), "'" + twin[i] + "' in column '" + column
                        + "' is not a score; leave it empty for rows without a twin");
            }
            g[k] = obs.group()[i];
            s[k] = obs.score()[i];
            t[k] = v;
            k++;
        }
        return new CounterfactualPairs(g, s, t);
    }

    /** SHA-256 of a file's bytes, in hex: the data's fingerprint in the report. */
    private static String sha256(Path file) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + " again to hash it", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Builds a {@link PredictionReportJob}. */
    public static final class Builder {
        private final PredictionFile file;
        private String counterfactualScore;
        private String name;
        private String title;
        private String modelName = "unnamed model";
        private long seed;
        private String command;
        private ReportSettings settings = ReportSettings.defaults();

        private Builder(PredictionFile file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /** A column holding the score of each row's counterfactual twin (identity terms swapped); empty where none. */
        public Builder optCounterfactualScore(String column) {
            this.counterfactualScore = column;
            return this;
        }

        /** The run's name; default the file name without its extension. */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /** The report's title; default "Fairness report of FILE". */
        public Builder optTitle(String title) {
            this.title = title;
            return this;
        }

        /** The model that made the predictions, for the provenance; default "unnamed model". */
        public Builder optModelName(String name) {
            this.modelName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The bootstrap's seed; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The command that ran the job, for the provenance. */
        public Builder optCommand(String command) {
            this.command = command;
            return this;
        }

        /** The headline metric, bootstrap and minimum group size; default {@link ReportSettings#defaults()}. */
        public Builder optReport(ReportSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The job. */
        public PredictionReportJob build() {
            return new PredictionReportJob(this);
        }
    }
}
