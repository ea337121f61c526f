package dev.fairtune.cli;

import dev.fairtune.model.Freezing;
import dev.fairtune.train.TrainerConfig;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Fine-tuning settings shared by {@code train} and {@code demo}. The defaults suit a CPU: the
 * embeddings and the first four of MiniLM's six layers stay frozen, so each step updates the last
 * two layers and the head.
 */
final class TrainingOptions {
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "2",
            description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", paramLabel = "R", defaultValue = "1e-4",
            description = "Peak learning rate, decayed linearly to 0 (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "128",
            description = "Longest input in tokens; longer texts are truncated (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--frozen-layers", paramLabel = "K", defaultValue = "4",
            description = "Freeze the embeddings and the first K encoder layers; -1 trains everything "
                    + "(default: ${DEFAULT-VALUE}).")
    int frozenLayers;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of data splits, shuffling, dropout, new weights and the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--evaluate-every", paramLabel = "N", defaultValue = "0",
            description = "Also evaluate on the validation data every N steps; 0 for epoch ends only, or four times an "
                    + "epoch when a target is tuned (default: ${DEFAULT-VALUE}).")
    long evaluateEvery;

    @Option(names = "--explain", paramLabel = "N", defaultValue = "16",
            description = "Explain N test texts of each group with Integrated Gradients for the report's explanation "
                    + "section and identity-term diagnostic; 0 for none (default: ${DEFAULT-VALUE}).")
    int explainPerGroup;

    @Option(names = "--explain-steps", paramLabel = "N", defaultValue = "32",
            description = "Integrated Gradients steps for --explain (default: ${DEFAULT-VALUE}).")
    int explainSteps;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    /** Checks ranges. */
    void check() {
        if (explainPerGroup < 0 || explainSteps < 1) {
            throw new IllegalArgumentException("need --explain >= 0 and --explain-steps >= 1; got " + explainPerGroup
                    + ", " + explainSteps);
        }
        if (evaluateEvery < 0) {
            throw new IllegalArgumentException("--evaluate-every must be >= 0, got " + evaluateEvery);
        }
        if (epochs < 1 || batchSize < 1 || maxLength < 8 || frozenLayers < -1) {
            throw new IllegalArgumentException("need --epochs >= 1, --batch-size >= 1, --max-length >= 8 and "
                    + "--frozen-layers >= -1; got " + epochs + ", " + batchSize + ", " + maxLength + ", " + frozenLayers);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--learning-rate must be a finite number > 0, got " + learningRate);
        }
    }

    /** What stays frozen. */
    Freezing freezing() {
        return frozenLayers < 0 ? Freezing.matching(name -> false)
                : Freezing.embeddings().or(Freezing.firstLayers(frozenLayers));
    }

    /**
     * The trainer's settings: the options above; evaluation at each epoch end (and every
     * {@code --evaluate-every} steps; with a target and no interval given, four times an epoch, so
     * that the multiplier can move); the last weights kept, not the best validation loss's, which on
     * training-like validation data favours the shortcut a penalty removes (with a target, the
     * trainer's own choice: the best evaluation that meets it); the rest at
     * {@link TrainerConfig}'s defaults.
     *
     * @param trainSize training examples (for the steps per epoch)
     * @param target whether a Lagrangian target is tuned
     */
    TrainerConfig config(int trainSize, boolean target) {
        long perEpoch = (trainSize + batchSize - 1) / batchSize;
        long every = evaluateEvery > 0 ? evaluateEvery : target ? Math.max(1, perEpoch / 4) : 0;
        return TrainerConfig.builder().optEpochs(epochs).optBatchSize(batchSize).optLearningRate(learningRate)
                .optMaxLength(maxLength).optSeed(seed).optEvalBatchSize(64).optEvaluateEverySteps(every)
                .optRestoreBest(target).build();
    }

    /** The settings in words, for provenance. */
    String describe() {
        return String.format(Locale.ROOT, "%d epochs, batch %d, AdamW learning rate %s with linear decay, "
                + "max length %d tokens, %s, seed %d", epochs, batchSize,
                new java.math.BigDecimal(Double.toString(learningRate)).stripTrailingZeros().toPlainString(), maxLength,
                frozenLayers < 0 ? "all layers trained" : frozenLayers == 0 ? "embeddings frozen"
                        : "embeddings and layers 0-" + (frozenLayers - 1) + " frozen",
                seed);
    }
}
