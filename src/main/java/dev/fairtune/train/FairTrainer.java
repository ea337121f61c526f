package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;

import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.FairnessAwareLoss;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.text.TextEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fairness-aware trainer: fine-tunes a {@link BertClassifier} on
 *
 * <pre>  total loss = CE + sum_i lambda_i * penalty_i</pre>
 *
 * with pluggable {@link FairnessPenalty}s (a {@link FairnessAwareLoss} run by the plain {@link
 * TrainingStep}); a plain fine-tune is a run without penalties. {@link #fit} is a thin loop over
 * named parts: {@link RunSetup} checks the data and builds the loss and provenance; {@link
 * BatchFeeder} orders, weighs and encodes the batches (with the identity-swapped twins a penalty
 * asks for, {@link FairnessPenalty#needsCounterfactualTwins()}); {@link BatchMonitor} keeps the
 * epoch's running {@link GroupConfusion}; {@link Evaluator} runs a validation pass into a full
 * {@link MetricFrame}; {@link Selection} picks the best evaluation and stops early; {@link
 * RunWeights} writes and restores checkpoints ({@link CheckpointState}) and keeps the best
 * weights; {@link TrainingRun} holds the run's position and records, and is what listeners see.
 * A {@link LagrangianTarget} tunes one penalty's weight after each evaluation. Parameters a
 * penalty owns ({@link FairnessPenalty#trainableParameters}, an adversary's) are created from the
 * seed and trained by the same optimizer.
 *
 * <p>Determinism: epoch e's data order depends only on the seed and e, dropout is reseeded before
 * every micro-batch from (seed, step, micro-batch): same seed, data and settings on one machine give
 * identical weights, and a resumed run ends where the uninterrupted one would. A NaN or infinite loss
 * or gradient stops the run ({@link NonFiniteLossException}) without applying that update. Not
 * thread-safe (grad mode is per thread). Each {@code fit} starts from the classifier's current
 * weights (or its checkpoint) with a fresh optimizer; a {@link FrozenLayerCache} may be shared.
 */
public final class FairTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(FairTrainer.class);

    private final PretrainedModel model;
    private final BertClassifier classifier;
    private final TrainerConfig config;
    private final String attributeName;
    private final List<FairnessPenalty> penalties;
    private final List<Double> initialLambdas;
    private final LagrangianTarget target;
    private final Freezing freezing;
    private final List<TrainingListener> listeners;
    private final Path checkpointDirectory;
    private final Path resumeFrom;
    private final boolean allowSingleClass;
    private final CounterfactualRewriter rewriter;
    private final MetricSpec monitoredChoice;
    private final FrozenLayerCache cache;

    private FairTrainer(Builder b) {
        model = b.model;
        classifier = b.classifier;
        config = b.config;
        attributeName = b.attribute;
        penalties = List.copyOf(b.penalties);
        initialLambdas = List.copyOf(b.lambdas);
        target = b.target;
        freezing = b.freezing;
        List<TrainingListener> l = new ArrayList<>(b.listeners);
        if (b.progress != null) {
            l.add(0, new ProgressBarListener(b.progress));
        }
        listeners = List.copyOf(l);
        checkpointDirectory = b.checkpointDirectory;
        resumeFrom = b.resumeFrom;
        allowSingleClass = b.allowSingleClass;
        rewriter = b.rewriter;
        monitoredChoice = b.monitored;
        cache = b.cache;
    }

    /** A builder: model, classifier and config are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings. */
    public TrainerConfig config() {
        return config;
    }

    /**
     * Trains on {@code train}, evaluating on {@code validation}. The loop: for each optimizer step,
     * set freezing, feed the micro-batches and step ({@link TrainingRun#trainStep}), notify; then
     * evaluate when due, end the epoch, checkpoint when due, stop when done.
     *
     * @return the history, the selected evaluation and its checkpoint, and the model
     * @throws IllegalArgumentException when the data sets do not fit the classifier or each other
     *     (labels, group attribute), or a penalty or metric does not fit the groups
     * @throws NonFiniteLossException when a step's loss or gradient is not finite
     * @throws IOException when a checkpoint cannot be written or read
     */
    public TrainingResult fit(TextDataset train, TextDataset validation) throws IOException {
        Unfreezing unfreezing = new Unfreezing(classifier, freezing, config.schedule().unfreezeEverySteps());
        RunSetup setup = RunSetup.of(model, classifier, config, train, validation, attributeName, penalties,
                initialLambdas, target, monitoredChoice,
                unfreezing.describeStart() + (cache == null ? "" : "; " + cache.describe()));
        if (!allowSingleClass) {
            setup.checkBothClasses();
        }
        Engine.getInstance().setRandomSeed((int) config.seed());
        Map<String, Parameter> own = setup.penaltyParameters(model.manager());
        try (AdamW adamW = config.optimizer().newAdamW();
                TextEncoder text = TextEncoder.builder(model).optMaxLength(config.batching().maxLength()).build();
                DpSgd dp = setup.dpSgd()) {
            BatchFeeder feeder = new BatchFeeder(train, train.groups(setup.attribute()), setup.groups().size(),
                    config.positiveClass(), config.batching(), config.seed(), setup.twinRewriter(rewriter), text,
                    setup.poissonRate());
            feeder.useCache(cache, classifier, freezing, config.schedule().unfreezeEverySteps());
            try {
                TrainingRun run = start(setup, feeder, own, adamW, dp);
                listeners.forEach(l -> l.onStart(run, run));
                StopReason reason = loop(run, text, unfreezing);
                if (run.checkpointDue()) {
                    checkpoint(run);
                }
                TrainingResult result = run.finish(reason);
                listeners.forEach(l -> l.onEnd(result));
                return result;
            } catch (IOException | RuntimeException | Error e) {
                for (TrainingListener l : listeners) {
                    try {
                        l.onFailure(e);
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }
    }

    private StopReason loop(TrainingRun run, TextEncoder text, Unfreezing unfreezing) throws IOException {
        TrainerConfig.Schedule schedule = config.schedule();
        long evaluateEvery = config.evaluation().everySteps();
        long checkpointEvery = config.checkpoints().everySteps();
        while (schedule.maxSteps() > 0 || run.epoch < schedule.epochs()) {
            List<int[]> batches = run.feeder.epoch(run.epoch);
            while (run.batchInEpoch < batches.size()) {
                int end = Math.min(batches.size(), run.batchInEpoch + config.batching().gradientAccumulation());
                unfreezing.apply(run.step());
                BatchRecord record = run.trainStep(text, batches, run.batchInEpoch, end);
                run.batchInEpoch = end;
                listeners.forEach(l -> l.onBatchEnd(record, run, run));
                long s = run.step();
                boolean epochEnd = end == batches.size();
                boolean budget = schedule.maxSteps() > 0 && s >= schedule.maxSteps();
                boolean evaluate = run.evaluationRequested || epochEnd || budget
                        || (evaluateEvery > 0 && s % evaluateEvery == 0);
                if (evaluate) {
                    run.evaluationRequested = false;
                    EvaluationRecord evaluation = run.evaluate(text);
                    listeners.forEach(l -> l.onEvaluation(evaluation, run, run));
                }
                if (epochEnd) {
                    EpochRecord epoch = run.endEpoch();
                    listeners.forEach(l -> l.onEpochEnd(epoch, run, run));
                    run.nextEpoch();
                }
                StopReason stop = run.stopRequested ? StopReason.REQUESTED : run.earlyStop() ? StopReason.EARLY_STOPPING
                        : budget ? StopReason.MAX_STEPS
                        : epochEnd && schedule.maxSteps() == 0 && run.epoch >= schedule.epochs() ? StopReason.COMPLETED
                        : null;
                if (run.writesCheckpoints() && (evaluate || stop != null || run.checkpointRequested
                        || (checkpointEvery > 0 && s % checkpointEvery == 0))) {
                    checkpoint(run);
                }
                run.checkpointRequested = false;
                if (stop != null) {
                    run.logStop(stop);
                    return stop;
                }
                if (epochEnd) {
                    break;
                }
            }
        }
        return StopReason.COMPLETED;
    }

    /** Builds the run's parts and restores the checkpoint to resume from, if any. */
    private TrainingRun start(RunSetup setup, BatchFeeder feeder, Map<String, Parameter> own, AdamW adamW, DpSgd dp)
            throws IOException {
        Checkpointer checkpointer = checkpointDirectory == null ? null
                : new Checkpointer(checkpointDirectory, config.checkpoints().keep());
        Path resume = resumeFrom == null ? null : Checkpointer.resolve(resumeFrom);
        CheckpointState state = resume == null ? null : CheckpointState.read(resume);
        long totalSteps = config.schedule().totalSteps(feeder.stepsPerEpoch());
        TrainingStep step = setup.trainingStep(classifier, config, adamW, own, totalSteps,
                state == null ? 0 : state.step(), cache, dp);
        BatchMonitor monitor = new BatchMonitor(setup.groups(), feeder.labels(), feeder.groups(),
                classifier.labels().size(), config.positiveClass());
        Evaluator evaluator = new Evaluator(model, classifier, setup.validation(), setup.attribute(), setup.groups(),
                setup.reference(), config, setup.monitored(), target, cache);
        RunWeights weights = new RunWeights(model, classifier, own, checkpointer, config.evaluation().restoreBest());
        TrainingRun run = new TrainingRun(setup, config, model, target, feeder, step, adamW, monitor, evaluator, weights);
        if (state != null) {
            run.restore(resume, state);
        }
        LOG.info("training {} rows ({}), validating on {} rows; {} steps of {} x {} rows, {} micro-batches per"
                        + " epoch; penalties {}{}", setup.train().size(), setup.attribute() + setup.groups().names(),
                setup.validation().size(), totalSteps, config.batching().batchSize(),
                config.batching().gradientAccumulation(), feeder.batchesPerEpoch(), setup.describeLambdas(),
                target == null ? "" : "; target " + target);
        return run;
    }

    private void checkpoint(TrainingRun run) throws IOException {
        Path written = run.writeCheckpoint();
        listeners.forEach(l -> l.onCheckpoint(written, run));
    }

    /**
     * The classifier's outputs on {@code data} (evaluation mode, the config's max length, eval batch
     * size and positive class), in row order; {@link Predictions#observations} turns them into
     * fairness observations.
     */
    public Predictions predict(TextDataset data) {
        try (TextEncoder text = TextEncoder.builder(model).optMaxLength(config.batching().maxLength()).build()) {
            return Predictor.predict(model, classifier, text, data, config.batching().evalBatchSize(),
                    config.positiveClass());
        }
    }

    /** Builds a {@link FairTrainer}: {@code set*} required, {@code opt*} optional, checked in {@link #build()}. */
    public static final class Builder {
        private PretrainedModel model;
        private BertClassifier classifier;
        private TrainerConfig config;
        private String attribute;
        private final List<FairnessPenalty> penalties = new ArrayList<>();
        private final List<Double> lambdas = new ArrayList<>();
        private LagrangianTarget target;
        private Freezing freezing;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Path checkpointDirectory;
        private Path resumeFrom;
        private boolean allowSingleClass;
        private CounterfactualRewriter rewriter;
        private MetricSpec monitored;
        private PrintStream progress;
        private FrozenLayerCache cache;

        private Builder() {}

        /** The pretrained model whose encoder the classifier uses (required). */
        public Builder setModel(PretrainedModel model) {
            this.model = model;
            return this;
        }

        /** The classifier to train, built on the model (required). */
        public Builder setClassifier(BertClassifier classifier) {
            this.classifier = classifier;
            return this;
        }

        /** The settings (required). */
        public Builder setConfig(TrainerConfig config) {
            this.config = config;
            return this;
        }

        /** The group attribute whose ids travel with each batch; default the data set's only one. */
        public Builder optGroupAttribute(String attribute) {
            this.attribute = Objects.requireNonNull(attribute);
            return this;
        }

        /** Adds a penalty with a fixed weight {@code lambda >= 0}. */
        public Builder addPenalty(FairnessPenalty penalty, double lambda) {
            penalties.add(Objects.requireNonNull(penalty));
            lambdas.add(lambda);
            return this;
        }

        /** A fairness target met by tuning its surrogate penalty's weight (added after the other penalties). */
        public Builder optTarget(LagrangianTarget target) {
            this.target = Objects.requireNonNull(target);
            return this;
        }

        /** Parameters frozen for the whole run; without it (and gradual unfreezing) freezing is the classifier's. */
        public Builder optFreezing(Freezing freezing) {
            this.freezing = Objects.requireNonNull(freezing);
            return this;
        }

        /** Adds a listener. */
        public Builder addListener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** Write checkpoints under this directory ({@link Checkpointer}); default none. */
        public Builder optCheckpointDirectory(Path directory) {
            this.checkpointDirectory = Objects.requireNonNull(directory);
            return this;
        }

        /** Train on data lacking a class (or, with a penalty, a group lacking one); default false: refused with the counts. */
        public Builder optAllowSingleClass(boolean allow) {
            this.allowSingleClass = allow;
            return this;
        }

        /** Resume from a checkpoint directory, or the newest under a root; same data, penalties, settings (checked). */
        public Builder optResumeFrom(Path checkpointOrRoot) {
            this.resumeFrom = Objects.requireNonNull(checkpointOrRoot);
            return this;
        }

        /** Makes the twins for penalties that need them; default the built-in identity lexicon's swaps. */
        public Builder optCounterfactuals(CounterfactualRewriter rewriter) {
            this.rewriter = Objects.requireNonNull(rewriter);
            return this;
        }

        /** The metric shown per step and per evaluation; default the target's, else the equalized odds difference. */
        public Builder optMonitoredMetric(MetricSpec metric) {
            this.monitored = Objects.requireNonNull(metric);
            return this;
        }

        /** Show a progress bar (loss, accuracy, monitored metric) on {@code out}, e.g. System.err. */
        public Builder optProgressBar(PrintStream out) {
            this.progress = Objects.requireNonNull(out);
            return this;
        }

        /** Reuse the frozen lower layers' outputs per training text ({@link FrozenLayerCache}; dropout off there). */
        public Builder optFrozenLayerCache(FrozenLayerCache cache) {
            this.cache = Objects.requireNonNull(cache);
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException when a required field is missing, the classifier is not
         *     built on the model, a lambda is negative, a penalty is given twice, or the resume path
         *     is set without a checkpoint directory
         */
        public FairTrainer build() {
            if (model == null || classifier == null || config == null) {
                throw new IllegalArgumentException("setModel, setClassifier and setConfig are required");
            }
            if (classifier.encoder() != model.encoder()) {
                throw new IllegalArgumentException("the classifier is not built on this model's encoder");
            }
            for (int i = 0; i < lambdas.size(); i++) {
                double l = lambdas.get(i);
                if (!(l >= 0) || Double.isInfinite(l)) {
                    throw new IllegalArgumentException("lambda of " + penalties.get(i).name() + " must be finite and >= 0, got " + l);
                }
            }
            List<FairnessPenalty> all = new ArrayList<>(penalties);
            if (target != null) {
                all.add(target.surrogate());
            }
            Set<FairnessPenalty> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (FairnessPenalty p : all) {
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("penalty " + p.name() + " is added twice (the target's"
                            + " surrogate must not also be a fixed penalty)");
                }
            }
            if (resumeFrom != null && checkpointDirectory == null) {
                throw new IllegalArgumentException("resuming needs a checkpoint directory to continue writing to: call"
                        + " optCheckpointDirectory (it may be the same as the resume root)");
            }
            return new FairTrainer(this);
        }
    }
}
