package dev.fairtune.train;

import java.util.Objects;

/**
 * Settings of a {@link FairTrainer} run, in five groups each checked once in its constructor: the
 * {@link Optimizer}, the {@link Schedule}, the {@link Batching}, the {@link Evaluation} (and
 * selection) and the {@link Checkpoints}; plus the seed and the positive class. Defaults follow
 * HuggingFace's {@code TrainingArguments} (learning rate 5e-5, 3 epochs, batch 8, no warm-up, linear
 * decay, {@code max_grad_norm} 1.0, β 0.9/0.999, ε 1e-8, seed 42) except weight decay, 0.01 on all
 * but biases and LayerNorm weights. {@link #forCpu()} is the preset the command line starts from.
 * Build with {@link #builder()}; every setting has a flat {@code opt*} method there, which throws
 * {@link IllegalArgumentException} naming the value when it is out of range.
 *
 * <p>Length of a run: {@code epochs} passes, or exactly {@code maxSteps} optimizer steps when that
 * is above 0 (HuggingFace's {@code max_steps}: the epoch count is then ignored and the last epoch
 * may stop part-way). An epoch has {@code B = ceil(N / batchSize)} micro-batches (for a stratified
 * order, the sampler's count) and {@code ceil(B / gradientAccumulation)} optimizer steps; the
 * learning-rate schedule runs over all steps of the run.
 *
 * @param optimizer AdamW and gradient settings
 * @param schedule length of the run, warm-up, gradual unfreezing
 * @param batching how rows become batches
 * @param evaluation validation passes, selection of the best one, early stopping
 * @param checkpoints how often checkpoints are written and how many are kept
 * @param seed seed of the data order, of dropout (reseeded per micro-batch from seed and step) and
 *     of a penalty's own initial weights
 * @param positiveClass the class whose probability is the score and whose prediction is
 *     "positive" for the fairness metrics
 * @param privacy differentially private training (DP-SGD, {@link DpSgd}); null for a non-private run
 */
