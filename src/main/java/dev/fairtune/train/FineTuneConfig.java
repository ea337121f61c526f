package dev.fairtune.train;

/**
 * Settings of the plain fine-tuning path ({@link FineTuner}). Defaults follow HuggingFace's
 * {@code TrainingArguments} (learning rate 5e-5, 3 epochs, batch 8, no warm-up, linear decay,
 * {@code max_grad_norm} 1.0, β 0.9/0.999, ε 1e-8, seed 42) except weight decay, 0.01 (HuggingFace's
 * examples' value; its default is 0), applied to all but biases and LayerNorm weights.
 *
 * @param learningRate peak learning rate
 * @param weightDecay decoupled weight decay λ of {@link AdamW}
 * @param beta1 AdamW β1
 * @param beta2 AdamW β2
 * @param epsilon AdamW ε
 * @param epochs passes over the training data
 * @param batchSize examples per step
 * @param maxLength longest sequence in tokens (special tokens included)
 * @param warmupSteps steps of linear warm-up from 0 to the peak rate
 * @param maxGradNorm global gradient norm clip
 * @param seed seed of shuffling, dropout and fresh head weights
 */
public record FineTuneConfig(
        double learningRate,
        double weightDecay,
        double beta1,
        double beta2,
        double epsilon,
        int epochs,
        int batchSize,
        int maxLength,
        long warmupSteps,
        double maxGradNorm,
        long seed) {

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link FineTuneConfig}; {@link #build()} checks ranges. */
    public static final class Builder {
        private double learningRate = 5e-5;
        private double weightDecay = 0.01;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private int epochs = 3;
        private int batchSize = 8;
        private int maxLength = 128;
        private long warmupSteps;
        private double maxGradNorm = 1.0;
        private long seed = 42;

        private Builder() {}

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

        /** Epochs; default 3. */
        public Builder optEpochs(int v) {
            epochs = v;
            return this;
        }

        /** Batch size; default 8. */
        public Builder optBatchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Max sequence length; default 128. */
        public Builder optMaxLength(int v) {
            maxLength = v;
            return this;
        }

        /** Warm-up steps; default 0. */
        public Builder optWarmupSteps(long v) {
            warmupSteps = v;
            return this;
        }

        /** Gradient-norm clip; default 1.0 ({@code Double.POSITIVE_INFINITY} disables clipping). */
        public Builder optMaxGradNorm(double v) {
            maxGradNorm = v;
            return this;
        }

        /** Seed; default 42. */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException for a value out of range
         */
        public FineTuneConfig build() {
            if (!(learningRate > 0) || !(weightDecay >= 0) || !(epsilon > 0) || !(maxGradNorm > 0)) {
                throw new IllegalArgumentException(
                        "need learning rate > 0, weight decay >= 0, epsilon > 0, max grad norm > 0");
            }
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must be in [0, 1)");
            }
            if (epochs < 1 || batchSize < 1 || maxLength < 2 || warmupSteps < 0) {
                throw new IllegalArgumentException(
                        "need epochs >= 1, batch size >= 1, max length >= 2, warm-up >= 0");
            }
            return new FineTuneConfig(learningRate, weightDecay, beta1, beta2, epsilon, epochs, batchSize,
                    maxLength, warmupSteps, maxGradNorm, seed);
        }
    }
}
