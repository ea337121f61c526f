package dev.fairtune.report;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.explain.IdentityDiagnostic;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.Value;
import dev.fairtune.train.BatchRecord;
import dev.fairtune.train.EvaluationRecord;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.PenaltyRecord;
import dev.fairtune.privacy.MembershipAudit;
import dev.fairtune.train.TrainingProvenance;
import dev.fairtune.train.TrainingHistory;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run (a model, usually one fine-tune) gives a report: its penalties, its training curves,
 * its final evaluation on the test data and its training provenance. {@link FairnessReport}
 * measures it into a {@link RunResult}.
 *
 * @param name a short name shown in charts and tables, such as "plain" or "fair (EOD, lambda 2)"
 * @param description a sentence on how the run was trained, or null
 * @param penalties the penalties of its loss; empty for plain cross-entropy or for predictions
 * @param epochs one record per epoch, in order; empty when not trained here
 * @param stepLosses the training loss of every optimizer step, in order; empty when not trained here
 * @param evaluation labels, decisions and (when present) scores, the probability of the positive
 *     class, on the test data; the threshold that made the decisions is {@link Observations#threshold()}
 * @param counterfactual score pairs of test texts and their counterfactual twins, or null
 * @param explanations the identity-term diagnostic of some test texts (their rows index the
 *     evaluation), or null
 * @param training the trainer's provenance of the run (data fingerprints, settings, versions, start
 *     and end, and for a DP-SGD run its privacy), or null when it was not trained here
 * @param membership a membership-inference audit of the model (training rows against held-out
 *     ones), or null
 */
