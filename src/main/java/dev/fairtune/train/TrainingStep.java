package dev.fairtune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;

import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.GradientTap;
import dev.fairtune.penalty.BatchSlots;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;

/**
 * One optimizer step, the core every training loop runs. A step is one or more micro-batches
 * (gradient accumulation) followed by one update:
 *
 * <ol>
 *   <li>{@link #forwardBackward}, per micro-batch: forward the classifier in training mode (dropout
 *       on) and evaluate the {@link Loss} on (labels, predictions), then backward {@code lossScale
 *       x loss}, which adds to the gradients of earlier micro-batches; the labels list follows
 *       {@link BatchSlots}, the predictions hold the logits in {@link BatchSlots#LOGITS};
 *   <li>{@link #step}: measure the global gradient norm and clip it ({@link GradientClipping};
 *       the clipping factor is applied by the optimizer as it reads the gradients); update with
 *       {@link AdamW} at the rate the {@link LearningRateSchedule} gives for the number of steps
 *       taken so far (times each parameter's factor, {@link Builder#optRateScale}), which also
 *       zeroes the gradients.
 * </ol>
 *
 * {@link #run} is both for one batch. With N micro-batches of scale 1/N the update is that of the
 * mean of their losses (for plain cross-entropy and equal micro-batches, the loss of their union).
 *
 * <p>Counterfactual twins: when the labels list holds the {@link BatchSlots#COUNTERFACTUAL_INDEX}
 * slot with P entries, the inputs hold B + P rows, the B batch rows first and then the P twins, and
 * one forward pass computes both; the loss receives the first B rows of logits in {@link
 * BatchSlots#LOGITS} and the last P in {@link BatchSlots#COUNTERFACTUAL_LOGITS} (none when P = 0).
 *
 * <p>Which parameters train is read from the classifier at every step, so freezing may change
 * between steps. Parameters outside the classifier that the loss trains (an adversary's) join
 * through {@link Builder#optExtraParameters}. The caller creates each micro-batch's arrays in a
 * manager it closes after the step (one sub-manager per batch keeps native memory flat). The
 * optimizer is the caller's (save or restore its state for resuming); {@link #steps()} continues
 * from {@link Builder#optStartStep} on resume.
 *
 * <p>Dropout: with {@link Builder#optSeed} the engine's generator is reseeded before every forward
 * pass from (seed, step, micro-batch), so the dropout masks of a step do not depend on what ran
 * before it and a resumed run draws the same masks as an uninterrupted one.
 */
public final class TrainingStep {

    private final BertClassifier model;
    private final Map<String, Parameter> parameters;
    private final Loss loss;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final GradientClipping clipping;
    private final ToDoubleFunction<String> rateScale;
    private final ParameterStore store;
    private final OptionalLong seed;
    private final Forward forward;
    private final DpSgd privacy;
    private long steps;
    private int pendingBatches;
    private int pendingRows;
    private double pendingLoss;

