package dev.fairtune.cli;

import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.explain.Explainer;
import dev.fairtune.explain.IdentityDiagnostic;
import dev.fairtune.fairness.Observations;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.CheckpointException;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.report.AtomicFiles;
import dev.fairtune.report.HeadlineMetric;
import dev.fairtune.report.RunInput;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.LagrangianTarget;
import dev.fairtune.train.NonFiniteLossException;
import dev.fairtune.train.TrackedMetric;
import dev.fairtune.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * One fine-tune with the library's {@link FairTrainer}, from the pretrained weights, then the test
 * split scored (with counterfactual twins) into a report run. Shared by {@code demo} and
 * {@code train}.
 */
final class FineTuning {
    /**
     * A finished run.
     *
     * @param record the report's view of the run
     * @param training what the trainer returned (history with its provenance, selection, stop reason)
     */
    record Outcome(RunInput record, TrainingResult training) {
    }

    /**
     * What to train.
     *
     * @param name the run's name
     * @param description the run's description
     * @param penalty a fixed-weight penalty, or null
     * @param lambda its weight
     * @param target a Lagrangian target, or null
     */
    record Spec(String name, String description, FairnessPenalty penalty, double lambda, LagrangianTarget target) {
    }

    private FineTuning() {
    }

    /**
     * Loads the pretrained model, trains, scores the test split, and saves the classifier when
     * {@code saveTo} is given.
     *
     * @param counterfactuals makes the twins a counterfactual penalty needs; null for none
     *
     * @throws CommandFailure with {@link FairTuneCli#MODEL_FAILURE} when the model cannot be loaded
     *     or the loss stops being finite
     */
    static Outcome run(Spec spec, ModelSource source, String attribute, TextDataset train, TextDataset validation,
            TextDataset test, TrainingOptions options, HeadlineMetric headline, PrintWriter out, Path saveTo,
            CounterfactualRewriter counterfactuals) throws IOException {
        out.println(spec.name() + ": fine-tuning on " + train.size() + " examples (" + spec.description() + ")");
        out.flush();
        try (PretrainedModel model = load(source)) {
            BertClassifier classifier = BertClassifier.builder(model).optLabels(train.labelNames()).optNewHead(true)
                    .optSeed(options.seed).build();
            FairTrainer.Builder b = FairTrainer.builder().setModel(model).setClassifier(classifier)
                    .setConfig(options.config(train.size(), spec.target() != null)).optFreezing(options.freezing()).optGroupAttribute(attribute)
                    .optMonitoredMetric(new TrackedMetric(headline.metric(), headline.group()));
            if (spec.penalty() != null) {
                b.addPenalty(spec.penalty(), spec.lambda());
            }
            if (spec.target() != null) {
                b.optTarget(spec.target());
            }
            if (counterfactuals != null) {
                b.optCounterfactuals(counterfactuals);
            }
            if (!options.noProgress) {
                b.optProgressBar(System.err);
            }
            FairTrainer trainer = b.build();
            TrainingResult result;
            try {
                result = trainer.fit(train, validation);
            } catch (NonFiniteLossException e) {
                throw new CommandFailure(FairTuneCli.MODEL_FAILURE, spec.name() + ": training stopped: " + e.getMessage()
                        + "; lower --learning-rate or the penalty weight", e);
            }
            out.println(spec.name() + ": scoring the test split and its counterfactual twins");
            out.flush();
            Scorer.Scored scored;
            try (Scorer scorer = Scorer.of(model, result.model(), options.maxLength)) {
                scored = scorer.score(test, true);
            }
            Observations obs = scored.predictions().observations(test, attribute);
            RunInput.Builder r = RunInput.builder().setName(spec.name()).optDescription(spec.description())
                    .setEvaluation(obs).addTraining(result.history());
            if (scored.pairs() != null && scored.pairs().size() > 0) {
                r.optCounterfactual(scored.pairs());
            }
            if (options.explainPerGroup > 0) {
                r.optExplanations(explain(model, result.model(), test, attribute, options, out, spec.name()));
            }
            if (saveTo != null) {
                AtomicFiles.writeFolder(saveTo, dir -> result.saveModel(model.tokenizerJson(), dir));
                out.println(spec.name() + ": model saved to " + saveTo);
            }
            return new Outcome(r.build(), result);
        }
    }

    /** Integrated Gradients of the positive class on a sample of the test split, and the identity-term diagnostic. */
    private static IdentityDiagnostic explain(PretrainedModel model, BertClassifier classifier, TextDataset test,
            String attribute, TrainingOptions options, PrintWriter out, String name) {
        int[] rows = IdentityDiagnostic.sample(test, attribute, options.explainPerGroup, options.seed);
        out.println(name + ": explaining " + rows.length + " test texts (" + options.explainSteps
                + " Integrated Gradients steps each)");
        out.flush();
        try (Explainer x = Explainer.builder(model, classifier).optSteps(options.explainSteps)
                .optBatchSize(options.explainSteps).optMaxLength(options.maxLength).build()) {
            return IdentityDiagnostic.measure(x, test, attribute, rows, IdentityLexicon.builtIn());
        }
    }

    static PretrainedModel load(ModelSource source) {
        try {
            return PretrainedModel.load(source);
        } catch (CheckpointException e) {
            throw new CommandFailure(FairTuneCli.MODEL_FAILURE, "cannot load the model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure(FairTuneCli.MODEL_FAILURE, "cannot read the model: " + e, e);
        }
    }
}