public record RunInput(String name, String description, List<PenaltySetting> penalties, List<EpochMetrics> epochs,
        List<Double> stepLosses, Observations evaluation, CounterfactualPairs counterfactual,
        IdentityDiagnostic explanations, TrainingProvenance training, MembershipAudit.Result membership) {

    /** Checks and copies. */
    public RunInput {
        if (name == null || name.isBlank() || evaluation == null) {
            throw new IllegalArgumentException("a run needs a name and an evaluation");
        }
        penalties = List.copyOf(penalties);
        epochs = List.copyOf(epochs);
        stepLosses = List.copyOf(stepLosses);
        for (int i = 0; i < epochs.size(); i++) {
            if (epochs.get(i).epoch() != i + 1) {
                throw new IllegalArgumentException("run " + name + ": epoch records must be 1, 2, ... in order; record "
                        + i + " is epoch " + epochs.get(i).epoch());
            }
        }
    }

    /** A builder; name and evaluation are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RunInput}. */
    public static final class Builder {
        private String name;
        private String description;
        private final List<PenaltySetting> penalties = new ArrayList<>();
        private final List<EpochMetrics> epochs = new ArrayList<>();
        private final List<Double> stepLosses = new ArrayList<>();
        private Observations evaluation;
        private CounterfactualPairs counterfactual;
        private IdentityDiagnostic explanations;
        private TrainingProvenance training;
        private MembershipAudit.Result membership;

        private Builder() {
        }

        /** The run's short name (required). */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /** The final evaluation on the test data (required); with scores it adds AUCs and the threshold sweep. */
        public Builder setEvaluation(Observations evaluation) {
            this.evaluation = evaluation;
            return this;
        }

        /** How the run was trained, in a sentence. */
        public Builder optDescription(String description) {
            this.description = description;
            return this;
        }

        /** Adds a penalty of the run's loss. */
        public Builder addPenalty(PenaltySetting penalty) {
            penalties.add(penalty);
            return this;
        }

        /** Adds the next epoch's record. */
        public Builder addEpoch(EpochMetrics epoch) {
            epochs.add(epoch);
            return this;
        }

        /** Adds the loss of the next optimizer step. */
        public Builder addStepLoss(double loss) {
            stepLosses.add(loss);
            return this;
        }

        /**
         * Adds what a {@link FairTrainer} run recorded: per epoch, the mean training loss and the
         * last validation pass of that epoch (accuracy, and the trainer's monitored metric, which
         * should be the report's headline: give the trainer
         * {@code optMonitoredMetric(MetricSpec.of(metric, group))}); the loss of every step; and
         * each penalty with its starting weight and its weight after the last step (a Lagrangian
         * target moves it); and the run's provenance.
         *
         * @throws IllegalArgumentException when an epoch has no validation pass
         */
        public Builder addTraining(TrainingHistory history) {
            training = history.provenance();
            for (dev.fairtune.train.EpochRecord e : history.epochs()) {
                EvaluationRecord last = null;
                for (EvaluationRecord v : history.evaluations()) {
                    if (v.epoch() == e.epoch()) {
                        last = v;
                    }
                }
                if (last == null) {
                    throw new IllegalArgumentException("epoch " + e.epoch() + " of the history has no validation pass");
                }
                Value accuracy = Double.isNaN(last.accuracy()) ? Value.undefined(Reason.NO_ROWS, "validation")
                        : Value.of(last.accuracy());
                // The trainer counts epochs from 0, the report from 1.
                addEpoch(new EpochMetrics(e.epoch() + 1, e.step(), e.meanLoss(), accuracy, last.metric()));
            }
            for (BatchRecord b : history.batches()) {
                addStepLoss(b.loss());
            }
            List<PenaltyRecord> finalWeights = history.batches().isEmpty() ? List.of()
                    : history.batches().get(history.batches().size() - 1).penalties();
            List<TrainingProvenance.PenaltyInfo> penalties = history.provenance().penalties();
            for (int i = 0; i < penalties.size(); i++) {
                TrainingProvenance.PenaltyInfo p = penalties.get(i);
                double last = i < finalWeights.size() ? finalWeights.get(i).lambda() : p.initialLambda();
                addPenalty(new PenaltySetting(p.name(), p.approximates(), p.initialLambda(), last));
            }
            return this;
        }

        /** Score pairs of test texts and their counterfactual twins. */
        public Builder optCounterfactual(CounterfactualPairs counterfactual) {
            this.counterfactual = counterfactual;
            return this;
        }

        /** A membership-inference audit of the model ({@link MembershipAudit}). */
        public Builder optMembershipAudit(MembershipAudit.Result audit) {
            this.membership = audit;
            return this;
        }

        /** The identity-term diagnostic of some test texts; their rows index the evaluation's rows. */
        public Builder optExplanations(IdentityDiagnostic explanations) {
            this.explanations = explanations;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException if a required field is missing, the epochs are out of
         *     order, a counterfactual pair's group is not one of the evaluation's groups, or the
         *     explanations' groups or rows do not match the evaluation
         */
        public RunInput build() {
            if (counterfactual != null && evaluation != null) {
                for (int i = 0; i < counterfactual.size(); i++) {
                    int g = counterfactual.group()[i];
                    if (g < 0 || g >= evaluation.groups().size()) {
                        throw new IllegalArgumentException("run " + name + ": counterfactual pair " + i + " has group id "
                                + g + ", not one of " + evaluation.groups());
                    }
                }
            }
            if (explanations != null && evaluation != null) {
                if (!explanations.groups().equals(evaluation.groups().names())) {
                    throw new IllegalArgumentException("run " + name + ": the explanations' groups " + explanations.groups()
                            + " are not the evaluation's " + evaluation.groups().names());
                }
                for (IdentityDiagnostic.Text t : explanations.texts()) {
                    if (t.row() >= evaluation.size() || t.group() != evaluation.group()[t.row()]) {
                        throw new IllegalArgumentException("run " + name + ": explained row " + (t.row() + 1)
                                + " is not that row of the evaluation (out of range or another group)");
                    }
                }
            }
            return new RunInput(name, description, penalties, epochs, stepLosses, evaluation, counterfactual,
                    explanations, training, membership);
        }
    }
}
