package dev.fairtune.train;

import java.util.List;

/**
 * The provenance of a training run: what was trained on what, how, with which library versions.
 *
 * @param model where the encoder's weights came from
 * @param labels the class names
 * @param train the training set's name
 * @param trainFingerprint its SHA-256 fingerprint ({@link dev.fairtune.data.TextDataset#fingerprint()})
 * @param trainSize its number of rows
 * @param validation the validation set's name
 * @param validationFingerprint its fingerprint
 * @param validationSize its number of rows
 * @param attribute the group attribute whose ids travel with each batch
 * @param groups its group names in id order
 * @param reference the reference group of signed metrics
 * @param penalties each penalty and its starting weight
 * @param target the Lagrangian target, such as {@code "|fpr_gap| <= 0.02"}; null without one
 * @param monitored the metric shown per batch and per evaluation
 * @param config the settings
 * @param versions library and runtime versions (Java, DJL, engine)
 */
public record RunInfo(
        String model,
        List<String> labels,
        String train,
        String trainFingerprint,
        int trainSize,
        String validation,
        String validationFingerprint,
        int validationSize,
        String attribute,
        List<String> groups,
        String reference,
        List<PenaltyInfo> penalties,
        String target,
        String monitored,
        TrainerConfig config,
        List<String> versions) {

    /** Copies the lists. */
    public RunInfo {
        labels = List.copyOf(labels);
        groups = List.copyOf(groups);
        penalties = List.copyOf(penalties);
        versions = List.copyOf(versions);
    }

    /**
     * A penalty of the loss.
     *
     * @param name its name
     * @param approximates the metric it is a surrogate for
     * @param initialLambda its weight at the start
     * @param tuned whether the trainer tunes its weight (the target's surrogate)
     */
    public record PenaltyInfo(String name, String approximates, double initialLambda, boolean tuned) {}
}
