package dev.fairtune.cli;

import dev.fairtune.model.Freezing;
import dev.fairtune.train.TrainerConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fine-tuning settings shared by {@code train} and {@code demo}. The defaults suit a CPU: the
 * embeddings and the first four of MiniLM's six layers stay frozen, so each step updates the last
 * two layers and the head.
 */
final class TrainingOptions {
    @Option(names = "--epochs", paramLabel = "N",
            description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", paramLabel = "R",
            description = "Peak learning rate, decayed linearly to 0 (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Longest input in tokens; longer texts are truncated (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--frozen-layers", paramLabel = "K", defaultValue = "4",
            description = "Freeze the embeddings and the first K encoder layers; -1 trains everything "
                    + "(default: ${DEFAULT-VALUE}).")
    int frozenLayers;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of data splits, shuffling, dropout, new weights and the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--evaluate-every", paramLabel = "N",
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

    @Mixin
    PrivacyOptions privacy;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @Option(names = "--allow-single-class", description = "Train even when the training or validation data lack a "
            + "class (or, with a penalty, a group lacks one); every rate and gap is then undefined, and the report says "
            + "so in each run's description. Without it such data are refused.")
    boolean allowSingleClass;

    /**
     * Checks the options the library does not know (the library checks its own, with the same
     * messages, in {@link #config}).
     */
    void check() {
        if (explainPerGroup < 0 || explainSteps < 1) {
            throw new IllegalArgumentException("need --explain >= 0 and --explain-steps >= 1; got " + explainPerGroup
                    + ", " + explainSteps);
        }
        if (frozenLayers < -1) {
            throw new IllegalArgumentException("--frozen-layers must be >= -1 (-1 trains everything), got " + frozenLayers);
        }
        config(1, false);
    }

    /** What stays frozen. */
    Freezing freezing() {
        return frozenLayers < 0 ? Freezing.matching(name -> false)
                : Freezing.embeddings().or(Freezing.firstLayers(frozenLayers));
    }

    /**
     * The trainer's settings: {@link TrainerConfig#forCpu()} (the options' defaults, {@link
     * TrainerDefaults}) with the options applied; evaluation at each epoch end (and every {@code
     * --evaluate-every} steps; with a target and no interval given, four times an epoch, so that the
     * multiplier can move); the last weights kept, not the best validation loss's, which on
     * training-like validation data favours the shortcut a penalty removes (with a target, the
     * trainer's own choice: the best evaluation that meets it).
     *
     * @param trainSize training examples (for the steps per epoch)
     * @param target whether a Lagrangian target is tuned
     * @throws IllegalArgumentException with the library's message for a value out of range
     */
    TrainerConfig config(int trainSize, boolean target) {
        long perEpoch = batchSize < 1 ? 1 : (trainSize + batchSize - 1) / batchSize;
        long every = evaluateEvery > 0 || !target ? evaluateEvery : Math.max(1, perEpoch / 4);
        return TrainerConfig.forCpu().optEpochs(epochs).optBatchSize(batchSize).optLearningRate(learningRate)
                .optMaxLength(maxLength).optSeed(seed).optEvaluateEverySteps(every).optRestoreBest(target)
                .optPrivacy(privacy == null ? null : privacy.privacy()).build();
    }
}
