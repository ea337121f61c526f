package dev.fairtune.cli;

import dev.fairtune.fairness.MetricSpec;
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
import dev.fairtune.io.AtomicFiles;
import dev.fairtune.report.RunInput;
import dev.fairtune.train.Checkpointer;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.LagrangianTarget;
import dev.fairtune.train.NonFiniteLossException;
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

    /**
     * Where a run checkpoints and whether it resumes ({@code train --checkpoint-dir},
     * {@code --checkpoint-every}, {@code --resume}).
     *
     * @param directory the run's checkpoint root
     * @param everySteps extra checkpoint interval in optimizer steps (0: at evaluations and the end only)
     * @param resume continue from the newest checkpoint in {@code directory}
     */
    record Checkpointing(Path directory, long everySteps, boolean resume) {
    }

    private FineTuning() {
    }

    /** {@link #run(Spec, ModelSource, String, TextDataset, TextDataset, TextDataset, TrainingOptions,
     * MetricSpec, PrintWriter, Path, CounterfactualRewriter, Checkpointing)} without checkpoints. */
    static Outcome run(Spec spec, ModelSource source, String attribute, TextDataset train, TextDataset validation,
            TextDataset test, TrainingOptions options, MetricSpec headline, PrintWriter out, Path saveTo,
            CounterfactualRewriter counterfactuals) throws IOException {
        return run(spec, source, attribute, train, validation, test, options, headline, out, saveTo, counterfactuals,
                null);
    }

    /**
     * Loads the pretrained model, trains, scores the test split, and saves the classifier when
     * {@code saveTo} is given.
     *
     * @param counterfactuals makes the twins a counterfactual penalty needs; null for none
     * @param checkpoints where to checkpoint and whether to resume; null for no checkpoints
     *
     * @throws CommandFailure with {@link FairTuneCli#MODEL_FAILURE} when the model cannot be loaded
     *     or the loss stops being finite
     */
    static Outcome run(Spec spec, ModelSource source, String attribute, TextDataset train, TextDataset validation,
            TextDataset test, TrainingOptions options, MetricSpec headline, PrintWriter out, Path saveTo,
            CounterfactualRewriter counterfactuals, Checkpointing checkpoints) throws IOException {
        out.println(spec.name() + ": fine-tuning on " + train.size() + " examples (" + spec.description() + ")");
        out.flush();
        try (PretrainedModel model = load(source)) {
            BertClassifier classifier = BertClassifier.builder(model).optLabels(train.labelNames()).optNewHead(true)
                    .optSeed(options.seed).build();
            FairTrainer.Builder b = FairTrainer.builder().setModel(model).setClassifier(classifier)
                    .setConfig(checkpoints == null ? options.config(train.size(), spec.target() != null)
                            : options.config(train.size(), spec.target() != null).toBuilder()
                                    .optCheckpointEverySteps(checkpoints.everySteps()).build()).optFreezing(options.freezing()).optGroupAttribute(attribute)
                    .optMonitoredMetric(new MetricSpec(headline.metric(), headline.group()));
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
            if (checkpoints != null) {
                checkpointing(b, checkpoints, spec.name(), out);
            }
            String description = spec.description();
            if (options.allowSingleClass) {
                b.optAllowSingleClass(true);
                description = "WARNING: trained with --allow-single-class; where the data lack a class, its rates "
                        + "and gaps are undefined. " + description;
                out.println("WARNING: " + spec.name() + " is trained with --allow-single-class: where the training or "
                        + "validation data lack a class, rates and gaps are undefined");
            }
            FairTrainer trainer = b.build();
            TrainingResult result;
            try {
                result = trainer.fit(train, validation);
            } catch (NonFiniteLossException e) {
                throw new CommandFailure(FairTuneCli.MODEL_FAILURE, spec.name() + ": training stopped: "
                        + CliMessages.forCommandLine(e.getMessage()) + " Lower --learning-rate or the penalty weight"
                        + " and train again (a resumed run must keep the settings, so --resume does not apply)", e);
            }
            out.println(spec.name() + ": scoring the test split and its counterfactual twins");
            out.flush();
            Scorer.Scored scored;
            try (Scorer scorer = Scorer.of(model, result.model(), options.maxLength)) {
                scored = scorer.score(test, true);
            }
            Observations obs = scored.predictions().observations(test, attribute);
            RunInput.Builder r = RunInput.builder().setName(spec.name()).optDescription(description)
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

    /**
     * Points the trainer at the run's checkpoint folder: resumes from its newest checkpoint with
     * {@code --resume}; without it, refuses a folder that already holds checkpoints, which belong to
     * an earlier run and would be mixed with this one's.
     */
    private static void checkpointing(FairTrainer.Builder b, Checkpointing c, String name, PrintWriter out)
            throws IOException {
        b.optCheckpointDirectory(c.directory());
        java.util.Optional<Path> latest = Checkpointer.latest(c.directory());
        if (c.resume()) {
            if (latest.isPresent()) {
                b.optResumeFrom(latest.get());
                out.println(name + ": resuming from " + latest.get() + " (step " + Checkpointer.stepOf(latest.get()) + ")");
            } else {
                out.println(name + ": no checkpoint in " + c.directory() + ", starting from the pretrained weights");
            }
            out.flush();
        } else {
            refuseEarlierCheckpoints(c.directory());
        }
    }

    /** Refuses a checkpoint folder that holds an earlier run's checkpoints (without --resume). */
    static void refuseEarlierCheckpoints(Path directory) throws IOException {
        java.util.Optional<Path> latest = Checkpointer.latest(directory);
        if (latest.isPresent()) {
            throw new IllegalArgumentException(directory + " holds checkpoints of an earlier run (newest: "
                    + latest.get().getFileName() + "); pass --resume to continue that run with the same data and "
                    + "options, or remove the folder (or give another --output or --checkpoint-dir) to start afresh");
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
