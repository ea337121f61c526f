package dev.fairtune.job;

import ai.djl.ndarray.NDManager;
import dev.fairtune.data.TextDataset;
import dev.fairtune.fairness.Observations;
import dev.fairtune.io.AtomicFiles;
import dev.fairtune.model.ModelSource;
import dev.fairtune.postprocess.ThresholdPostProcessor;
import dev.fairtune.privacy.MembershipAudit;
import dev.fairtune.report.DataSummary;
import dev.fairtune.report.FairnessReport;
import dev.fairtune.report.Provenance;
import dev.fairtune.report.ReportInput;
import dev.fairtune.report.RunInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A fine-tuned classifier scored on labelled data (with counterfactual twins when asked) and
 * measured as a one-run report: what {@code fairtune evaluate} runs, callable from Java.
 */
public final class EvaluationJob {

    /**
     * A finished evaluation.
     *
     * @param data the scored data
     * @param observations labels, groups, scores and decisions of each row
     * @param scored the scores (and twin scores)
     * @param report the measured one-run report
     * @param membership the membership-inference audit, or null when none was asked for
     */
    public record Result(TextDataset data, Observations observations, Scorer.Scored scored, FairnessReport report,
            MembershipAudit.Result membership) {
        /**
         * Writes each row's label, group, score, decision (and twin score) as CSV:
         * {@code row, label, group, score, prediction[, twin_score]}, rows numbered from 1.
         */
        public void writePredictions(Path file) throws IOException {
            StringBuilder s = new StringBuilder();
            boolean twins = scored.twinScores() != null;
            String attribute = report.input().evaluationData().attribute();
            List<String> groupNames = data.attribute(attribute).groups();
            try (CSVPrinter p = new CSVPrinter(s, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
                p.printRecord(twins ? List.of("row", "label", "group", "score", "prediction", "twin_score")
                        : List.of("row", "label", "group", "score", "prediction"));
                for (int i = 0; i < data.size(); i++) {
                    Object[] row = {i + 1, data.labelNames().get(observations.label()[i]),
                        groupNames.get(observations.group()[i]), observations.score()[i], observations.prediction()[i]};
                    if (twins) {
                        double t = scored.twinScores()[i];
                        p.printRecord(append(row, Double.isNaN(t) ? "" : Double.toString(t)));
                    } else {
                        p.printRecord(row);
                    }
                }
            }
            AtomicFiles.writeString(file, s.toString());
        }

        private static Object[] append(Object[] row, Object last) {
            Object[] out = java.util.Arrays.copyOf(row, row.length + 1);
            out[row.length] = last;
            return out;
        }
    }

    private final Builder b;

    private EvaluationJob(Builder b) {
        this.b = b;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads the model, scores the data and measures them.
     *
     * @throws dev.fairtune.model.CheckpointException when the model is not a readable two-label classifier
     * @throws IOException when the model cannot be read
     */
    public Result run() throws IOException {
        String attribute = b.data.attributes().get(0).name();
        Scorer.Scored scored;
        String origin;
        MembershipAudit.Result membership = null;
        try (Scorer scorer = Scorer.load(b.model, b.maxLength)) {
            scored = scorer.score(b.data, b.counterfactual);
            origin = scorer.origin();
            if (b.members != null) {
                membership = membershipAudit(scorer, scored, attribute);
            }
        }
        Observations obs = b.threshold == null ? scored.predictions().observations(b.data, attribute)
                : scored.predictions().observations(b.data, attribute, b.threshold);
        if (b.postProcessor != null) {
            obs = b.postProcessor.apply(obs, b.seed);
        }
        RunInput.Builder run = RunInput.builder().setName(b.modelName).setEvaluation(obs)
                .optDescription("fine-tuned model " + b.modelName + " scored on " + b.data.name());
        if (scored.pairs() != null) {
            run.optCounterfactual(scored.pairs());
        }
        if (membership != null) {
            run.optMembershipAudit(membership);
        }
        ReportInput.Builder in = ReportInput.builder().setTitle("Evaluation of " + b.modelName + " on " + b.data.name())
                .setProvenance(Provenance.builder().setModel(b.modelName, origin).optSeed(b.seed).optCommand(b.command)
                        .build())
                .setEvaluationData(DataSummary.of(b.data, attribute)).addRun(run.build())
                .optReference(b.data.attribute(attribute).referenceName());
        return new Result(b.data, obs, scored, FairnessReport.compute(b.report.applyTo(in).build()), membership);
    }

    /**
     * The membership-inference audit ({@link MembershipAudit}): per-example losses of the model on
     * its training rows (members) against the evaluated rows (non-members), and, with a reference
     * classifier that saw neither, the calibrated attack.
     */
    private MembershipAudit.Result membershipAudit(Scorer scorer, Scorer.Scored nonMembers, String attribute)
            throws IOException {
        TextDataset members = b.members;
        double[] memberLoss;
        double[] nonMemberLoss;
        double[][] ref = null;
        try (NDManager m = NDManager.newBaseManager()) {
            memberLoss = scorer.score(members, false).predictions().crossEntropies(members.labels(), m);
            nonMemberLoss = nonMembers.predictions().crossEntropies(b.data.labels(), m);
            if (b.auditReference != null) {
                try (Scorer reference = Scorer.load(b.auditReference, b.maxLength)) {
                    ref = new double[][] {
                        reference.score(members, false).predictions().crossEntropies(members.labels(), m),
                        reference.score(b.data, false).predictions().crossEntropies(b.data.labels(), m)};
                }
            }
        }
        MembershipAudit.Builder a = MembershipAudit.builder().setMemberLosses(memberLoss).setNonMemberLosses(nonMemberLoss)
                .optGroups(b.data.attribute(attribute).groups(), members.groups(attribute), b.data.groups(attribute))
                .optReplicates(b.auditReplicates).optSeed(b.seed);
        if (ref != null) {
            a.optReferenceLosses(ref[0], ref[1]);
        }
        return a.build().run();
    }

    /** Builds an {@link EvaluationJob}. */
    public static final class Builder {
        private ModelSource model;
        private String modelName;
        private TextDataset data;
        private Double threshold;
        private ThresholdPostProcessor postProcessor;
        private TextDataset members;
        private ModelSource auditReference;
        private int auditReplicates = 1000;
        private boolean counterfactual;
        private int maxLength = 128;
        private long seed = 42;
        private ReportSettings report = ReportSettings.defaults();
        private String command;

        private Builder() {
        }

        /** The fine-tuned classifier and its name in the report. Required. */
        public Builder setModel(ModelSource source, String name) {
            this.model = Objects.requireNonNull(source, "source");
            this.modelName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The labelled data; its first group attribute is measured. Required. */
        public Builder setData(TextDataset data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /** A score at or above {@code t} is positive; default the model's own rule (argmax). */
        public Builder optThreshold(double t) {
            if (!(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("the threshold must lie in [0, 1], got " + t);
            }
            this.threshold = t;
            return this;
        }

        /**
         * Decides by group thresholds fitted after training (saved beside a model as {@value
         * ThresholdPostProcessor#FILE}) instead of the model's own rule; default none.
         */
        public Builder optPostProcessor(ThresholdPostProcessor rules) {
            this.postProcessor = rules;
            return this;
        }

        /**
         * Adds a membership-inference audit: {@code members} are rows the model was trained on, the
         * evaluated rows (which it must not have seen) the non-members.
         *
         * @param reference a classifier that saw neither set (the model before fine-tuning), for the
         *     calibrated attack; null for the loss-threshold attack alone
         * @param replicates bootstrap replicates of the audit's intervals
         */
        public Builder optMembershipAudit(TextDataset members, ModelSource reference, int replicates) {
            this.members = Objects.requireNonNull(members, "members");
            this.auditReference = reference;
            this.auditReplicates = replicates;
            return this;
        }

        /** Also scores each text with its identity terms swapped (built-in lexicon); default off. */
        public Builder optCounterfactual(boolean counterfactual) {
            this.counterfactual = counterfactual;
            return this;
        }

        /** The longest input in tokens; default 128. */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** The bootstrap's seed; default 42. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The report's headline, bootstrap and minimum group size. */
        public Builder optReport(ReportSettings settings) {
            this.report = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The command that ran the job, for the provenance. */
        public Builder optCommand(String command) {
            this.command = command;
            return this;
        }

        /**
         * The job.
         *
         * @throws IllegalArgumentException without a model or data, or with both a threshold and
         *     group thresholds
         */
        public EvaluationJob build() {
            if (model == null || data == null) {
                throw new IllegalArgumentException("an evaluation needs a model (setModel) and data (setData)");
            }
            if (threshold != null && postProcessor != null) {
                throw new IllegalArgumentException("decide by one threshold or by the group thresholds, not both");
            }
            return new EvaluationJob(this);
        }
    }
}
