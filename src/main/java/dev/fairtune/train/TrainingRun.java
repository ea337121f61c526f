package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.Value;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.BatchSlots;
import dev.fairtune.penalty.FairnessAwareLoss;
import dev.fairtune.penalty.LossComponents;
import dev.fairtune.text.TextEncoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One {@link FairTrainer#fit} call in progress: where it is (step, epoch, micro-batch), what it has
 * recorded, and the parts it drives ({@link BatchFeeder}, {@link TrainingStep}, {@link
 * BatchMonitor}, {@link Evaluator}, {@link Selection}, {@link RunWeights}). It is the read-only
 * {@link TrainingState} and the {@link TrainingControl} that listeners get. The loop itself is in
 * {@link FairTrainer#fit}.
 */
final class TrainingRun implements TrainingState, TrainingControl {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    final RunSetup setup;
    /** The run's provenance: the setup's, with the first start kept on resume and the end set by {@link #finish}. */
    private TrainingProvenance provenance;
    final TrainerConfig config;
    final BatchFeeder feeder;
    final long totalSteps;
    private final PretrainedModel model;
    private final FairnessAwareLoss loss;
    private final LagrangianTarget target;
    private final TrainingStep step;
    private final AdamW optimizer;
    private final BatchMonitor monitor;
    private final Evaluator evaluator;
    private final Selection selection;
    private final RunWeights weights;
    private final List<String> penaltyNames;
    private final List<BatchRecord> batchRecords = new ArrayList<>();
    private final List<EvaluationRecord> evaluations = new ArrayList<>();
    private final List<EpochRecord> epochRecords = new ArrayList<>();
    int epoch;
    int batchInEpoch;
    private double epochLossSum;
    private int epochSteps;
    private long epochStartNanos = System.nanoTime();
    boolean stopRequested;
    String stopReasonText;
    boolean evaluationRequested;
    boolean checkpointRequested;
    /** The epsilon of {@link #epsilon()} and the step it was computed for (the accountant runs once per step). */
    private long epsilonStep = -1;
    private double epsilonValue;

    TrainingRun(RunSetup setup, TrainerConfig config, PretrainedModel model, LagrangianTarget target, BatchFeeder feeder,
            TrainingStep step, AdamW optimizer, BatchMonitor monitor, Evaluator evaluator, RunWeights weights) {
        this.setup = setup;
        this.provenance = setup.provenance();
        this.config = config;
        this.model = model;
        this.loss = setup.loss();
        this.target = target;
        this.feeder = feeder;
        this.step = step;
        this.optimizer = optimizer;
        this.monitor = monitor;
        this.evaluator = evaluator;
        this.selection = new Selection(target != null, config.evaluation());
        this.weights = weights;
        this.penaltyNames = setup.penaltyNames();
        this.totalSteps = config.schedule().totalSteps(feeder.stepsPerEpoch());
    }

    /**
     * One optimizer step over micro-batches [from, to) of the epoch's batches: forward and backward
     * each (one sub-manager per micro-batch), update, add the predictions to the monitor.
     *
     * @throws NonFiniteLossException when the loss or gradient is not finite (docs/training.md)
     */
    BatchRecord trainStep(TextEncoder text, List<int[]> batches, int from, int to) {
        boolean monitoring = config.evaluation().batchMonitoring();
        int micro = to - from;
        double scale = 1.0 / micro;
        double taskLoss = 0;
        double[] penaltyValues = new double[penaltyNames.size()];
        double[] lambdas = new double[penaltyValues.length];
        List<float[]> logits = new ArrayList<>(micro);
        try {
            for (int b = from; b < to; b++) {
                int[] idx = batches.get(b);
                if (idx.length == 0) { // an empty Poisson batch: DP-SGD's step still adds its noise
                    logits.add(new float[0]);
                    continue;
                }
                try (NDManager m = model.manager().newSubManager()) {
                    NDList predictions = step.forwardBackward(feeder.inputs(text, idx, m), feeder.labels(idx, m), scale);
                    LossComponents parts = loss.lastComponents().orElseThrow();
                    taskLoss += scale * parts.taskLoss();
                    for (int i = 0; i < penaltyValues.length; i++) {
                        penaltyValues[i] += scale * parts.penalties().get(i).value();
                        lambdas[i] = parts.penalties().get(i).lambda();
                    }
                    if (monitoring) {
                        logits.add(predictions.get(BatchSlots.LOGITS).toFloatArray());
                    }
                }
            }
            StepReport report = step.step();
            for (int b = from; b < to && monitoring; b++) {
                monitor.add(batches.get(b), logits.get(b - from));
            }
            List<PenaltyRecord> pr = new ArrayList<>(penaltyValues.length);
            for (int i = 0; i < penaltyValues.length; i++) {
                pr.add(new PenaltyRecord(penaltyNames.get(i), lambdas[i], penaltyValues[i]));
            }
            double metric = monitoring ? setup.monitored().compute(monitor.counts(), setup.reference()).value() : Double.NaN;
            BatchRecord record = new BatchRecord(report.step(), epoch, report.loss(), taskLoss, pr, report.learningRate(),
                    report.gradNorm(), report.batchSize(), monitoring ? monitor.accuracy() : Double.NaN, metric);
            batchRecords.add(record);
            epochLossSum += record.loss();
            epochSteps++;
            return record;
        } catch (NonFiniteLossException e) {
            throw stopped(e);
        }
    }

    private NonFiniteLossException stopped(NonFiniteLossException e) {
        Optional<Path> last = weights.lastCheckpoint();
        String where = last.map(p -> "the last good checkpoint is " + p)
                .orElse("no checkpoint was written (set FairTrainer.Builder.optCheckpointDirectory to keep one)");
        String message = "training stopped at step " + (step.steps() + 1) + " (epoch " + epoch + "): "
                + e.getMessage() + ". The model holds the weights after step " + step.steps() + "; " + where + ".";
        // Not logged here: the exception carries the message, and whoever catches it reports it once.
        return new NonFiniteLossException(message, e.lossFinite(), history(), last.orElse(null), e);
    }

    /** A validation pass; then the target's multiplier moves and the selection sees the result. */
    EvaluationRecord evaluate(TextEncoder text) {
        long s = step.steps();
        EvaluationRecord record = evaluator.evaluate(text, s, epoch, lambdas());
        evaluations.add(record);
        String figures = String.format(Locale.ROOT, "step %d: validation loss %s, accuracy %s, AUC %s, %s %s", s,
                fmt(record.loss()), fmt(record.accuracy()), fmt(record.auc().value()), setup.monitored().key(),
                fmtValue(record.metric()));
        if (target != null) {
            double before = loss.getLambda(setup.targetIndex());
            double after = target.update(before, record.target());
            loss.setLambda(setup.targetIndex(), after);
            LOG.info("{}; target {} {} (violation {}), lambda {} -> {}", figures, target,
                    record.targetMet() ? "met" : "not met", fmt(record.targetViolation()), fmt(before), fmt(after));
        } else {
            LOG.info(figures);
        }
        if (record.collapsed()) {
            LOG.warn("step {}: the model {}; this evaluation cannot be selected or meet a target", s,
                    record.collapse().reason());
        }
        if (selection.offer(record)) {
            weights.markBest();
        }
        return record;
    }

    /** Whether early stopping asks to stop. */
    boolean earlyStop() {
        return selection.shouldStop();
    }

    /** The record of the epoch that just ended ({@link #nextEpoch} then starts the next). */
    EpochRecord endEpoch() {
        double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
        Value metric = config.evaluation().batchMonitoring() ? setup.monitored().compute(monitor.counts(), setup.reference())
                : Value.undefined(Reason.NO_ROWS, "training batches (batch monitoring off)");
        EpochRecord r = new EpochRecord(epoch, step.steps(), epochSteps == 0 ? Double.NaN : epochLossSum / epochSteps,
                monitor.accuracy(), metric, seconds, epsilon().orElse(Double.NaN));
        epochRecords.add(r);
        LOG.info("epoch {} done after step {}: mean loss {}, training accuracy {}, {} {} ({} s){}", epoch, step.steps(),
                fmt(r.meanLoss()), fmt(r.runningAccuracy()), setup.monitored().key(), fmtValue(metric),
                String.format(Locale.ROOT, "%.1f", seconds), Double.isNaN(r.epsilon()) ? ""
                        : String.format(Locale.ROOT, "; privacy spent epsilon %.3f", r.epsilon()));
        return r;
    }

    /** Starts the next epoch (after the listeners saw the end of this one). */
    void nextEpoch() {
        epoch++;
        batchInEpoch = 0;
        monitor.reset();
        epochLossSum = 0;
        epochSteps = 0;
        epochStartNanos = System.nanoTime();
    }

    /** Writes the checkpoint of the current step. */
    Path writeCheckpoint() throws IOException {
        long s = step.steps();
        CheckpointState state = new CheckpointState(CheckpointState.FORMAT, s, epoch, batchInEpoch, lambdas(),
                selection.state(), weights.bestName(s), monitor.state(), epochLossSum, epochSteps,
                setup.provenance().trainFingerprint(), setup.provenance().validationFingerprint(), history());
        Path written = weights.write(s, optimizer, state);
        LOG.info("checkpoint after step {}: {}", s, written);
        return written;
    }

    /** Whether checkpoints are written. */
    boolean writesCheckpoints() {
        return weights.writesCheckpoints();
    }

    /** Logs why the run stops after this step. */
    void logStop(StopReason reason) {
        if (reason == StopReason.REQUESTED) {
            LOG.info("stopping after step {}: {}", step.steps(), stopReasonText);
        } else if (reason == StopReason.EARLY_STOPPING) {
            LOG.info("early stopping after step {}: the objective has not improved for {} evaluations", step.steps(),
                    selection.sinceImprovement());
        }
    }

    /** Whether the current step has no checkpoint yet. */
    boolean checkpointDue() {
        return weights.writesCheckpoints() && weights.lastStep() != step.steps();
    }

    /**
     * Continues from checkpoint {@code dir} whose state is {@code state}: weights, optimizer,
     * lambdas, position, records and the parts' states.
     *
     * @throws IllegalArgumentException when it was written for other data, settings or penalties
     */
    void restore(Path dir, CheckpointState state) throws IOException {
        state.checkResumable(dir, setup.provenance(), config, penaltyNames.size());
        weights.restore(dir, state, optimizer);
        for (int i = 0; i < state.lambdas().size(); i++) {
            loss.setLambda(i, state.lambdas().get(i));
        }
        epoch = state.epoch();
        batchInEpoch = state.batchInEpoch();
        TrainingHistory h = state.history();
        batchRecords.addAll(h.batches());
        evaluations.addAll(h.evaluations());
        epochRecords.addAll(h.epochs());
        provenance = h.provenance().started() == null ? provenance : provenance.startedAt(h.provenance().started());
        selection.restore(state.selection(), evaluations);
        monitor.restore(state.monitor());
        epochLossSum = state.epochLossSum();
        epochSteps = state.epochSteps();
        LOG.info("resumed from {} (step {}, epoch {}, micro-batch {} of {})", dir, state.step(), epoch, batchInEpoch,
                feeder.batchesPerEpoch());
    }

    /** The result: the selection, with the best weights loaded when configured. */
    TrainingResult finish(StopReason reason) throws IOException {
        Optional<EvaluationRecord> best = selection.best();
        String text = selection.describe(target, evaluations);
        if (best.isPresent() && config.evaluation().restoreBest() && best.get().step() != step.steps()) {
            text += "; " + weights.loadBest().orElse("its weights are not available (its checkpoint was removed), so"
                    + " the model keeps the last weights");
        } else if (best.isPresent() && !config.evaluation().restoreBest()) {
            text += "; the model keeps the last weights (restoreBest is off)";
        }
        Optional<Boolean> met = target == null ? Optional.empty()
                : Optional.of(best.map(EvaluationRecord::targetMet).orElse(false));
        if (met.isPresent() && !met.get()) {
            LOG.warn(text);
        } else {
            LOG.info(text);
        }
        provenance = provenance.finishedNow();
        return new TrainingResult(history(), best, weights.bestCheckpoint(), weights.lastCheckpoint(), met, text, reason,
                step.model());
    }

    /** The history so far (its provenance with the privacy spent so far). */
    TrainingHistory history() {
        TrainingProvenance p = provenance.withPrivacySpent(step.steps(), epsilon().orElse(Double.NaN));
        return new TrainingHistory(p, batchRecords, evaluations, epochRecords);
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String fmtValue(Value v) {
        return v == null ? "-" : v.isDefined() ? fmt(v.value()) : "NaN (" + v.describe() + ")";
    }

    // --- TrainingState ---

    @Override
    public TrainerConfig config() {
        return config;
    }

    @Override
    public long step() {
        return step.steps();
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
        return feeder.batchesPerEpoch();
    }

    @Override
    public List<String> penaltyNames() {
        return penaltyNames;
    }

    @Override
    public List<Double> lambdas() {
        List<Double> out = new ArrayList<>(penaltyNames.size());
        for (int i = 0; i < penaltyNames.size(); i++) {
            out.add(loss.getLambda(i));
        }
        return out;
    }

    @Override
    public MetricSpec monitored() {
        return setup.monitored();
    }

    @Override
    public Optional<GroupConfusion> runningCounts() {
        return config.evaluation().batchMonitoring() ? Optional.of(monitor.counts().copy()) : Optional.empty();
    }

    @Override
    public Optional<EvaluationRecord> lastEvaluation() {
        return evaluations.isEmpty() ? Optional.empty() : Optional.of(evaluations.get(evaluations.size() - 1));
    }

    @Override
    public Optional<EvaluationRecord> bestEvaluation() {
        return selection.best();
    }

    @Override
    public OptionalDouble epsilon() {
        long s = step.steps();
        if (epsilonStep != s) {
            epsilonStep = s;
            epsilonValue = step.privacy().map(dp -> dp.guarantee(s).epsilon()).orElse(Double.NaN);
        }
        return Double.isNaN(epsilonValue) ? OptionalDouble.empty() : OptionalDouble.of(epsilonValue);
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