public record TrainerConfig(
        Optimizer optimizer, Schedule schedule, Batching batching, Evaluation evaluation, Checkpoints checkpoints,
        long seed, int positiveClass, Privacy privacy) {

    /** Checks that every group is present and the positive class is a class index. */
    public TrainerConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(checkpoints, "checkpoints");
        require(positiveClass >= 0, "positive class must be >= 0, got " + positiveClass);
    }

    /**
     * AdamW ({@link AdamW}) and what happens to the gradient before it.
     *
     * @param learningRate peak learning rate
     * @param weightDecay decoupled weight decay
     * @param beta1 AdamW β1
     * @param beta2 AdamW β2
     * @param epsilon AdamW ε
     * @param maxGradNorm global gradient-norm clip; {@code Double.POSITIVE_INFINITY} disables it
     * @param layerwiseDecay layer-wise learning-rate decay factor ξ in (0, 1]: with L encoder
     *     layers, the head trains at the full rate, layer i at {@code ξ^(L - i)} of it and the
     *     embeddings at {@code ξ^(L + 1)}; 1 turns it off
     */
    public record Optimizer(double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
            double maxGradNorm, double layerwiseDecay) {
        /** Checks ranges. */
        public Optimizer {
            require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be finite and > 0, got " + learningRate);
            require(weightDecay >= 0 && Double.isFinite(weightDecay), "weight decay must be finite and >= 0, got " + weightDecay);
            require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1), got " + beta1 + ", " + beta2);
            require(epsilon > 0 && Double.isFinite(epsilon), "epsilon must be finite and > 0, got " + epsilon);
            require(maxGradNorm > 0, "max gradient norm must be > 0, got " + maxGradNorm);
            require(layerwiseDecay > 0 && layerwiseDecay <= 1, "layer-wise decay must be in (0, 1], got " + layerwiseDecay);
        }

        /** A fresh optimizer with these settings; the caller closes it. */
        public AdamW newAdamW() {
            return AdamW.builder().optBeta1(beta1).optBeta2(beta2).optEpsilon(epsilon).optWeightDecay(weightDecay).build();
        }
    }

    /**
     * Length of the run and how the trainable set and rate change over it.
     *
     * @param epochs passes over the training data
     * @param maxSteps optimizer steps of the run; 0 to use {@code epochs}
     * @param warmupSteps steps of linear warm-up from 0 to the peak (then linear decay to 0)
     * @param unfreezeEverySteps gradual unfreezing (ULMFiT): 0 for off; otherwise before step s only
     *     the head trains plus the top {@code floor(s / unfreezeEverySteps)} of the L + 1 encoder
     *     groups (layers from the top, then the embeddings); base freezing stays
     */
    public record Schedule(int epochs, long maxSteps, long warmupSteps, long unfreezeEverySteps) {
        /** Checks ranges. */
        public Schedule {
            require(epochs >= 1, "epochs must be >= 1, got " + epochs);
            require(maxSteps >= 0, "max steps must be >= 0 (0: use epochs), got " + maxSteps);
            require(warmupSteps >= 0, "warm-up steps must be >= 0, got " + warmupSteps);
            require(unfreezeEverySteps >= 0, "unfreeze interval must be >= 0 (0: off), got " + unfreezeEverySteps);
        }

        /** The run's optimizer steps for {@code stepsPerEpoch}: {@code maxSteps}, else epochs x steps per epoch. */
        public long totalSteps(long stepsPerEpoch) {
            return maxSteps > 0 ? maxSteps : stepsPerEpoch * epochs;
        }
    }

    /**
     * How training rows become batches, and batch sizes.
     *
     * @param batchSize rows per forward pass (a micro-batch); one optimizer step sees {@code batchSize
     *     x gradientAccumulation} rows
     * @param gradientAccumulation micro-batches per optimizer step (the last step of an epoch may
     *     have fewer); each contributes its loss divided by the step's micro-batch count
     * @param evalBatchSize rows per forward pass when predicting
     * @param maxLength longest sequence in tokens (special tokens included)
     * @param order how training rows are put into batches
     * @param reweighing multiply sample weights by Kamiran-Calders reweighing weights fitted on the
     *     training set ({@link dev.fairtune.mitigation.Reweighing})
     * @param lengthBuckets put texts of similar length together: within each window of {@value
     *     #BUCKET_BATCHES} batches of the epoch's order, the rows of each stratum (group x label when
     *     stratified, all rows when shuffled) are sorted by token count and dealt back into that
     *     stratum's places, then the window's batches are shuffled (seeded). Every row still appears
     *     once per epoch and every batch keeps its strata counts; since a batch is padded to its
     *     longest text, far fewer padding tokens are computed. HuggingFace's {@code group_by_length}
     *     sorts windows of 50 batches the same way.
     */
    public record Batching(int batchSize, int gradientAccumulation, int evalBatchSize, int maxLength, BatchOrder order,
            boolean reweighing, boolean lengthBuckets) {
        /** Batches sorted together by length when {@link #lengthBuckets} is on. */
        public static final int BUCKET_BATCHES = 50;

        /** Settings with length buckets on (the default). */
        public Batching(int batchSize, int gradientAccumulation, int evalBatchSize, int maxLength, BatchOrder order,
                boolean reweighing) {
            this(batchSize, gradientAccumulation, evalBatchSize, maxLength, order, reweighing, true);
        }

        /** Checks ranges. */
        public Batching {
            Objects.requireNonNull(order, "order");
            require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
            require(evalBatchSize >= 1, "evaluation batch size must be >= 1, got " + evalBatchSize);
            require(gradientAccumulation >= 1, "gradient accumulation must be >= 1, got " + gradientAccumulation);
            require(maxLength >= 2, "max length must be >= 2, got " + maxLength);
        }
    }

    /**
     * Validation passes and what they decide.
     *
     * @param everySteps evaluate every this many optimizer steps as well as at each epoch end; 0
     *     for epoch ends only
     * @param objective what the best evaluation and early stopping maximise
     * @param earlyStoppingPatience stop after this many evaluations in a row without the objective
     *     improving by more than {@code earlyStoppingMinDelta}; 0 for no early stopping
     * @param earlyStoppingMinDelta the least improvement that counts
     * @param restoreBest at the end, load the weights of the best evaluation into the model
     * @param batchMonitoring compute running fairness metrics on training batches (one host read of
     *     the logits per micro-batch); off saves that cost, and batch records then hold NaN there
     */
    public record Evaluation(long everySteps, SelectionObjective objective, int earlyStoppingPatience,
            double earlyStoppingMinDelta, boolean restoreBest, boolean batchMonitoring) {
        /** Checks ranges. */
        public Evaluation {
            Objects.requireNonNull(objective, "objective");
            require(everySteps >= 0, "evaluation interval must be >= 0 (0: epoch ends only), got " + everySteps);
            require(earlyStoppingPatience >= 0, "early-stopping patience must be >= 0 (0: off), got " + earlyStoppingPatience);
            require(earlyStoppingMinDelta >= 0, "early-stopping min delta must be >= 0, got " + earlyStoppingMinDelta);
        }
    }

    /**
     * Checkpoints, written when the trainer has a checkpoint directory.
     *
     * @param everySteps also write one every this many steps (they are always written after each
     *     evaluation and at the end); 0 for none extra
     * @param keep how many of the most recent checkpoints to keep besides the best one
     */
    public record Checkpoints(long everySteps, int keep) {
        /** Checks ranges. */
        public Checkpoints {
            require(everySteps >= 0, "checkpoint interval must be >= 0, got " + everySteps);
            require(keep >= 1, "keep at least 1 checkpoint, got " + keep);
        }
    }

    /**
     * DP-SGD ({@link DpSgd}): each example's gradient clipped to {@code clipNorm}, their sum given
     * Gaussian noise of standard deviation {@code sigma * clipNorm}, divided by the expected batch
     * size; sigma is given, or found for a target epsilon by {@link
     * dev.fairtune.privacy.RdpAccountant#noiseMultiplier} from the sampling rate {@code q =
     * batchSize / N} and the run's steps. docs/privacy.md says what the guarantee covers.
     *
     * @param targetEpsilon the epsilon to reach at the end of the run; NaN when sigma is given
     * @param noiseMultiplier sigma; NaN to derive it from the target epsilon
     * @param delta the delta of the guarantee, in (0, 1); well below 1/N (1e-5 is usual)
     * @param clipNorm the per-example gradient norm bound C
     * @param sampling how the batches are drawn; the accountant assumes {@link Sampling#POISSON}
     * @param dropout keep dropout on in training steps (off by default: Li et al. 2021 found it
     *     hurts DP fine-tuning)
     */
    public record Privacy(double targetEpsilon, double noiseMultiplier, double delta, double clipNorm,
            Sampling sampling, boolean dropout) {
        /** Checks ranges: exactly one of the target epsilon and sigma is given. */
        public Privacy {
            Objects.requireNonNull(sampling, "sampling");
            require(Double.isNaN(targetEpsilon) != Double.isNaN(noiseMultiplier),
                    "give either a target epsilon or a noise multiplier, not both or neither");
            require(Double.isNaN(targetEpsilon) || (targetEpsilon > 0 && Double.isFinite(targetEpsilon)),
                    "target epsilon must be finite and > 0, got " + targetEpsilon);
            require(Double.isNaN(noiseMultiplier) || (noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier)),
                    "noise multiplier must be finite and >= 0, got " + noiseMultiplier);
            require(delta > 0 && delta < 1, "delta must lie in (0, 1), got " + delta);
            require(clipNorm > 0 && Double.isFinite(clipNorm), "clip norm must be finite and > 0, got " + clipNorm);
        }

        /** DP-SGD reaching {@code epsilon} at {@code delta} by the end of the run, Poisson sampling, no dropout. */
        public static Privacy targetEpsilon(double epsilon, double delta, double clipNorm) {
            return new Privacy(epsilon, Double.NaN, delta, clipNorm, Sampling.POISSON, false);
        }

        /** DP-SGD with noise multiplier {@code sigma}, Poisson sampling, no dropout. */
        public static Privacy noiseMultiplier(double sigma, double delta, double clipNorm) {
            return new Privacy(Double.NaN, sigma, delta, clipNorm, Sampling.POISSON, false);
        }

        /** These settings with another sampling. */
        public Privacy withSampling(Sampling s) {
            return new Privacy(targetEpsilon, noiseMultiplier, delta, clipNorm, s, dropout);
        }

        /** These settings with dropout on or off. */
        public Privacy withDropout(boolean on) {
            return new Privacy(targetEpsilon, noiseMultiplier, delta, clipNorm, sampling, on);
        }
    }

    /** How DP-SGD draws its batches. */
    public enum Sampling {
        /**
         * Each row joins each step's batch independently with probability {@code q = batchSize / N}
         * (batch sizes vary; {@code ceil(N / batchSize)} steps per epoch): what the accountant
         * assumes, so the epsilon is a proven bound.
         */
        POISSON,
        /**
         * Fixed-size batches of a shuffled permutation, as a non-private run. The epsilon shown is
         * the Poisson figure, which is NOT a proven bound for shuffling (shuffled batches can leak
         * more, Chua et al. 2024); the history and report say so.
         */
        SHUFFLED
    }

    /** How the training rows are put into batches in each epoch. */
    public enum BatchOrder {
        /** A fresh random permutation per epoch, cut into batches. */
        SHUFFLED,
        /** Stratified by group x label, proportional: every batch looks like the whole set. */
        STRATIFIED,
        /** Stratified by group x label, every cell an equal share (small cells repeat). */
        BALANCED
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

    /**
     * The preset for fine-tuning on a CPU with the lower layers frozen, and the command line's
     * defaults: 2 epochs, batch 32, learning rate 1e-4, evaluation batch 64, the last weights kept
     * (no restore of the best); the rest as {@link #builder()}.
     */
    public static Builder forCpu() {
        return builder().optEpochs(2).optBatchSize(32).optLearningRate(1e-4).optEvalBatchSize(64).optRestoreBest(false);
    }

    /**
     * These settings as one run of a job or sweep uses them: a fixed-weight run keeps its last weights
     * (the best validation loss would, on training-like validation data, favour the shortcut a penalty
     * removes); a run with a Lagrangian target keeps the best evaluation that meets its bound and,
     * unless an interval is set, evaluates four times an epoch so that the multiplier can move.
     *
     * @param target whether the run has a target
     * @param trainSize training examples (for the steps per epoch)
     */
    public TrainerConfig forRun(boolean target, int trainSize) {
        Builder c = toBuilder().optRestoreBest(target);
        if (target && evaluation.everySteps() == 0) {
            int batch = batching.batchSize();
            c.optEvaluateEverySteps(Math.max(1, (trainSize + batch - 1) / batch / 4));
        }
        return c.build();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.optimizer = optimizer;
        b.schedule = schedule;
        b.batching = batching;
        b.evaluation = evaluation;
        b.checkpoints = checkpoints;
        b.seed = seed;
        b.positiveClass = positiveClass;
        b.privacy = privacy;
        return b;
    }

    /**
     * Builds a {@link TrainerConfig}; every field is optional. Each {@code opt*} replaces one field
     * of its group, whose constructor checks it at once.
     */
    public static final class Builder {
        private Optimizer optimizer = new Optimizer(5e-5, 0.01, 0.9, 0.999, 1e-8, 1.0, 1.0);
        private Schedule schedule = new Schedule(3, 0, 0, 0);
        private Batching batching = new Batching(8, 1, 32, 128, BatchOrder.SHUFFLED, false, true);
        private Evaluation evaluation = new Evaluation(0, SelectionObjective.of(SelectionObjective.Primary.NEGATIVE_LOSS),
                0, 0, true, true);
        private Checkpoints checkpoints = new Checkpoints(0, 2);
        private long seed = 42;
        private int positiveClass = 1;
        private Privacy privacy;

        private Builder() {}

        /** Peak learning rate; default 5e-5. */
        public Builder optLearningRate(double v) {
            Optimizer o = optimizer;
            optimizer = new Optimizer(v, o.weightDecay(), o.beta1(), o.beta2(), o.epsilon(), o.maxGradNorm(), o.layerwiseDecay());
            return this;
        }

        /** Weight decay; default 0.01. */
        public Builder optWeightDecay(double v) {
            Optimizer o = optimizer;
            optimizer = new Optimizer(o.learningRate(), v, o.beta1(), o.beta2(), o.epsilon(), o.maxGradNorm(), o.layerwiseDecay());
            return this;
        }

        /** AdamW betas; default 0.9, 0.999. */
        public Builder optBetas(double b1, double b2) {
            Optimizer o = optimizer;
            optimizer = new Optimizer(o.learningRate(), o.weightDecay(), b1, b2, o.epsilon(), o.maxGradNorm(), o.layerwiseDecay());
            return this;
        }

        /** AdamW ε; default 1e-8. */
        public Builder optEpsilon(double v) {
            Optimizer o = optimizer;
            optimizer = new Optimizer(o.learningRate(), o.weightDecay(), o.beta1(), o.beta2(), v, o.maxGradNorm(), o.layerwiseDecay());
            return this;
        }

        /** Gradient-norm clip; default 1.0. */
        public Builder optMaxGradNorm(double v) {
            Optimizer o = optimizer;
            optimizer = new Optimizer(o.learningRate(), o.weightDecay(), o.beta1(), o.beta2(), o.epsilon(), v, o.layerwiseDecay());
            return this;
        }

        /** Layer-wise learning-rate decay factor; default 1 (off). */
        public Builder optLayerwiseDecay(double v) {
            Optimizer o = optimizer;
            optimizer = new Optimizer(o.learningRate(), o.weightDecay(), o.beta1(), o.beta2(), o.epsilon(), o.maxGradNorm(), v);
            return this;
        }

        /** Epochs; default 3. */
        public Builder optEpochs(int v) {
            schedule = new Schedule(v, schedule.maxSteps(), schedule.warmupSteps(), schedule.unfreezeEverySteps());
            return this;
        }

        /** A step budget instead of epochs; default 0 (use epochs). */
        public Builder optMaxSteps(long v) {
            schedule = new Schedule(schedule.epochs(), v, schedule.warmupSteps(), schedule.unfreezeEverySteps());
            return this;
        }

        /** Warm-up steps; default 0. */
        public Builder optWarmupSteps(long v) {
            schedule = new Schedule(schedule.epochs(), schedule.maxSteps(), v, schedule.unfreezeEverySteps());
            return this;
        }

        /** Gradual unfreezing interval in steps; default 0 (off). */
        public Builder optUnfreezeEverySteps(long v) {
            schedule = new Schedule(schedule.epochs(), schedule.maxSteps(), schedule.warmupSteps(), v);
            return this;
        }

        /** Rows per forward pass; default 8. */
        public Builder optBatchSize(int v) {
            Batching b = batching;
            batching = new Batching(v, b.gradientAccumulation(), b.evalBatchSize(), b.maxLength(), b.order(), b.reweighing(), b.lengthBuckets());
            return this;
        }

        /** Micro-batches per optimizer step; default 1. */
        public Builder optGradientAccumulation(int v) {
            Batching b = batching;
            batching = new Batching(b.batchSize(), v, b.evalBatchSize(), b.maxLength(), b.order(), b.reweighing(), b.lengthBuckets());
            return this;
        }

        /** Rows per forward pass when predicting; default 32. */
        public Builder optEvalBatchSize(int v) {
            Batching b = batching;
            batching = new Batching(b.batchSize(), b.gradientAccumulation(), v, b.maxLength(), b.order(), b.reweighing(), b.lengthBuckets());
            return this;
        }

        /** Max sequence length; default 128. */
        public Builder optMaxLength(int v) {
            Batching b = batching;
            batching = new Batching(b.batchSize(), b.gradientAccumulation(), b.evalBatchSize(), v, b.order(), b.reweighing(), b.lengthBuckets());
            return this;
        }

        /** Batch order; default {@link BatchOrder#SHUFFLED}. */
        public Builder optBatchOrder(BatchOrder v) {
            Batching b = batching;
            batching = new Batching(b.batchSize(), b.gradientAccumulation(), b.evalBatchSize(), b.maxLength(), v, b.reweighing(), b.lengthBuckets());
            return this;
        }

        /** Reweighing; default off. */
        public Builder optReweighing(boolean v) {
            Batching b = batching;
            batching = new Batching(b.batchSize(), b.gradientAccumulation(), b.evalBatchSize(), b.maxLength(), b.order(), v,
                    b.lengthBuckets());
            return this;
        }

        /** Length-bucketed batches ({@link Batching#lengthBuckets()}); default on. */
        public Builder optLengthBuckets(boolean v) {
            Batching b = batching;
            batching = new Batching(b.batchSize(), b.gradientAccumulation(), b.evalBatchSize(), b.maxLength(), b.order(),
                    b.reweighing(), v);
            return this;
        }

        /** Extra evaluation interval in steps; default 0 (epoch ends only). */
        public Builder optEvaluateEverySteps(long v) {
            Evaluation e = evaluation;
            evaluation = new Evaluation(v, e.objective(), e.earlyStoppingPatience(), e.earlyStoppingMinDelta(), e.restoreBest(), e.batchMonitoring());
            return this;
        }

        /** What best means; default minus the validation loss. */
        public Builder optObjective(SelectionObjective v) {
            Evaluation e = evaluation;
            evaluation = new Evaluation(e.everySteps(), v, e.earlyStoppingPatience(), e.earlyStoppingMinDelta(), e.restoreBest(), e.batchMonitoring());
            return this;
        }

        /** Early stopping: patience in evaluations (default 0: off) and least improvement (default 0). */
        public Builder optEarlyStopping(int patience, double minDelta) {
            Evaluation e = evaluation;
            evaluation = new Evaluation(e.everySteps(), e.objective(), patience, minDelta, e.restoreBest(), e.batchMonitoring());
            return this;
        }

        /** Load the best evaluation's weights at the end; default on. */
        public Builder optRestoreBest(boolean v) {
            Evaluation e = evaluation;
            evaluation = new Evaluation(e.everySteps(), e.objective(), e.earlyStoppingPatience(), e.earlyStoppingMinDelta(), v, e.batchMonitoring());
            return this;
        }

        /** Running fairness metrics on training batches; default on. */
        public Builder optBatchMonitoring(boolean v) {
            Evaluation e = evaluation;
            evaluation = new Evaluation(e.everySteps(), e.objective(), e.earlyStoppingPatience(), e.earlyStoppingMinDelta(), e.restoreBest(), v);
            return this;
        }

        /** Extra checkpoint interval in steps; default 0. */
        public Builder optCheckpointEverySteps(long v) {
            checkpoints = new Checkpoints(v, checkpoints.keep());
            return this;
        }

        /** Recent checkpoints kept besides the best; default 2. */
        public Builder optKeepCheckpoints(int v) {
            checkpoints = new Checkpoints(checkpoints.everySteps(), v);
            return this;
        }

        /** Seed; default 42. */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /** Positive class; default 1. */
        public Builder optPositiveClass(int v) {
            positiveClass = v;
            return this;
        }

        /** Differentially private training; default null (off). */
        public Builder optPrivacy(Privacy v) {
            privacy = v;
            return this;
        }

        /**
         * Builds (the groups were checked as they were set).
         *
         * @throws IllegalArgumentException for a positive class below 0, or privacy with gradient
         *     accumulation, a stratified batch order or gradual unfreezing (DP-SGD draws one Poisson
         *     batch per step and needs a fixed trainable set)
         */
        public TrainerConfig build() {
            if (privacy != null) {
                require(batching.gradientAccumulation() == 1, "DP-SGD draws one Poisson batch per step: gradient "
                        + "accumulation must be 1 (raise the batch size instead), got " + batching.gradientAccumulation());
                require(batching.order() == BatchOrder.SHUFFLED, "DP-SGD draws its own batches: the batch order "
                        + batching.order() + " (which depends on group counts) cannot be used with privacy");
                require(schedule.unfreezeEverySteps() == 0, "gradual unfreezing would unfreeze the embeddings, whose "
                        + "per-example gradients DP-SGD cannot take: turn it off for a private run");
            }
            return new TrainerConfig(optimizer, schedule, batching, evaluation, checkpoints, seed, positiveClass, privacy);
        }
    }
}
