package dev.fairtune.report;

import dev.fairtune.fairness.GroupPolicy;
import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Groups;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a report shows, before any metric is computed. Build it with {@link #builder()}, then
 * {@link FairnessReport#compute(ReportInput)}.
 *
 * @param title the report's title
 * @param provenance model, seed, libraries, command, time
 * @param headline the fairness metric shown on the curves and the sweep
 * @param reference the reference (privileged) group of the signed metrics, or null for none
 * @param evaluationData the test data the runs were evaluated on
 * @param trainingData the data the runs were trained on, or null (a report of predictions)
 * @param runs the runs, compared side by side; their evaluations share the same groups
 * @param replicates bootstrap replicates per interval
 * @param level the intervals' confidence level
 * @param minGroupSize groups with fewer test rows are flagged
 * @param thresholds the threshold sweep's thresholds, ascending; empty for the default (0.01 to
 *     0.99 in steps of 0.01 for scores in [0, 1], else 99 even steps over the scores' range)
 * @param intendedUse the model card's intended use, or null for the default text
 * @param ethicalConsiderations extra ethical considerations for the model card, or null
 * @param trainingSweep how a sweep of training runs chose the model (the frontier chart, the model card), or null
 */
public record ReportInput(String title, Provenance provenance, MetricSpec headline, String reference,
        DataSummary evaluationData, DataSummary trainingData, List<RunInput> runs, int replicates, double level,
        int minGroupSize, List<Double> thresholds, String intendedUse, String ethicalConsiderations,
        SweepSummary trainingSweep) {

    /** Checks and copies. */
    public ReportInput {
        runs = List.copyOf(runs);
        thresholds = List.copyOf(thresholds);
    }

    /** The groups of the evaluations. */
    public Groups groups() {
        return runs.get(0).evaluation().groups();
    }

    /**
     * What every metric of the report does with small or unmeasurable groups: the headline's
     * {@link MetricSpec#policy()}, applied to the metric table as well.
     */
    public GroupPolicy groupPolicy() {
        return headline.policy();
    }

    /** A builder: title, provenance, evaluation data and at least one run are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ReportInput}. */
    public static final class Builder {
        private String title;
        private Provenance provenance;
        private MetricSpec headline = MetricSpec.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE);
        private String reference;
        private DataSummary evaluationData;
        private DataSummary trainingData;
        private final List<RunInput> runs = new ArrayList<>();
        private int replicates = 1000;
        private double level = 0.95;
        private int minGroupSize = 30;
        private List<Double> thresholds = List.of();
        private String intendedUse;
        private String ethicalConsiderations;
        private SweepSummary trainingSweep;

        private Builder() {
        }

        /** The title (required). */
        public Builder setTitle(String title) {
            this.title = title;
            return this;
        }

        /** The provenance (required). */
        public Builder setProvenance(Provenance provenance) {
            this.provenance = provenance;
            return this;
        }

        /** The test data (required). */
        public Builder setEvaluationData(DataSummary evaluationData) {
            this.evaluationData = evaluationData;
            return this;
        }

        /** Adds a run (at least one is required). */
        public Builder addRun(RunInput run) {
            runs.add(run);
            return this;
        }

        /** The headline metric; default {@link FairnessMetric#EQUALIZED_ODDS_DIFFERENCE}. */
        public Builder optHeadline(MetricSpec headline) {
            this.headline = headline;
            return this;
        }

        /** The reference group of the signed metrics; default none. */
        public Builder optReference(String reference) {
            this.reference = reference;
            return this;
        }

        /** The training data; default none. */
        public Builder optTrainingData(DataSummary trainingData) {
            this.trainingData = trainingData;
            return this;
        }

        /** Bootstrap replicates and confidence level; default 1000 and 0.95. */
        public Builder optBootstrap(int replicates, double level) {
            this.replicates = replicates;
            this.level = level;
            return this;
        }

        /** Flag groups with fewer test rows; default 30. */
        public Builder optMinGroupSize(int minGroupSize) {
            this.minGroupSize = minGroupSize;
            return this;
        }

        /** The threshold sweep's thresholds; default see {@link ReportInput#thresholds()}. */
        public Builder optThresholds(double... thresholds) {
            List<Double> t = new ArrayList<>();
            for (double d : thresholds) {
                t.add(d);
            }
            this.thresholds = t;
            return this;
        }

        /** The model card's intended use. */
        public Builder optIntendedUse(String intendedUse) {
            this.intendedUse = intendedUse;
            return this;
        }

        /** Extra ethical considerations for the model card. */
        public Builder optEthicalConsiderations(String ethicalConsiderations) {
            this.ethicalConsiderations = ethicalConsiderations;
            return this;
        }

        /** How a sweep chose the model: the report then shows the frontier and the model card says how. */
        public Builder optTrainingSweep(SweepSummary sweep) {
            this.trainingSweep = Objects.requireNonNull(sweep);
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException when a required field is missing, runs have different
         *     groups, the reference or the headline's group is not a group, a signed headline has no
         *     reference, or a setting is out of range
         */
        public ReportInput build() {
            if (title == null || provenance == null || evaluationData == null || headline == null) {
                throw new IllegalArgumentException("title, provenance, evaluation data and headline are required");
            }
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("a report needs at least one run: call addRun");
            }
            Groups groups = runs.get(0).evaluation().groups();
            for (RunInput r : runs) {
                if (!r.evaluation().groups().equals(groups)) {
                    throw new IllegalArgumentException("runs must be evaluated on the same groups: " + runs.get(0).name()
                            + " has " + groups + ", " + r.name() + " has " + r.evaluation().groups());
                }
                if (runs.stream().filter(o -> o.name().equals(r.name())).count() > 1) {
                    throw new IllegalArgumentException("two runs are named '" + r.name() + "'; give each a distinct name");
                }
            }
            if (reference != null && !groups.contains(reference)) {
                throw new IllegalArgumentException("reference '" + reference + "' is not a group; the groups are " + groups);
            }
            if (headline.metric().needsReference()) {
                if (reference == null) {
                    throw new IllegalArgumentException("the headline " + headline.metric() + " needs a reference group");
                }
                headline.check(groups, groups.id(reference));
            }
            if (replicates < 1 || !(level > 0 && level < 1) || minGroupSize < 0) {
                throw new IllegalArgumentException("need replicates >= 1, level in (0, 1), minGroupSize >= 0; got "
                        + replicates + ", " + level + ", " + minGroupSize);
            }
            for (int i = 0; i < thresholds.size(); i++) {
                if (thresholds.get(i).isNaN() || (i > 0 && !(thresholds.get(i) > thresholds.get(i - 1)))) {
                    throw new IllegalArgumentException("thresholds must be ascending and distinct: " + thresholds);
                }
            }
            return new ReportInput(title, provenance, headline, reference, evaluationData, trainingData, runs,
                    replicates, level, minGroupSize, thresholds, intendedUse, ethicalConsiderations, trainingSweep);
        }
    }
}
