package dev.fairtune.cli;

import dev.fairtune.train.TrainerConfig;
import picocli.CommandLine.Option;

/**
 * Differentially private fine-tuning (DP-SGD, docs/privacy.md): give a target epsilon (the noise
 * is found for it) or a noise multiplier. Needs the embeddings frozen (the default {@code
 * --frozen-layers} does so).
 */
final class PrivacyOptions {
    @Option(names = "--dp-epsilon", paramLabel = "E", description = "Train with DP-SGD to an (E, --dp-delta) guarantee "
            + "per training example by the end of the run: the noise multiplier is found for it (Renyi accountant).")
    Double epsilon;

    @Option(names = "--dp-noise", paramLabel = "SIGMA", description = "Train with DP-SGD at this noise multiplier "
            + "instead of a target epsilon; the epsilon spent is reported.")
    Double noise;

    @Option(names = "--dp-delta", paramLabel = "D", defaultValue = "1e-5",
            description = "The delta of the guarantee; keep it well below 1 / (training rows) (default: ${DEFAULT-VALUE}).")
    double delta;

    @Option(names = "--dp-clip", paramLabel = "C", defaultValue = "1.0",
            description = "Per-example gradient norm bound C (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--dp-shuffled", description = "Use fixed-size shuffled batches instead of Poisson sampling; the "
            + "epsilon shown is then the Poisson figure and NOT a proven bound (the report says so).")
    boolean shuffled;

    @Option(names = "--dp-dropout", description = "Keep dropout on in DP-SGD steps (off by default: it hurts DP "
            + "fine-tuning, Li et al. 2021).")
    boolean dropout;

    /**
     * The settings, or null when neither {@code --dp-epsilon} nor {@code --dp-noise} is given.
     *
     * @throws IllegalArgumentException when both are given, or a value is out of range
     */
    TrainerConfig.Privacy privacy() {
        if (epsilon != null && noise != null) {
            throw new IllegalArgumentException("give --dp-epsilon (a target) or --dp-noise (a noise multiplier), not both");
        }
        if (epsilon == null && noise == null) {
            return null;
        }
        TrainerConfig.Privacy p = epsilon != null ? TrainerConfig.Privacy.targetEpsilon(epsilon, delta, clip)
                : TrainerConfig.Privacy.noiseMultiplier(noise, delta, clip);
        return p.withSampling(shuffled ? TrainerConfig.Sampling.SHUFFLED : TrainerConfig.Sampling.POISSON)
                .withDropout(dropout);
    }
}
