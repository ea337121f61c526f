package dev.fairtune.train;

import java.util.Objects;

/**
 * Settings of a {@link FairTrainer} run. Defaults follow HuggingFace's {@code TrainingArguments}
 * (learning rate 5e-5, 3 epochs, batch 8, no warm-up, linear decay, {@code max_grad_norm} 1.0, β
 * 0.9/0.999, ε 1e-8, seed 42) except weight decay, 0.01 on all but biases and LayerNorm weights (as
 * {@link FineTuneConfig}). Build with {@link #builder()}; {@link Builder#build()} checks ranges.
 *
 * <p>Length of a run: {@code epochs} passes, or exactly {@code maxSteps} optimizer steps when that
 * is above 0 (HuggingFace's {@code max_steps}: the epoch count is then ignored and the last epoch
 * may stop part-way). An epoch has {@code B = ceil(N / batchSize)} micro-batches (for {@link
 * BatchOrder#BALANCED}, the sampler's count) and {@code ceil(B / gradientAccumulation)} optimizer
 * steps; the learning-rate schedule runs over all steps of the run.
 *
 * @param epochs passes over the training data
 * @param maxSteps the number of optimizer steps of the run; 0 to use {@code epochs}
 * @param batchSize rows per forward pass (a micro-batch); one optimizer step sees {@code batchSize
 *     x gradientAccumulation} rows
 * @param gradientAccumulation micro-batches per optimizer step (the last step of an epoch may have
 *     fewer); each contributes its loss divided by the step's micro-batch count
 * @param evalBatchSize rows per forward pass when predicting
 * @param learningRate peak learning rate
 * @param weightDecay decoupled weight decay of {@link AdamW}
 * @param beta1 AdamW β1
 * @param beta2 AdamW β2
 * @param epsilon AdamW ε
 * @param warmupSteps steps of linear warm-up from 0 to the peak (then linear decay to 0)
 * @param maxGradNorm global gradient-norm clip; {@code Double.POSITIVE_INFINITY} disables it
 * @param layerwiseDecay layer-wise learning-rate decay factor ξ in (0, 1]: with L encoder layers,
 *     the classification head and pooler train at the full rate, layer i at {@code ξ^(L - i)} of it
 *     and the embeddings at {@code ξ^(L + 1)}; 1 turns it off
 * @param unfreezeEverySteps gradual unfreezing (ULMFiT): 0 for off; otherwise before step s (0 for
 *     the first) only the head trains plus the top {@code floor(s / unfreezeEverySteps)} of the L + 1
 *     encoder groups (layers from the top, then the embeddings); parameters frozen by the trainer's
 *     base freezing stay frozen
 * @param maxLength longest sequence in tokens (special tokens included)
 * @param seed seed of the data order, of dropout (reseeded per micro-batch from seed and step) and
 *     of an adversary's initial weights
 * @param evaluateEverySteps evaluate on the validation set every this many optimizer steps as well
 *     as at the end of each epoch; 0 for epoch ends only
 * @param checkpointEverySteps with a checkpoint directory, also write a checkpoint every this many
 *     steps (checkpoints are always written after each evaluation and at the end); 0 for none extra
 * @param keepCheckpoints how many of the most recent checkpoints to keep besides the best one
 * @param earlyStoppingPatience stop after this many evaluations in a row without the objective
 *     improving by more than {@code earlyStoppingMinDelta}; 0 for no early stopping
 * @param earlyStoppingMinDelta the least improvement that counts
 * @param objective what the best evaluation and early stopping maximise
 * @param batchOrder how training rows are put into batches
 * @param reweighing multiply sample weights by Kamiran-Calders reweighing weights fitted on the
 *     training set ({@link dev.fairtune.mitigation.Reweighing})
 * @param positiveClass the class whose probability is the score and whose prediction is
 *     "positive" for the fairness metrics
 * @param batchMonitoring compute running fairness metrics on training batches (one host read of
 *     the logits per micro-batch); off saves that cost, and batch records then hold NaN there
 * @param restoreBest at the end, load the weights of the best evaluation into the model
 */
