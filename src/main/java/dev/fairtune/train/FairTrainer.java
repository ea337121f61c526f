package dev.fairtune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import dev.fairtune.data.Example;
import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.CounterfactualDataset;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.fairness.Value;
import dev.fairtune.mitigation.Reweighing;
import dev.fairtune.mitigation.StratifiedBatchSampler;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.CheckpointException;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.HfSaver;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.AdversarialPenalty;
import dev.fairtune.penalty.BatchSlots;
import dev.fairtune.penalty.CounterfactualLogitPairingPenalty;
import dev.fairtune.penalty.FairnessAwareLoss;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.penalty.LossComponents;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The fairness-aware trainer: fine-tunes a {@link BertClassifier} on
 *
 * <pre>  total loss = CE + sum_i lambda_i * penalty_i</pre>
 *
 * with pluggable {@link FairnessPenalty}s (a {@link FairnessAwareLoss} run by the plain {@link
 * TrainingStep}), watches every step (loss, each penalty and its weight, running fairness metrics
 * of the epoch's training rows from {@link GroupConfusion} counts) and every validation pass (the
 * full {@link MetricFrame}), and can tune one penalty's weight to meet a {@link LagrangianTarget}.
 *
 * <p>Each training batch carries its rows' group ids (from one group attribute of the data set)
 * in {@link BatchSlots#GROUPS}, sample weights in {@link BatchSlots#WEIGHTS} (the data set's
 * weights, times reweighing weights when configured), and, when a {@link
 * CounterfactualLogitPairingPenalty} is used, the identity-swapped twins of its rows. An
 * {@link AdversarialPenalty}'s adversary is initialised from the seed and trained by the same
 * optimizer.
 *
 * <p>What a run does, in order: seed; prepare the data; restore a checkpoint if resuming; then for
 * each optimizer step: freeze or unfreeze (base freezing and gradual unfreezing), forward and
 * backward each micro-batch ({@link TrainingStep#forwardBackward}), update ({@link
 * TrainingStep#step}), record a {@link BatchRecord} and tell the listeners; after the step,
 * evaluate when due (every {@link TrainerConfig#evaluateEverySteps()} steps, at each epoch end, at
 * the step budget, or when asked), update the target's multiplier, select the best evaluation and
 * check early stopping; end the epoch; write a checkpoint when due; stop when done. At the end,
 * the best evaluation's weights are loaded back ({@link TrainerConfig#restoreBest()}).
 *
 * <p>Determinism: the data order of epoch e depends only on the seed and e; dropout is reseeded
 * before every micro-batch from the seed, the step and the micro-batch; so two runs with the same
 * seed, data and settings on the same machine end with identical weights, and a run resumed from
 * a checkpoint ends where the uninterrupted run would ({@link Builder#optResumeFrom}).
 *
 * <p>A NaN or infinite loss or gradient stops the run with a {@link NonFiniteLossException}: that
 * step's update is not applied and checkpoints are left as they are, so the last one written is
 * the last good one.
 *
 * <p>Not thread-safe; run {@link #fit} and {@link #predict} on one thread (PyTorch's grad mode is
 * per thread). Each {@code fit} starts a new run from the classifier's current weights (or the
 * checkpoint it resumes from) with a fresh optimizer.
 */
public final class FairTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(FairTrainer.class);
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

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
    private final CounterfactualRewriter rewriter;
    private final TrackedMetric monitoredChoice;

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
        rewriter = b.rewriter;
        monitoredChoice = b.monitored;
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
     * Trains on {@code train}, evaluating on {@code validation}.
     *
     * @return the history, the selected evaluation and its checkpoint, and the model
     * @throws IllegalArgumentException when the data sets do not fit the classifier or each other
     *     (labels, group attribute), or a penalty or metric does not fit the groups
     * @throws NonFiniteLossException when a step's loss or gradient is not finite
     * @throws IOException when a checkpoint cannot be written or read
     */
    public TrainingResult fit(TextDataset train, TextDataset validation) throws IOException {
        Run run = new Run(train, validation);
        try {
            TrainingResult result = run.execute();
            for (TrainingListener l : listeners) {
                l.onEnd(result);
            }
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

    /**
     * The classifier's outputs on {@code data} (evaluation mode, the config's max length, eval batch
     * size and positive class), in row order; {@link Predictions#observations} turns them into
     * fairness observations.
     */
    public Predictions predict(TextDataset data) {
        try (TextEncoder text = TextEncoder.builder(model).optMaxLength(config.maxLength()).build()) {
            return Predictor.predict(model, classifier, text, data, config.evalBatchSize(), config.positiveClass());
        }
    }

    /** The attribute of {@code data} whose groups travel with the batches. */
    private String attributeOf(TextDataset data) {
        if (attributeName != null) {
            data.attributeIndex(attributeName);
            return attributeName;
        }
        if (data.attributes().size() != 1) {
            throw new IllegalArgumentException("data set " + data.name() + " has " + data.attributes().size()
                    + " group attributes: choose one with optGroupAttribute(name)");
        }
        return data.attributes().get(0).name();
    }

    /** One call of {@link #fit}: its data, its mutable state, and the read-only view listeners get. */
    private final class Run implements TrainingState, TrainingControl {
        private final TextDataset train;
        private final TextDataset validation;
        private final String attribute;
        private final GroupAttribute groupAttribute;
        private final Groups groups;
        private final int reference;
        private final int positive;
        private final int[] labels;
        private final int[] groupIds;
        private final float[] weights;
        private final String[] twins;
        private final TrackedMetric monitored;
        private final FairnessAwareLoss loss;
        private final int targetIndex;
        private final List<String> penaltyNames;
        private final StratifiedBatchSampler sampler;
        private final int batchesPerEpoch;
        private final long totalSteps;
        private final Map<String, Parameter> extraParameters = new LinkedHashMap<>();
        private final RunInfo info;

        private TrainingStep step;
        private AdamW optimizer;
        private Checkpointer checkpointer;
        private int epoch;
        private int batchInEpoch;
        private final List<BatchRecord> batchRecords = new ArrayList<>();
        private final List<EvaluationRecord> evaluations = new ArrayList<>();
        private final List<EpochRecord> epochRecords = new ArrayList<>();
        private GroupConfusion running;
        private long runningCorrect;
        private long runningRows;
        private double epochLossSum;
        private int epochSteps;
        private long epochStartNanos;
        private int bestIndex = -1;
        private Path bestCheckpoint;
        private Map<String, float[]> bestSnapshot;
        private double bestObjectiveForStopping = Double.NEGATIVE_INFINITY;
        private int sinceImprovement;
        private boolean earlyStop;
        private boolean stopRequested;
        private String stopReasonText;
        private boolean evaluationRequested;
        private boolean checkpointRequested;
        private Path lastCheckpoint;
        private long lastCheckpointStep = -1;
        private boolean[] frozenState;

        Run(TextDataset train, TextDataset validation) {
            this.train = Objects.requireNonNull(train, "train");
            this.validation = Objects.requireNonNull(validation, "validation");
            if (train.isEmpty() || validation.isEmpty()) {
                throw new IllegalArgumentException("the training and validation sets must not be empty: " + train + ", "
                        + validation);
            }
            int classes = classifier.labels().size();
            for (TextDataset d : List.of(train, validation)) {
                if (d.numClasses() != classes) {
                    throw new IllegalArgumentException(d.name() + " has " + d.numClasses() + " labels " + d.labelNames()
                            + " but the classifier has " + classes + " " + classifier.labels());
                }
            }
            positive = config.positiveClass();
            if (positive >= classes) {
                throw new IllegalArgumentException("positive class " + positive + " is not one of the " + classes
                        + " classes " + classifier.labels());
            }
            attribute = attributeOf(train);
            groupAttribute = train.attribute(attribute);
            if (!validation.attribute(attribute).equals(groupAttribute)) {
                throw new IllegalArgumentException("attribute '" + attribute + "' differs between " + train.name() + " ("
                        + groupAttribute.groups() + ") and " + validation.name() + " ("
                        + validation.attribute(attribute).groups() + ")");
            }
            groups = Groups.of(groupAttribute.groups());
            reference = groupAttribute.reference();
            monitored = monitoredChoice != null ? monitoredChoice
                    : target != null ? target.metric() : TrackedMetric.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE);
            monitored.check(groups, reference);
            if (target != null) {
                target.metric().check(groups, reference);
            }
            SelectionObjective objective = config.objective();
            if (objective.fairness() != null) {
                objective.fairness().check(groups, reference);
            }
            labels = train.labels();
            groupIds = train.groups(attribute);
            weights = sampleWeights();

            FairnessAwareLoss.Builder lb = FairnessAwareLoss.builder().setNumGroups(groups.size());
            List<String> names = new ArrayList<>();
            for (int i = 0; i < penalties.size(); i++) {
                lb.addPenalty(penalties.get(i), initialLambdas.get(i));
                names.add(penalties.get(i).name());
            }
            if (target != null) {
                lb.addPenalty(target.surrogate(), target.initialLambda());
                names.add(target.surrogate().name());
                targetIndex = penalties.size();
            } else {
                targetIndex = -1;
            }
            loss = lb.build();
            penaltyNames = List.copyOf(names);
            twins = twinTexts();

            if (config.batchOrder() == TrainerConfig.BatchOrder.SHUFFLED) {
                sampler = null;
                batchesPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
            } else {
                sampler = StratifiedBatchSampler.builder()
                        .setGroups(groupIds)
                        .setLabels(labels)
                        .setBatchSize(config.batchSize())
                        .optSeed(config.seed())
                        .optMode(config.batchOrder() == TrainerConfig.BatchOrder.BALANCED
                                ? StratifiedBatchSampler.Mode.BALANCED : StratifiedBatchSampler.Mode.PROPORTIONAL)
                        .build();
                batchesPerEpoch = sampler.numBatches();
            }
            long stepsPerEpoch = (batchesPerEpoch + config.gradientAccumulation() - 1) / config.gradientAccumulation();
            totalSteps = config.maxSteps() > 0 ? config.maxSteps() : stepsPerEpoch * config.epochs();
            info = runInfo();
        }

        private float[] sampleWeights() {
            float[] w = train.weights();
            boolean all1 = true;
            for (float x : w) {
                all1 &= x == 1f;
            }
            if (config.reweighing()) {
                Reweighing r = Reweighing.fit(groupIds, binaryLabels(), groups.size(), 2);
                double[] rw = r.weights(groupIds, binaryLabels());
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (w[i] * rw[i]);
                }
                return w;
            }
            return all1 ? null : w;
        }

        private int[] binaryLabels() {
            int[] out = new int[labels.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = labels[i] == positive ? 1 : 0;
            }
            return out;
        }

        /** Per training row, the twin's text when a pairing penalty needs twins and the row has one; else null. */
        private String[] twinTexts() {
            boolean needs = loss.getPenalties().stream().anyMatch(p -> p instanceof CounterfactualLogitPairingPenalty);
            if (!needs) {
                return null;
            }
            if (rewriter == null) {
                throw new IllegalArgumentException("a counterfactual logit pairing penalty needs identity-swapped twins:"
                        + " give a CounterfactualRewriter with optCounterfactuals(...)");
            }
            if (train.hasPairs()) {
                throw new IllegalArgumentException("counterfactual twins of sentence pairs are not supported;"
                        + " train on single texts or drop the pairing penalty");
            }
            CounterfactualDataset cf = rewriter.rewrite(train);
            boolean[] changed = cf.changed();
            String[] out = new String[train.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = changed[i] ? cf.counterfactual().get(i).text() : null;
            }
            LOG.info("counterfactual twins: {} of {} training rows mention a swappable identity term", cf.changedCount(),
                    train.size());
            return out;
        }

        private RunInfo runInfo() {
            List<RunInfo.PenaltyInfo> p = new ArrayList<>();
            for (int i = 0; i < loss.getPenalties().size(); i++) {
                FairnessPenalty pen = loss.getPenalties().get(i);
                p.add(new RunInfo.PenaltyInfo(pen.name(), pen.approximates().name(), loss.getLambda(i), i == targetIndex));
            }
            List<String> versions = List.of(
                    "java " + System.getProperty("java.version"),
                    "djl " + Optional.ofNullable(Engine.class.getPackage().getImplementationVersion()).orElse("unknown"),
                    "engine " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
                    "fairtune " + Optional.ofNullable(FairTrainer.class.getPackage().getImplementationVersion()).orElse("dev"));
            return new RunInfo(model.origin(), classifier.labels(), train.name(), train.fingerprint(), train.size(),
                    validation.name(), validation.fingerprint(), validation.size(), attribute, groups.names(),
                    groups.name(reference), p, target == null ? null : target.toString(), monitored.label(), config,
                    versions);
        }

        TrainingResult execute() throws IOException {
            Engine.getInstance().setRandomSeed((int) config.seed());
            for (FairnessPenalty p : loss.getPenalties()) {
                if (p instanceof AdversarialPenalty a) {
                    a.initializeAdversary(model.manager(), DataType.FLOAT32);
                    int k = extraParameters.size();
                    for (Pair<String, Parameter> e : a.adversary().getParameters()) {
                        extraParameters.put("adversary" + k + "." + e.getKey(), e.getValue());
                    }
                }
            }
            int numLayers = classifier.config().numLayers();
            try (AdamW adamW = AdamW.builder()
                            .optBeta1(config.beta1())
                            .optBeta2(config.beta2())
                            .optEpsilon(config.epsilon())
                            .optWeightDecay(config.weightDecay())
                            .build();
                    TextEncoder text = TextEncoder.builder(model).optMaxLength(config.maxLength()).build()) {
                optimizer = adamW;
                if (checkpointDirectory != null) {
                    checkpointer = new Checkpointer(checkpointDirectory, config.keepCheckpoints());
                }
                long startStep = 0;
                if (resumeFrom != null) {
                    startStep = restore(Checkpointer.resolve(resumeFrom));
                } else {
                    running = new GroupConfusion(groups);
                }
                step = TrainingStep.builder()
                        .setModel(classifier)
                        .setOptimizer(adamW)
                        .setSchedule(LearningRateSchedule.linearWarmupDecay(
                                config.learningRate(), Math.min(config.warmupSteps(), totalSteps), totalSteps))
                        .optLoss(loss)
                        .optClipping(new GradientClipping(config.maxGradNorm()))
                        .optRateScale(Layers.rateScale(config.layerwiseDecay(), numLayers))
                        .optExtraParameters(extraParameters)
                        .optSeed(config.seed())
                        .optStartStep(startStep)
                        .build();
                LOG.info("training {} rows ({}), validating on {} rows; {} steps of {} x {} rows, {} micro-batches per"
                                + " epoch; penalties {}{}", train.size(), attribute + groups.names(), validation.size(),
                        totalSteps, config.batchSize(), config.gradientAccumulation(), batchesPerEpoch, describeLambdas(),
                        target == null ? "" : "; target " + target);
                epochStartNanos = System.nanoTime();
                for (TrainingListener l : listeners) {
                    l.onStart(this, this);
                }
                StopReason reason = loop(text);
                if (checkpointer != null && lastCheckpointStep != step.steps()) {
                    writeCheckpoint();
                }
                return finish(reason);
            }
        }

        private StopReason loop(TextEncoder text) throws IOException {
            while (true) {
                if (config.maxSteps() == 0 && epoch >= config.epochs()) {
                    return StopReason.COMPLETED;
                }
                List<int[]> batches = order(epoch);
                while (batchInEpoch < batches.size()) {
                    int end = Math.min(batches.size(), batchInEpoch + config.gradientAccumulation());
                    BatchRecord record = trainStep(text, batches, batchInEpoch, end);
                    batchInEpoch = end;
                    batchRecords.add(record);
                    epochLossSum += record.loss();
                    epochSteps++;
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("step {}: loss {} (ce {}), penalties {}, lr {}, grad norm {}, running accuracy {}, {} {}",
                                record.step(), fmt(record.loss()), fmt(record.taskLoss()), record.penalties(),
                                record.learningRate(), fmt(record.gradNorm()), fmt(record.runningAccuracy()),
                                monitored.label(), fmt(record.runningMetric()));
                    }
                    for (TrainingListener l : listeners) {
                        l.onBatchEnd(record, this, this);
                    }
                    long s = step.steps();
                    boolean epochEnd = batchInEpoch == batches.size();
                    boolean budget = config.maxSteps() > 0 && s >= config.maxSteps();
                    boolean evaluated = false;
                    if (evaluationRequested || epochEnd || budget
                            || (config.evaluateEverySteps() > 0 && s % config.evaluateEverySteps() == 0)) {
                        evaluationRequested = false;
                        evaluate(text);
                        evaluated = true;
                    }
                    if (epochEnd) {
                        endEpoch();
                    }
                    boolean lastEpoch = epochEnd && config.maxSteps() == 0 && epoch >= config.epochs();
                    boolean stop = stopRequested || earlyStop || budget || lastEpoch;
                    if (checkpointer != null && (evaluated || stop || checkpointRequested
                            || (config.checkpointEverySteps() > 0 && s % config.checkpointEverySteps() == 0))) {
                        writeCheckpoint();
                    }
                    checkpointRequested = false;
                    if (stop) {
                        if (stopRequested) {
                            LOG.info("stopping after step {}: {}", s, stopReasonText);
                            return StopReason.REQUESTED;
                        }
                        if (earlyStop) {
                            LOG.info("early stopping after step {}: the objective has not improved for {} evaluations", s,
                                    sinceImprovement);
                            return StopReason.EARLY_STOPPING;
                        }
                        return budget ? StopReason.MAX_STEPS : StopReason.COMPLETED;
                    }
                    if (epochEnd) {
                        break;
                    }
                }
            }
        }

        /**
         * One optimizer step over micro-batches [from, to) of the epoch's batches; a non-finite loss
         * or gradient stops the run (docs/training.md, "Non-finite losses").
         */
        private BatchRecord trainStep(TextEncoder text, List<int[]> batches, int from, int to) {
            applyFreezing(step.steps());
            try {
                return optimizerStep(text, batches, from, to);
            } catch (NonFiniteLossException e) {
                throw stopped(e);
            }
        }

        private NonFiniteLossException stopped(NonFiniteLossException e) {
            String where = lastCheckpoint == null
                    ? "no checkpoint was written (set optCheckpointDirectory to keep one)"
                    : "the last good checkpoint is " + lastCheckpoint;
            String message = "training stopped at step " + (step.steps() + 1) + " (epoch " + epoch + "): "
                    + e.getMessage() + ". The model holds the weights after step " + step.steps() + "; " + where + ".";
            LOG.error(message);
            return new NonFiniteLossException(message, e.lossFinite(), history(), lastCheckpoint, e);
        }

        private BatchRecord optimizerStep(TextEncoder text, List<int[]> batches, int from, int to) {
            int micro = to - from;
            double scale = 1.0 / micro;
            double taskLoss = 0;
            double[] penaltyValues = new double[loss.getPenalties().size()];
            double[] lambdas = new double[penaltyValues.length];
            List<float[]> logits = new ArrayList<>(micro);
            for (int b = from; b < to; b++) {
                int[] idx = batches.get(b);
                try (NDManager m = model.manager().newSubManager()) {
                    NDList predictions = step.forwardBackward(inputs(text, idx, m), labelList(idx, m), scale);
                    LossComponents parts = loss.lastComponents().orElseThrow();
                    taskLoss += scale * parts.taskLoss();
                    for (int i = 0; i < penaltyValues.length; i++) {
                        penaltyValues[i] += scale * parts.penalties().get(i).value();
                        lambdas[i] = parts.penalties().get(i).lambda();
                    }
                    if (config.batchMonitoring()) {
                        logits.add(predictions.get(BatchSlots.LOGITS).toFloatArray());
                    }
                }
            }
            StepReport report = step.step();
            for (int b = from; b < to && config.batchMonitoring(); b++) {
                monitor(batches.get(b), logits.get(b - from));
            }
            List<PenaltyRecord> pr = new ArrayList<>(penaltyValues.length);
            for (int i = 0; i < penaltyValues.length; i++) {
                pr.add(new PenaltyRecord(penaltyNames.get(i), lambdas[i], penaltyValues[i]));
            }
            double acc = config.batchMonitoring() ? (double) runningCorrect / runningRows : Double.NaN;
            double metric = config.batchMonitoring() ? monitored.compute(running, reference).value() : Double.NaN;
            return new BatchRecord(report.step(), epoch, report.loss(), taskLoss, pr, report.learningRate(),
                    report.gradNorm(), report.batchSize(), acc, metric);
        }

        /** Adds a micro-batch's predictions to the epoch's running counts (one pass over B x C floats). */
        private void monitor(int[] idx, float[] logits) {
            int c = classifier.labels().size();
            int n = idx.length;
            int[] g = new int[n];
            int[] y = new int[n];
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < c; k++) {
                    if (logits[i * c + k] > logits[i * c + best]) {
                        best = k;
                    }
                }
                int label = labels[idx[i]];
                runningCorrect += best == label ? 1 : 0;
                g[i] = groupIds[idx[i]];
                y[i] = label == positive ? 1 : 0;
                p[i] = best == positive ? 1 : 0;
            }
            runningRows += n;
            running.update(g, y, p, null, 0, n);
        }

        private NDList inputs(TextEncoder text, int[] idx, NDManager m) {
            List<Example> rows = new ArrayList<>(idx.length);
            for (int i : idx) {
                rows.add(train.get(i));
            }
            if (twins == null) {
                return Predictor.encode(text, rows, train.hasPairs()).toNDList(m);
            }
            List<String> texts = new ArrayList<>(idx.length * 2);
            for (Example e : rows) {
                texts.add(e.text());
            }
            for (int i : idx) {
                if (twins[i] != null) {
                    texts.add(twins[i]);
                }
            }
            EncodedBatch enc = text.encode(texts);
            return enc.toNDList(m);
        }

        private NDList labelList(int[] idx, NDManager m) {
            long[] y = new long[idx.length];
            long[] g = new long[idx.length];
            float[] w = weights == null ? null : new float[idx.length];
            List<Long> pairRows = new ArrayList<>();
            for (int j = 0; j < idx.length; j++) {
                y[j] = labels[idx[j]];
                g[j] = groupIds[idx[j]];
                if (w != null) {
                    w[j] = weights[idx[j]];
                }
                if (twins != null && twins[idx[j]] != null) {
                    pairRows.add((long) j);
                }
            }
            NDArray cf = null;
            if (twins != null) {
                cf = pairRows.isEmpty() ? BatchSlots.noPairs(m)
                        : m.create(pairRows.stream().mapToLong(Long::longValue).toArray());
            }
            return BatchSlots.labels(m.create(y), m.create(g), w == null ? null : m.create(w), cf);
        }

        /** The micro-batches of epoch e: a function of the seed and e only. */
        private List<int[]> order(int e) {
            if (sampler != null) {
                return sampler.epoch(e);
            }
            int n = train.size();
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            Random rnd = new Random(config.seed() ^ (GOLDEN * (e + 1L)));
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            List<int[]> out = new ArrayList<>(batchesPerEpoch);
            for (int s = 0; s < n; s += config.batchSize()) {
                out.add(Arrays.copyOfRange(perm, s, Math.min(n, s + config.batchSize())));
            }
            return out;
        }

        /** Base freezing and gradual unfreezing for the step after {@code done} steps. */
        private void applyFreezing(long done) {
            if (freezing == null && config.unfreezeEverySteps() == 0) {
                return;
            }
            int numLayers = classifier.config().numLayers();
            Map<String, Parameter> params = classifier.namedParameters();
            if (frozenState == null) {
                frozenState = new boolean[params.size()];
                int i = 0;
                for (Parameter p : params.values()) {
                    frozenState[i++] = !p.requiresGradient();
                }
            }
            int i = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                boolean frozen = (freezing != null && freezing.selects(e.getKey()))
                        || Layers.frozenByUnfreezing(e.getKey(), numLayers, done, config.unfreezeEverySteps());
                if (frozen != frozenState[i]) {
                    e.getValue().freeze(frozen);
                    frozenState[i] = frozen;
                }
                i++;
            }
        }

        private void evaluate(TextEncoder text) {
            long s = step.steps();
            float[][] logits = Predictor.logits(model, classifier, text, validation, config.evalBatchSize());
            Predictions p = Predictions.of(logits, positive);
            Observations obs = p.observations(validation, attribute);
            int[] y = validation.labels();
            double ce = 0;
            int correct = 0;
            for (int i = 0; i < y.length; i++) {
                ce -= logSoftmax(logits[i], y[i]);
                correct += p.classes()[i] == y[i] ? 1 : 0;
            }
            double meanLoss = ce / y.length;
            double accuracy = (double) correct / y.length;
            GroupConfusion counts = obs.counts();
            MetricFrame frame = MetricFrame.builder()
                    .setCounts(counts)
                    .optReference(groups.name(reference))
                    .optScores(ScoreMetrics.summarize(obs))
                    .build();
            Value auc = frame.scores().overallAuc();
            Value metric = monitored.compute(counts, reference);
            Value targetValue = target == null ? null : target.metric().compute(counts, reference);
            double violation = target == null ? Double.NaN : target.violation(targetValue);
            boolean met = target != null && target.isMet(targetValue);
            SelectionObjective objective = config.objective();
            double distance = objective.fairness() == null ? Double.NaN
                    : objective.fairness().distanceFromIdeal(objective.fairness().compute(counts, reference));
            double objectiveValue = objective.value(auc.value(), accuracy, meanLoss, distance);
            EvaluationRecord record = new EvaluationRecord(s, epoch, meanLoss, accuracy, auc, metric, targetValue,
                    violation, met, lambdaList(), objectiveValue, frame);
            evaluations.add(record);
            if (target != null) {
                double before = loss.getLambda(targetIndex);
                double after = target.update(before, targetValue);
                loss.setLambda(targetIndex, after);
                LOG.info("step {}: validation loss {}, accuracy {}, AUC {}, {} {}; target {} {} (violation {}), lambda {} -> {}",
                        s, fmt(meanLoss), fmt(accuracy), fmt(auc.value()), monitored.label(), fmtValue(metric), target,
                        met ? "met" : "not met", fmt(violation), fmt(before), fmt(after));
            } else {
                LOG.info("step {}: validation loss {}, accuracy {}, AUC {}, {} {}", s, fmt(meanLoss), fmt(accuracy),
                        fmt(auc.value()), monitored.label(), fmtValue(metric));
            }
            select(record);
            if (config.earlyStoppingPatience() > 0) {
                if (objectiveValue > bestObjectiveForStopping + config.earlyStoppingMinDelta()) {
                    bestObjectiveForStopping = objectiveValue;
                    sinceImprovement = 0;
                } else {
                    sinceImprovement++;
                    earlyStop = sinceImprovement >= config.earlyStoppingPatience();
                }
            }
            for (TrainingListener l : listeners) {
                l.onEvaluation(record, this, this);
            }
        }

        /** Makes {@code record} the best when the selection rule prefers it. */
        private void select(EvaluationRecord record) {
            boolean better;
            if (bestIndex < 0) {
                better = true;
            } else {
                EvaluationRecord best = evaluations.get(bestIndex);
                if (target == null) {
                    better = record.objective() > best.objective();
                } else if (record.targetMet()) {
                    better = !best.targetMet() || record.objective() > best.objective();
                } else {
                    better = !best.targetMet() && (record.targetViolation() < best.targetViolation()
                            || Double.isNaN(best.targetViolation()) && !Double.isNaN(record.targetViolation()));
                }
            }
            if (better) {
                bestIndex = evaluations.size() - 1;
                bestCheckpoint = null;
                if (checkpointer == null && config.restoreBest()) {
                    bestSnapshot = snapshot();
                }
            }
        }

        private void endEpoch() {
            double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
            Value metric = config.batchMonitoring() ? monitored.compute(running, reference)
                    : Value.undefined(Reason.NO_ROWS, "training batches (batch monitoring off)");
            EpochRecord r = new EpochRecord(epoch, step.steps(), epochSteps == 0 ? Double.NaN : epochLossSum / epochSteps,
                    runningRows == 0 ? Double.NaN : (double) runningCorrect / runningRows, metric, seconds);
            epochRecords.add(r);
            LOG.info("epoch {} done after step {}: mean loss {}, training accuracy {}, {} {} ({} s)", epoch, step.steps(),
                    fmt(r.meanLoss()), fmt(r.runningAccuracy()), monitored.label(), fmtValue(metric),
                    String.format(Locale.ROOT, "%.1f", seconds));
            for (TrainingListener l : listeners) {
                l.onEpochEnd(r, this, this);
            }
            epoch++;
            batchInEpoch = 0;
            running = new GroupConfusion(groups);
            runningCorrect = 0;
            runningRows = 0;
            epochLossSum = 0;
            epochSteps = 0;
            epochStartNanos = System.nanoTime();
        }

        private void writeCheckpoint() throws IOException {
            long s = step.steps();
            boolean bestIsNow = bestIndex >= 0 && evaluations.get(bestIndex).step() == s && bestCheckpoint == null;
            Path dir = checkpointer.pathOf(s);
            String bestName = bestIsNow ? dir.getFileName().toString()
                    : bestCheckpoint == null ? null : bestCheckpoint.getFileName().toString();
            TrainerState state = new TrainerState(TrainerState.FORMAT, s, epoch, batchInEpoch, lambdaList(), bestIndex,
                    bestName, bestObjectiveForStopping, sinceImprovement, flatCounts(), runningCorrect, runningRows,
                    epochLossSum, epochSteps, info.trainFingerprint(), info.validationFingerprint(), history());
            Set<Path> protect = bestCheckpoint == null ? Set.of() : Set.of(bestCheckpoint);
            Path written = checkpointer.write(s, d -> {
                HfSaver.save(classifier, model.tokenizerJson(), d.resolve(Checkpointer.MODEL));
                optimizer.saveState(d.resolve(Checkpointer.OPTIMIZER));
                if (!extraParameters.isEmpty()) {
                    Checkpointer.saveParameters(d.resolve(Checkpointer.EXTRA), extraParameters);
                }
                Json.MAPPER.writeValue(d.resolve(Checkpointer.STATE).toFile(), state);
            }, protect);
            if (bestIsNow) {
                bestCheckpoint = written;
            }
            lastCheckpoint = written;
            lastCheckpointStep = s;
            LOG.info("checkpoint after step {}: {}", s, written);
            for (TrainingListener l : listeners) {
                l.onCheckpoint(written, this);
            }
        }

        /** Loads a checkpoint; returns its step. */
        private long restore(Path dir) throws IOException {
            TrainerState state;
            try {
                state = Json.MAPPER.readValue(dir.resolve(Checkpointer.STATE).toFile(), TrainerState.class);
            } catch (IOException e) {
                throw new CheckpointException(dir.resolve(Checkpointer.STATE).toString(), null,
                        "not a readable trainer state (" + e.getMessage() + ")", e);
            }
            if (state.format() != TrainerState.FORMAT) {
                throw new CheckpointException(dir.toString(), null, "trainer state format " + state.format()
                        + " is not the supported " + TrainerState.FORMAT);
            }
            if (!state.trainFingerprint().equals(info.trainFingerprint())
                    || !state.validationFingerprint().equals(info.validationFingerprint())) {
                throw new IllegalArgumentException("checkpoint " + dir + " was written for other training or validation"
                        + " data (fingerprints differ): resume with the same data sets");
            }
            TrainerConfig saved = state.history().run().config();
            if (!comparable(saved).equals(comparable(config))) {
                throw new IllegalArgumentException("checkpoint " + dir + " was written with other settings; resuming"
                        + " needs the same settings (only the checkpoint interval, the number kept, the eval batch size"
                        + " and batch monitoring may change).\n  checkpoint: " + saved + "\n  now:        " + config);
            }
            if (state.lambdas().size() != loss.getPenalties().size()) {
                throw new IllegalArgumentException("checkpoint " + dir + " has " + state.lambdas().size()
                        + " penalties, this trainer " + loss.getPenalties().size() + ": resume with the same penalties");
            }
            Checkpointer.loadParameters(dir.resolve(Checkpointer.MODEL).resolve(Checkpointer.MODEL_WEIGHTS),
                    classifier.namedParameters());
            if (!extraParameters.isEmpty()) {
                Checkpointer.loadParameters(dir.resolve(Checkpointer.EXTRA), extraParameters);
            }
            optimizer.loadState(dir.resolve(Checkpointer.OPTIMIZER));
            for (int i = 0; i < state.lambdas().size(); i++) {
                loss.setLambda(i, state.lambdas().get(i));
            }
            epoch = state.epoch();
            batchInEpoch = state.batchInEpoch();
            TrainingHistory h = state.history();
            batchRecords.addAll(h.batches());
            evaluations.addAll(h.evaluations());
            epochRecords.addAll(h.epochs());
            bestIndex = state.bestEvaluation();
            if (state.bestCheckpoint() != null) {
                Path p = dir.getParent().resolve(state.bestCheckpoint());
                bestCheckpoint = Files.isDirectory(p) ? p : null;
            }
            bestObjectiveForStopping = state.bestObjectiveForStopping();
            sinceImprovement = state.evaluationsWithoutImprovement();
            running = new GroupConfusion(groups);
            long[] counts = state.runningCounts();
            for (int g = 0; g < groups.size(); g++) {
                for (int cell = 0; cell < 4; cell++) {
                    for (long k = 0; k < counts[g * 4 + cell]; k++) {
                        running.add(g, cell / 2, cell % 2);
                    }
                }
            }
            runningCorrect = state.runningCorrect();
            runningRows = state.runningRows();
            epochLossSum = state.epochLossSum();
            epochSteps = state.epochSteps();
            lastCheckpoint = dir;
            lastCheckpointStep = state.step();
            LOG.info("resumed from {} (step {}, epoch {}, micro-batch {} of {})", dir, state.step(), epoch, batchInEpoch,
                    batchesPerEpoch);
            return state.step();
        }

        private TrainingResult finish(StopReason reason) throws IOException {
            Optional<EvaluationRecord> best = bestIndex < 0 ? Optional.empty() : Optional.of(evaluations.get(bestIndex));
            String selection;
            Optional<Boolean> met = Optional.empty();
            if (best.isEmpty()) {
                selection = "no evaluation ran; the model holds the weights after the last step";
            } else {
                EvaluationRecord b = best.get();
                if (target == null) {
                    selection = String.format(Locale.ROOT, "selected the evaluation after step %d: best objective %.6f",
                            b.step(), b.objective());
                } else {
                    met = Optional.of(b.targetMet());
                    selection = b.targetMet()
                            ? String.format(Locale.ROOT, "selected the evaluation after step %d: target %s met (%s = %s),"
                                    + " best objective %.6f among the %d evaluations that meet it", b.step(), target,
                                    target.metric().label(), fmtValue(b.target()), b.objective(),
                                    evaluations.stream().filter(EvaluationRecord::targetMet).count())
                            : String.format(Locale.ROOT, "no evaluation met the target %s; kept the closest, after step"
                                    + " %d (%s = %s, %.4f over the bound)", target, b.step(), target.metric().label(),
                                    fmtValue(b.target()), b.targetViolation());
                }
                if (config.restoreBest() && b.step() != step.steps()) {
                    if (bestCheckpoint != null) {
                        Checkpointer.loadParameters(bestCheckpoint.resolve(Checkpointer.MODEL).resolve(Checkpointer.MODEL_WEIGHTS),
                                classifier.namedParameters());
                        if (!extraParameters.isEmpty()) {
                            Checkpointer.loadParameters(bestCheckpoint.resolve(Checkpointer.EXTRA), extraParameters);
                        }
                        selection += "; its weights were loaded from " + bestCheckpoint;
                    } else if (bestSnapshot != null) {
                        restoreSnapshot(bestSnapshot);
                        selection += "; its weights were restored";
                    } else {
                        selection += "; its weights are not available (its checkpoint was removed), so the model keeps"
                                + " the last weights";
                    }
                } else if (!config.restoreBest()) {
                    selection += "; the model keeps the last weights (restoreBest is off)";
                }
            }
            if (met.isPresent() && !met.get()) {
                LOG.warn(selection);
            } else {
                LOG.info(selection);
            }
            return new TrainingResult(history(), best, Optional.ofNullable(bestCheckpoint), Optional.ofNullable(lastCheckpoint),
                    met, selection, reason, classifier);
        }

        private Map<String, float[]> snapshot() {
            Map<String, float[]> out = new LinkedHashMap<>();
            classifier.namedParameters().forEach((n, p) -> out.put(n, p.getArray().toFloatArray()));
            extraParameters.forEach((n, p) -> out.put(n, p.getArray().toFloatArray()));
            return out;
        }

        private void restoreSnapshot(Map<String, float[]> snap) {
            try (dev.fairtune.model.Autograd.Mode g = dev.fairtune.model.Autograd.noGrad()) {
                classifier.namedParameters().forEach((n, p) -> p.getArray().set(java.nio.FloatBuffer.wrap(snap.get(n))));
                extraParameters.forEach((n, p) -> p.getArray().set(java.nio.FloatBuffer.wrap(snap.get(n))));
            }
        }

        private long[] flatCounts() {
            long[] out = new long[groups.size() * 4];
            for (int g = 0; g < groups.size(); g++) {
                for (int cell = 0; cell < 4; cell++) {
                    out[g * 4 + cell] = running.count(g, cell);
                }
            }
            return out;
        }

        private TrainingHistory history() {
            return new TrainingHistory(info, batchRecords, evaluations, epochRecords);
        }

        private List<Double> lambdaList() {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < loss.getPenalties().size(); i++) {
                out.add(loss.getLambda(i));
            }
            return out;
        }

        private String describeLambdas() {
            if (penaltyNames.isEmpty()) {
                return "none (cross-entropy only)";
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < penaltyNames.size(); i++) {
                out.add(penaltyNames.get(i) + " x " + loss.getLambda(i));
            }
            return String.join(", ", out);
        }

        // --- TrainingState ---

        @Override
        public TrainerConfig config() {
            return config;
        }

        @Override
        public long step() {
            return step == null ? 0 : step.steps();
        }

        @Override
        public long totalSteps() {
            return totalSteps;
        }

        @Override
        public int epoch() {
            return epoch;
        }

        @Override
        public int batchInEpoch() {
            return batchInEpoch;
        }

        @Override
        public int batchesPerEpoch() {
            return batchesPerEpoch;
        }

        @Override
        public List<String> penaltyNames() {
            return penaltyNames;
        }

        @Override
        public List<Double> lambdas() {
            return lambdaList();
        }

        @Override
        public TrackedMetric monitored() {
            return monitored;
        }

        @Override
        public Optional<GroupConfusion> runningCounts() {
            return config.batchMonitoring() ? Optional.of(running.copy()) : Optional.empty();
        }

        @Override
        public Optional<EvaluationRecord> lastEvaluation() {
            return evaluations.isEmpty() ? Optional.empty() : Optional.of(evaluations.get(evaluations.size() - 1));
        }

        @Override
        public Optional<EvaluationRecord> bestEvaluation() {
            return bestIndex < 0 ? Optional.empty() : Optional.of(evaluations.get(bestIndex));
        }

        // --- TrainingControl ---

        @Override
        public void requestStop(String reason) {
            stopRequested = true;
            stopReasonText = reason;
        }

        @Override
        public void requestEvaluation() {
            evaluationRequested = true;
        }

        @Override
        public void requestCheckpoint() {
            checkpointRequested = true;
        }
    }

    /** The settings that must match to resume (all but checkpoint interval and count, eval batch size, monitoring). */
    private static TrainerConfig comparable(TrainerConfig c) {
        return c.toBuilder().optCheckpointEverySteps(0).optKeepCheckpoints(1).optEvalBatchSize(1)
                .optBatchMonitoring(true).build();
    }

    private static double logSoftmax(float[] z, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v - max);
        }
        return z[k] - max - Math.log(sum);
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String fmtValue(Value v) {
        return v == null ? "-" : v.isDefined() ? fmt(v.value()) : "NaN (" + v.describe() + ")";
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
        private CounterfactualRewriter rewriter;
        private TrackedMetric monitored;
        private PrintStream progress;

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

        /**
         * Parameters frozen for the whole run (with gradual unfreezing, they stay frozen); without
         * it and without gradual unfreezing the trainer leaves freezing as the classifier has it.
         */
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

        /**
         * Resume from a checkpoint directory, or from the newest checkpoint under a root; the data,
         * penalties and settings must be those of the interrupted run (checked).
         */
        public Builder optResumeFrom(Path checkpointOrRoot) {
            this.resumeFrom = Objects.requireNonNull(checkpointOrRoot);
            return this;
        }

        /** Makes identity-swapped twins for a {@link CounterfactualLogitPairingPenalty}. */
        public Builder optCounterfactuals(CounterfactualRewriter rewriter) {
            this.rewriter = Objects.requireNonNull(rewriter);
            return this;
        }

        /**
         * The metric shown per step and per evaluation; default the target's metric, else {@link
         * FairnessMetric#EQUALIZED_ODDS_DIFFERENCE}.
         */
        public Builder optMonitoredMetric(TrackedMetric metric) {
            this.monitored = Objects.requireNonNull(metric);
            return this;
        }

        /** Show a progress bar (loss, accuracy, monitored metric) on {@code out}, e.g. System.err. */
        public Builder optProgressBar(PrintStream out) {
            this.progress = Objects.requireNonNull(out);
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
            for (int i = 0; i < all.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (all.get(i) == all.get(j)) {
                        throw new IllegalArgumentException("penalty " + all.get(i).name() + " is added twice (the target's"
                                + " surrogate must not also be a fixed penalty)");
                    }
                }
            }
            if (resumeFrom != null && checkpointDirectory == null) {
                throw new IllegalArgumentException("resuming needs a checkpoint directory to continue writing to:"
                        + " call optCheckpointDirectory (it may be the same as the resume root)");
            }
            return new FairTrainer(this);
        }
    }
}
