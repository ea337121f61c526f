package dev.fairtune.cli;

import dev.fairtune.job.FineTuneJob;
import dev.fairtune.job.ReportSettings;
import dev.fairtune.model.Freezing;
import dev.fairtune.train.FrozenLayerCache;
import dev.fairtune.train.TrainerConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fine-tuning settings shared by {@code train}, {@code demo} and {@code sweep}. The defaults suit a
 * CPU: the embeddings and the first four of MiniLM's six layers stay frozen, so each step updates
 * the last two layers and the head; their outputs are computed once per text and cached ({@link
 * FrozenLayerCache}); batches hold texts of similar length.
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

    @Mixin
    SeedOption seedOption;

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

    @Option(names = "--no-length-buckets", description = "Cut each epoch's shuffled order into batches as it is, "
            + "instead of putting texts of similar length together (fewer padding tokens; the default).")
    boolean noLengthBuckets;

    @Option(names = "--no-cache-frozen-layers", description = "Run the frozen embeddings and layers (--frozen-layers) "
            + "at every step and evaluation, with their dropout, instead of computing them once per text without dropout "
            + "and reusing the result in every epoch, evaluation and run (the default; private runs never cache).")
    boolean noCache;

    @Option(names = "--cache-mb", paramLabel = "MB", defaultValue = "1024",
            description = "Memory cap of the frozen-layer cache; texts beyond it are computed again each time they are "
                    + "used (default: ${DEFAULT-VALUE}).")
    long cacheMb;

    @Mixin
    PrivacyOptions privacy;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @Option(names = "--allow-single-class", description = "Train even when the training or validation data lack a "
            + "class (or, with a penalty, a group lacks one); every rate and gap is then undefined, and the report says "
            + "so in each run's description. Without it such data are refused.")
    boolean allowSingleClass;

    /** The seed of the run. */
    long seed() {
        return seedOption.seed;
    }

    /** What stays frozen. */
    Freezing freezing() {
        if (frozenLayers < -1) {
            throw new IllegalArgumentException("--frozen-layers must be >= -1 (-1 trains everything), got " + frozenLayers);
        }
        return frozenLayers < 0 ? Freezing.matching(name -> false)
                : Freezing.embeddings().or(Freezing.firstLayers(frozenLayers));
    }

    /**
     * The frozen-layer cache of the run or runs, or null: none with {@code --no-cache-frozen-layers},
     * when nothing is frozen, or with DP-SGD (a private step computes every layer per example).
     *
     * @throws IllegalArgumentException when {@code --cache-mb} is negative
     */
    FrozenLayerCache cache() {
        if (cacheMb < 0) {
            throw new IllegalArgumentException("--cache-mb must be >= 0, got " + cacheMb);
        }
        boolean priv = privacy != null && privacy.privacy() != null;
        return noCache || frozenLayers < 0 || priv ? null : FrozenLayerCache.of(frozenLayers, cacheMb << 20);
    }

    /**
     * The trainer's settings: {@link TrainerConfig#forCpu()} (the options' defaults, {@link
     * TrainerDefaults}) with the options applied; evaluation at each epoch end and every {@code
     * --evaluate-every} steps (the job adds evaluations for a target, see {@link FineTuneJob}).
     *
     * @throws IllegalArgumentException with the library's message for a value out of range
     */
    TrainerConfig config() {
        return TrainerConfig.forCpu().optEpochs(epochs).optBatchSize(batchSize).optLearningRate(learningRate)
                .optMaxLength(maxLength).optSeed(seed()).optEvaluateEverySteps(evaluateEvery)
                .optLengthBuckets(!noLengthBuckets).optPrivacy(privacy == null ? null : privacy.privacy()).build();
    }

    /** A job with these settings and the report's; every setting checked before anything is read or trained. */
    FineTuneJob.Builder job(ReportSettings report) {
        FineTuneJob.Builder b = FineTuneJob.builder().optTraining(config()).optFreezing(freezing())
                .optAllowSingleClass(allowSingleClass).optExplain(explainPerGroup, explainSteps).optReport(report);
        FrozenLayerCache cache = cache();
        if (cache != null) {
            b.optFrozenLayerCache(cache);
        }
        if (!noProgress) {
            b.optProgress(System.err);
        }
        return b;
    }
}