    private TrainingStep(Builder b) {
        model = b.model;
        Map<String, Parameter> all = new LinkedHashMap<>(model.namedParameters());
        for (Map.Entry<String, Parameter> e : b.extra.entrySet()) {
            if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("extra parameter " + e.getKey() + " has the name of a classifier parameter");
            }
        }
        parameters = Collections.unmodifiableMap(all);
        loss = b.loss;
        optimizer = b.optimizer;
        schedule = b.schedule;
        clipping = b.clipping;
        rateScale = b.rateScale;
        store = new ParameterStore(model.namedParameters().values().iterator().next().getArray().getManager(), false);
        seed = b.seed;
        forward = b.forward;
        privacy = b.privacy;
        steps = b.startStep;
    }

    /** How a micro-batch's inputs become logits; the default is the classifier's forward on token ids. */
    @FunctionalInterface
    public interface Forward {
        /** The logits (rows, labels) of {@code inputs}. */
        NDArray logits(BertClassifier model, ParameterStore ps, NDList inputs, boolean training);
    }

    /** A builder; model, optimizer, schedule and loss are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return steps;
    }

    /** The model being trained. */
    public BertClassifier model() {
        return model;
    }

    /** Every parameter the optimizer sees (the classifier's, then the extra ones), by name. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** DP-SGD's gradient, when this step is private. */
    public Optional<DpSgd> privacy() {
        return Optional.ofNullable(privacy);
    }

    /** The learning rate the next {@link #step()} uses (before per-parameter factors). */
    public double nextRate() {
        return schedule.rate(steps);
    }

    /**
     * Runs one step on one batch: {@link #forwardBackward} with scale 1, then {@link #step()}.
     *
     * @param inputs the encoder inputs (see {@link dev.fairtune.model.BertEncoder})
     * @param labels the labels, slots as in {@link BatchSlots}
     * @return what the step did
     * @throws NonFiniteLossException when the loss or gradient norm is not finite: the update is not
     *     applied (lower the learning rate or check the inputs)
     */
    public StepReport run(NDList inputs, NDList labels) {
        forwardBackward(inputs, labels, 1.0);
        return step();
    }

    /**
     * Forward and backward of one micro-batch; gradients add up until {@link #step()}.
     *
     * @param inputs the encoder inputs: B rows, or B + P with P counterfactual twins (class comment)
     * @param labels the labels, slots as in {@link BatchSlots}
     * @param lossScale the factor of this micro-batch's loss in the step's total, e.g. 1/N for N
     *     micro-batches; {@code > 0}
     * @return the predictions the loss saw (logits of the B rows, and of the twins if any), in the
     *     micro-batch's manager
     * @throws IllegalArgumentException when the number of input rows does not match the labels
     */
    public NDList forwardBackward(NDList inputs, NDList labels, double lossScale) {
        if (!(lossScale > 0) || Double.isInfinite(lossScale)) {
            throw new IllegalArgumentException("loss scale must be finite and > 0, got " + lossScale);
        }
        seed.ifPresent(s -> {
            int dropoutSeed = dropoutSeed(s, steps, pendingBatches);
            Engine.getInstance().setRandomSeed(dropoutSeed); // the engine's dropout, off the CPU
            model.encoder().dropoutMasks().reseed(dropoutSeed);
        });
        long rows = labels.get(BatchSlots.LABELS).getShape().get(0);
        long twins = labels.size() > BatchSlots.COUNTERFACTUAL_INDEX ? labels.get(BatchSlots.COUNTERFACTUAL_INDEX).size() : 0;
        long inputRows = inputs.get(0).getShape().get(0);
        if (inputRows != rows + twins) {
            throw new IllegalArgumentException("the inputs hold " + inputRows + " rows but the labels describe " + rows
                    + " rows and " + twins + " counterfactual twins");
        }
        if (privacy != null && twins > 0) {
            throw new IllegalArgumentException("DP-SGD clips each example's gradient; counterfactual twins would make"
                    + " two rows one example: drop the penalty that needs twins for a private run");
        }
        NDList predictions;
        double lossValue;
        GradientTap tap = privacy == null ? null : new GradientTap(inputs.get(0).getManager());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = privacy == null ? forward.logits(model, store, inputs, true)
                    : model.forward(tap, inputs, privacy.dropout()).get(BertClassifier.LOGITS);
            if (labels.size() > BatchSlots.COUNTERFACTUAL_INDEX) {
                predictions = BatchSlots.predictions(
                        logits.get(new NDIndex("0:{}", rows)),
                        twins > 0 ? logits.get(new NDIndex("{}:", rows)) : null);
            } else {
                predictions = new NDList(logits);
            }
            NDArray value = loss.evaluate(labels, predictions);
            // DP-SGD differentiates the sum of the per-example losses (the batch mean times the rows)
            double scale = privacy == null ? lossScale : rows;
            collector.backward(scale == 1.0 ? value : value.mul(Autograd.scalar(value, scale)));
            lossValue = value.getFloat();
        }
        if (privacy != null) {
            privacy.accumulate(tap.sites(), (int) rows);
        }
        pendingBatches++;
        pendingRows += (int) rows;
        pendingLoss += lossScale * lossValue;
        return predictions;
    }

    /**
     * Clips, checks and applies the gradients accumulated since the last step.
     *
     * @return what the step did: its loss is the scaled sum of the
     *     micro-batch losses, its batch size their total rows
     * @throws NonFiniteLossException when the loss or the gradient norm is not finite: then the
     *     gradients are discarded, the update is not applied and the step count stays (lower the
     *     learning rate or check the inputs)
     * @throws IllegalStateException when no micro-batch ran since the last step
     */
    public StepReport step() {
        if (pendingBatches == 0 && privacy == null) {
            throw new IllegalStateException("no micro-batch since the last step: call forwardBackward first");
        }
        double rate = schedule.rate(steps);
        double lossValue = pendingLoss;
        int rows = pendingRows;
        pendingBatches = 0;
        pendingRows = 0;
        pendingLoss = 0;
        DpSgd.Noisy noisy = privacy == null ? null : privacy.noisyMean(parameters);
        double norm = noisy == null ? GradientClipping.norm(parameters.values()) : noisy.norm();
        if (!Double.isFinite(lossValue) || !Double.isFinite(norm)) {
            String where = Double.isFinite(norm) || noisy != null ? "" : "; non-finite gradients in " + nonFiniteGradients();
            if (noisy != null) {
                noisy.gradients().values().forEach(g -> g.muli(0));
            }
            parameters.values().stream().filter(Parameter::requiresGradient)
                    .forEach(p -> Autograd.zeroGradient(p.getArray()));
            throw new NonFiniteLossException(
                    "step " + (steps + 1) + ": loss " + lossValue + ", gradient norm " + norm
                            + " is not finite; the update was not applied (lower the learning rate or check the inputs)"
                            + where,
                    Double.isFinite(lossValue), null, null, null);
        }
        if (noisy == null) {
            optimizer.step(parameters, rate, clipping.scale(norm), rateScale);
        } else {
            optimizer.step(parameters, noisy.gradients(), rate, rateScale);
        }
        steps++;
        return new StepReport(steps, lossValue, rate, noisy == null ? norm : noisy.meanExampleNorm(), rows);
    }

    /** The names of the trainable parameters whose gradient norm is not finite (at most 5, then a count). */
    private String nonFiniteGradients() {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            if (e.getValue().requiresGradient()
                    && !Double.isFinite(GradientClipping.norm(List.of(e.getValue())))) {
                bad.add(e.getKey());
            }
        }
        return bad.size() <= 5 ? bad.toString() : bad.subList(0, 5) + " and " + (bad.size() - 5) + " more";
    }

    /**
     * The dropout seed of micro-batch {@code micro} of the step after {@code step} completed ones:
     * a 64-bit mix (SplitMix64's finaliser) of the three, folded to an int.
     */
    static int dropoutSeed(long seed, long step, int micro) {
        long z = seed + 0x9E3779B97F4A7C15L * (step * 1024 + micro + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (z ^ (z >>> 32));
    }

    /** Builds a {@link TrainingStep}. */
    public static final class Builder {
        private BertClassifier model;
        private AdamW optimizer;
        private LearningRateSchedule schedule;
        private Loss loss;
        private GradientClipping clipping = new GradientClipping(1.0);
        private ToDoubleFunction<String> rateScale = name -> 1.0;
        private final Map<String, Parameter> extra = new LinkedHashMap<>();
        private long startStep;
        private OptionalLong seed = OptionalLong.empty();
        private Forward forward = (m, ps, in, training) -> m.forward(ps, in, training).get(BertClassifier.LOGITS);
        private DpSgd privacy;

        private Builder() {}

        /** How inputs become logits (default the classifier's forward on token ids); see {@link FrozenLayerCache}. */
        public Builder optForward(Forward forward) {
            this.forward = Objects.requireNonNull(forward);
            return this;
        }

        /** The classifier to train (required). */
        public Builder setModel(BertClassifier model) {
            this.model = model;
            return this;
        }

        /** The optimizer (required); the caller closes it. */
        public Builder setOptimizer(AdamW optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** The learning-rate schedule (required). */
        public Builder setSchedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** The loss (required), such as a {@link dev.fairtune.penalty.FairnessAwareLoss}. */
        public Builder setLoss(Loss loss) {
            this.loss = Objects.requireNonNull(loss);
            return this;
        }

        /** Gradient clipping; default global norm 1.0 (HuggingFace's {@code max_grad_norm}). */
        public Builder optClipping(GradientClipping clipping) {
            this.clipping = Objects.requireNonNull(clipping);
            return this;
        }

        /** Each parameter's learning-rate factor, by name (layer-wise decay); default 1 for all. */
        public Builder optRateScale(ToDoubleFunction<String> rateScale) {
            this.rateScale = Objects.requireNonNull(rateScale);
            return this;
        }

        /**
         * Parameters outside the classifier that the optimizer also updates (for example an
         * adversary's), by names that differ from the classifier's.
         */
        public Builder optExtraParameters(Map<String, Parameter> parameters) {
            extra.putAll(parameters);
            return this;
        }

        /** Steps already taken (when resuming); default 0. */
        public Builder optStartStep(long startStep) {
            this.startStep = startStep;
            return this;
        }

        /** Reseed dropout before every forward pass from this seed, the step and the micro-batch; default off. */
        public Builder optSeed(long seed) {
            this.seed = OptionalLong.of(seed);
            return this;
        }

        /**
         * DP-SGD instead of the plain gradient ({@link DpSgd}): each micro-batch's forward runs
         * through a {@link GradientTap}, each example's gradient is clipped, and {@link #step()} adds
         * the noise and updates (the global clipping of {@link #optClipping} is then not applied);
         * a step may then have no micro-batch (an empty Poisson batch still gets its noise). The
         * caller closes it.
         */
        public Builder optPrivacy(DpSgd privacy) {
            this.privacy = Objects.requireNonNull(privacy);
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalStateException when a required field is missing
         */
        public TrainingStep build() {
            if (model == null || optimizer == null || schedule == null || loss == null) {
                throw new IllegalStateException("setModel, setOptimizer, setSchedule and setLoss are required");
            }
            if (startStep < 0) {
                throw new IllegalStateException("start step must be >= 0, got " + startStep);
            }
            return new TrainingStep(this);
        }
    }
}
