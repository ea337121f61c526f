package dev.fairtune.train;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The provenance of a training run: what was trained on what, how, when, with which library
 * versions. The trainer makes one per run; it is the head of the {@link TrainingHistory}, is
 * written as {@value #FILE} beside every model folder saved through {@link
 * TrainingResult#saveModel}, and is what a report's provenance and runs are built from.
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
 * @param frozen the parameters frozen at the first step, in words ({@link Layers#describeFrozen})
 * @param versions library and runtime versions (Java, DJL, engine)
 * @param started when training began (ISO-8601, UTC, whole seconds)
 * @param finished when it ended, in the same form; null while it runs
 */
public record TrainingProvenance(
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
        String frozen,
        List<String> versions,
        String started,
        String finished) {

    /** The file name of the provenance beside a saved model: {@value}. */
    public static final String FILE = "provenance.json";

    /** Copies the lists. */
    public TrainingProvenance {
        labels = List.copyOf(labels);
        groups = List.copyOf(groups);
        penalties = List.copyOf(penalties);
        versions = List.copyOf(versions);
    }

    /** Now, in the form of {@link #started} and {@link #finished}. */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** This provenance with another start time (a resumed run keeps its first start). */
    TrainingProvenance startedAt(String time) {
        return new TrainingProvenance(model, labels, train, trainFingerprint, trainSize, validation,
                validationFingerprint, validationSize, attribute, groups, reference, penalties, target, monitored,
                config, frozen, versions, time, finished);
    }

    /** This provenance with the end time set to now. */
    TrainingProvenance finishedNow() {
        return new TrainingProvenance(model, labels, train, trainFingerprint, trainSize, validation,
                validationFingerprint, validationSize, attribute, groups, reference, penalties, target, monitored,
                config, frozen, versions, started, now());
    }

    /**
     * The settings in one sentence, for reports: epochs, batch size (and whether batches are
     * length-bucketed), learning rate and schedule, maximum length, what was frozen and the seed.
     */
    public String describeSetup() {
        TrainerConfig.Schedule s = config.schedule();
        String length = s.maxSteps() > 0 ? s.maxSteps() + " steps" : s.epochs() + (s.epochs() == 1 ? " epoch" : " epochs");
        String rate = new BigDecimal(Double.toString(config.optimizer().learningRate())).stripTrailingZeros()
                .toPlainString();
        return String.format(Locale.ROOT, "%s, batch %d%s, AdamW learning rate %s with %slinear decay, max length %d "
                        + "tokens, %s%s, seed %d", length, config.batching().batchSize(),
                config.batching().lengthBuckets() ? " (length-bucketed)" : "", rate,
                s.warmupSteps() > 0 ? s.warmupSteps() + " warm-up steps and " : "", config.batching().maxLength(), frozen,
                s.unfreezeEverySteps() > 0 ? " (one more layer group unfrozen every " + s.unfreezeEverySteps()
                        + " steps)" : "", config.seed());
    }

    /**
     * Reads a provenance written by {@link TrainingResult#saveModel}.
     *
     * @throws IOException when the file cannot be read or holds no provenance (the message names it)
     */
    public static TrainingProvenance read(Path file) throws IOException {
        try {
            return Json.MAPPER.readValue(file.toFile(), TrainingProvenance.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a readable training provenance (" + e.getMessage() + ")", e);
        }
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