public record TrainerConfig(
        int epochs,
        long maxSteps,
        int batchSize,
        int gradientAccumulation,
        int evalBatchSize,
        double learningRate,
        double weightDecay,
        double beta1,
        double beta2,
        double epsilon,
        long warmupSteps,
        double maxGradNorm,
        double layerwiseDecay,
        long unfreezeEverySteps,
        int maxLength,
        long seed,
        long evaluateEverySteps,
        long checkpointEverySteps,
        int keepCheckpoints,
        int earlyStoppingPatience,
        double earlyStoppingMinDelta,
        SelectionObjective objective,
        BatchOrder batchOrder,
        boolean reweighing,
        int positiveClass,
        boolean batchMonitoring,
        boolean restoreBest) {

    /** How the training rows are put into batches in each epoch. */
    public enum BatchOrder {
        /** A fresh random permutation per epoch, cut into batches. */
        SHUFFLED,
        /** Stratified by group x label, proportional: every batch looks like the whole set. */
        STRATIFIED,
        /** Stratified by group x label, every cell an equal share (small cells repeat). */
        BALANCED
    }

    /** Checks the fields (see {@link Builder#build()}). */
    public TrainerConfig {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(batchOrder, "batchOrder");
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(maxSteps >= 0, "max steps must be >= 0 (0: use epochs), got " + maxSteps);
        require(batchSize >= 1 && evalBatchSize >= 1, "batch sizes must be >= 1, got " + batchSize + ", " + evalBatchSize);
        require(gradientAccumulation >= 1, "gradient accumulation must be >= 1, got " + gradientAccumulation);
        require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be finite and > 0, got " + learningRate);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weight decay must be finite and >= 0, got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1), got " + beta1 + ", " + beta2);
        require(epsilon > 0, "epsilon must be > 0, got " + epsilon);
        require(warmupSteps >= 0, "warm-up steps must be >= 0, got " + warmupSteps);
        require(maxGradNorm > 0, "max gradient norm must be > 0, got " + maxGradNorm);
        require(layerwiseDecay > 0 && layerwiseDecay <= 1, "layer-wise decay must be in (0, 1], got " + layerwiseDecay);
        require(unfreezeEverySteps >= 0, "unfreeze interval must be >= 0 (0: off), got " + unfreezeEverySteps);
        require(maxLength >= 2, "max length must be >= 2, got " + maxLength);
        require(evaluateEverySteps >= 0 && checkpointEverySteps >= 0, "evaluation and checkpoint intervals must be >= 0");
        require(keepCheckpoints >= 1, "keep at least 1 checkpoint, got " + keepCheckpoints);
        require(earlyStoppingPatience >= 0, "early-stopping patience must be >= 0 (0: off), got " + earlyStoppingPatience);
        require(earlyStoppingMinDelta >= 0, "early-stopping min delta must be >= 0, got " + earlyStoppingMinDelta);
        require(positiveClass >= 0, "positive class must be >= 0, got " + positiveClass);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A builder with the defaults listed on its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.maxSteps = maxSteps;
        b.batchSize = batchSize;
        b.gradientAccumulation = gradientAccumulation;
        b.evalBatchSize = evalBatchSize;
        b.learningRate = learningRate;
        b.weightDecay = weightDecay;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.epsilon = epsilon;
        b.warmupSteps = warmupSteps;
        b.maxGradNorm = maxGradNorm;
        b.layerwiseDecay = layerwiseDecay;
        b.unfreezeEverySteps = unfreezeEverySteps;
        b.maxLength = maxLength;
        b.seed = seed;
        b.evaluateEverySteps = evaluateEverySteps;
        b.checkpointEverySteps = checkpointEverySteps;
        b.keepCheckpoints = keepCheckpoints;
        b.earlyStoppingPatience = earlyStoppingPatience;
        b.earlyStoppingMinDelta = earlyStoppingMinDelta;
        b.objective = objective;
        b.batchOrder = batchOrder;
        b.reweighing = reweighing;
        b.positiveClass = positiveClass;
        b.batchMonitoring = batchMonitoring;
        b.restoreBest = restoreBest;
        return b;
    }

    /** Builds a {@link TrainerConfig}; every field is optional. */
    public static final class Builder {
        private int epochs = 3;
        private long maxSteps;
        private int batchSize = 8;
        private int gradientAccumulation = 1;
        private int evalBatchSize = 32;
        private double learningRate = 5e-5;
        private double weightDecay = 0.01;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private long warmupSteps;
        private double maxGradNorm = 1.0;
        private double layerwiseDecay = 1.0;
        private long unfreezeEverySteps;
        private int maxLength = 128;
        private long seed = 42;
        private long evaluateEverySteps;
        private long checkpointEverySteps;
        private int keepCheckpoints = 2;
        private int earlyStoppingPatience;
        private double earlyStoppingMinDelta;
        private SelectionObjective objective = SelectionObjective.of(SelectionObjective.Primary.NEGATIVE_LOSS);
        private BatchOrder batchOrder = BatchOrder.SHUFFLED;
        private boolean reweighing;
        private int positiveClass = 1;
        private boolean batchMonitoring = true;
        private boolean restoreBest = true;

        private Builder() {}

        /** Epochs; default 3. */
        public Builder optEpochs(int v) {
            epochs = v;
            return this;
        }

        /** A step budget instead of epochs; default 0 (use epochs). */
        public Builder optMaxSteps(long v) {
            maxSteps = v;
            return this;
        }

        /** Rows per forward pass; default 8. */
        public Builder optBatchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Micro-batches per optimizer step; default 1. */
        public Builder optGradientAccumulation(int v) {
            gradientAccumulation = v;
            return this;
        }

        /** Rows per forward pass when predicting; default 32. */
        public Builder optEvalBatchSize(int v) {
            evalBatchSize = v;
            return this;
        }

        /** Peak learning rate; default 5e-5. */
        public Builder optLearningRate(double v) {
            learningRate = v;
            return this;
        }

        /** Weight decay; default 0.01. */
        public Builder optWeightDecay(double v) {
            weightDecay = v;
            return this;
        }

        /** AdamW betas; default 0.9, 0.999. */
        public Builder optBetas(double b1, double b2) {
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        /** AdamW ε; default 1e-8. */
        public Builder optEpsilon(double v) {
            epsilon = v;
            return this;
        }

        /** Warm-up steps; default 0. */
        public Builder optWarmupSteps(long v) {
            warmupSteps = v;
            return this;
        }

        /** Gradient-norm clip; default 1.0. */
        public Builder optMaxGradNorm(double v) {
            maxGradNorm = v;
            return this;
        }

        /** Layer-wise learning-rate decay factor; default 1 (off). */
        public Builder optLayerwiseDecay(double v) {
            layerwiseDecay = v;
            return this;
        }

        /** Gradual unfreezing interval in steps; default 0 (off). */
        public Builder optUnfreezeEverySteps(long v) {
            unfreezeEverySteps = v;
            return this;
        }

        /** Max sequence length; default 128. */
        public Builder optMaxLength(int v) {
            maxLength = v;
            return this;
        }

        /** Seed; default 42. */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /** Extra evaluation interval in steps; default 0 (epoch ends only). */
        public Builder optEvaluateEverySteps(long v) {
            evaluateEverySteps = v;
            return this;
        }

        /** Extra checkpoint interval in steps; default 0. */
        public Builder optCheckpointEverySteps(long v) {
            checkpointEverySteps = v;
            return this;
        }

        /** Recent checkpoints kept besides the best; default 2. */
        public Builder optKeepCheckpoints(int v) {
            keepCheckpoints = v;
            return this;
        }

        /** Early stopping: patience in evaluations (default 0: off) and least improvement (default 0). */
        public Builder optEarlyStopping(int patience, double minDelta) {
            earlyStoppingPatience = patience;
            earlyStoppingMinDelta = minDelta;
            return this;
        }

        /** What best means; default minus the validation loss. */
        public Builder optObjective(SelectionObjective v) {
            objective = v;
            return this;
        }

        /** Batch order; default {@link BatchOrder#SHUFFLED}. */
        public Builder optBatchOrder(BatchOrder v) {
            batchOrder = v;
            return this;
        }

        /** Reweighing; default off. */
        public Builder optReweighing(boolean v) {
            reweighing = v;
            return this;
        }

        /** Positive class; default 1. */
        public Builder optPositiveClass(int v) {
            positiveClass = v;
            return this;
        }

        /** Running fairness metrics on training batches; default on. */
        public Builder optBatchMonitoring(boolean v) {
            batchMonitoring = v;
            return this;
        }

        /** Load the best evaluation's weights at the end; default on. */
        public Builder optRestoreBest(boolean v) {
            restoreBest = v;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException for a value out of range (the message names it)
         */
        public TrainerConfig build() {
            return new TrainerConfig(epochs, maxSteps, batchSize, gradientAccumulation, evalBatchSize, learningRate,
                    weightDecay, beta1, beta2, epsilon, warmupSteps, maxGradNorm, layerwiseDecay, unfreezeEverySteps,
                    maxLength, seed, evaluateEverySteps, checkpointEverySteps, keepCheckpoints, earlyStoppingPatience,
                    earlyStoppingMinDelta, objective, batchOrder, reweighing, positiveClass, batchMonitoring,
                    restoreBest);
        }
    }
}
