package dev.fairtune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;

import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One optimizer step on one batch, the core every training loop runs:
 *
 * <ol>
 *   <li>forward the classifier in training mode (dropout on) and evaluate the {@link Loss} on
 *       (labels, predictions); the labels list follows {@link LabelSlots}, the predictions hold the
 *       logits in {@link BertClassifier#LOGITS};
 *   <li>backward;
 *   <li>measure the global gradient norm and clip it ({@link GradientClipping}; the clipping factor
 *       is applied by the optimizer as it reads the gradients);
 *   <li>update with {@link AdamW} at the rate the {@link LearningRateSchedule} gives for the number
 *       of steps taken so far, which also zeroes the gradients;
 *   <li>tell the {@link StepListener}s.
 * </ol>
 *
 * Which parameters train is read from the classifier at every step, so freezing may change
 * between steps. The caller creates the batch's arrays in a manager it closes after the step (one
 * sub-manager per batch keeps native memory flat); everything the step creates lives there or is
 * freed before it returns. The optimizer is the caller's (it outlives the step: save or restore its
 * state for resuming); {@link #steps()} continues from {@link Builder#optStartStep} on resume.
 */
public final class TrainingStep {

    private final BertClassifier model;
    private final Map<String, Parameter> parameters;
    private final Loss loss;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final GradientClipping clipping;
    private final List<StepListener> listeners;
    private final ParameterStore store;
    private long steps;

    private TrainingStep(Builder b) {
        model = b.model;
        parameters = model.namedParameters();
        loss = b.loss;
        optimizer = b.optimizer;
        schedule = b.schedule;
        clipping = b.clipping;
        listeners = List.copyOf(b.listeners);
        store = new ParameterStore(parameters.values().iterator().next().getArray().getManager(), false);
        steps = b.startStep;
    }

    /** A builder; model, optimizer and schedule are required. */
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

    /**
     * Runs one step on a batch.
     *
     * @param inputs the encoder inputs (see {@link dev.fairtune.model.BertEncoder})
     * @param labels the labels, slots as in {@link LabelSlots}
     * @return what the step did (also sent to the listeners)
     * @throws IllegalStateException when the loss or gradient norm is not finite: the update is not
     *     applied (lower the learning rate or check the inputs)
     */
    public StepReport run(NDList inputs, NDList labels) {
        double rate = schedule.rate(steps);
        double lossValue;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList predictions = model.forward(store, inputs, true);
            NDArray value = loss.evaluate(labels, predictions);
            collector.backward(value);
            lossValue = value.getFloat();
        }
        double norm = GradientClipping.norm(parameters.values());
        if (!Double.isFinite(lossValue) || !Double.isFinite(norm)) {
            parameters.values().stream().filter(Parameter::requiresGradient)
                    .forEach(p -> Autograd.zeroGradient(p.getArray()));
            throw new IllegalStateException(
                    "step " + (steps + 1) + ": loss " + lossValue + ", gradient norm " + norm
                            + " is not finite; the update was not applied (lower the learning rate or check the inputs)");
        }
        optimizer.step(parameters, rate, clipping.scale(norm));
        steps++;
        StepReport report = new StepReport(
                steps, lossValue, rate, norm, (int) inputs.get(0).getShape().get(0));
        for (StepListener l : listeners) {
            l.onStep(report);
        }
        return report;
    }

    /** Builds a {@link TrainingStep}. */
    public static final class Builder {
        private BertClassifier model;
        private AdamW optimizer;
        private LearningRateSchedule schedule;
        private Loss loss = new CrossEntropyLoss();
        private GradientClipping clipping = new GradientClipping(1.0);
        private final List<StepListener> listeners = new ArrayList<>();
        private long startStep;

        private Builder() {}

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

        /** The loss; default {@link CrossEntropyLoss}. */
        public Builder optLoss(Loss loss) {
            this.loss = Objects.requireNonNull(loss);
            return this;
        }

        /** Gradient clipping; default global norm 1.0 (HuggingFace's {@code max_grad_norm}). */
        public Builder optClipping(GradientClipping clipping) {
            this.clipping = Objects.requireNonNull(clipping);
            return this;
        }

        /** Adds a listener. */
        public Builder addListener(StepListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** Steps already taken (when resuming); default 0. */
        public Builder optStartStep(long startStep) {
            this.startStep = startStep;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalStateException when a required field is missing
         */
        public TrainingStep build() {
            if (model == null || optimizer == null || schedule == null) {
                throw new IllegalStateException("setModel, setOptimizer and setSchedule are required");
            }
            if (startStep < 0) {
                throw new IllegalStateException("start step must be >= 0, got " + startStep);
            }
            return new TrainingStep(this);
        }
    }
}
