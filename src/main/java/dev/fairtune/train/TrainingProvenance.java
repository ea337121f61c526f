package dev.fairtune.train;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * @param privacy the DP-SGD settings and the privacy spent; null for a non-private run
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
        String finished,
        PrivacyInfo privacy) {

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
                config, frozen, versions, time, finished, privacy);
    }

    /** This provenance with the end time set to now. */
    TrainingProvenance finishedNow() {
        return new TrainingProvenance(model, labels, train, trainFingerprint, trainSize, validation,
                validationFingerprint, validationSize, attribute, groups, reference, penalties, target, monitored,
                config, frozen, versions, started, now(), privacy);
    }

    /** This provenance with the privacy spent after {@code steps} steps (no change for a non-private run). */
    TrainingProvenance withPrivacySpent(long steps, double epsilon) {
        if (privacy == null) {
            return this;
        }
        PrivacyInfo p = privacy;
        return new TrainingProvenance(model, labels, train, trainFingerprint, trainSize, validation,
                validationFingerprint, validationSize, attribute, groups, reference, penalties, target, monitored,
                config, frozen, versions, started, finished, new PrivacyInfo(p.delta(), p.samplingRate(),
                        p.noiseMultiplier(), p.clipNorm(), p.sampling(), p.plannedSteps(), p.plannedEpsilon(), steps,
                        epsilon, p.conversion(), p.penalties()));
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

    /**
     * A DP-SGD run's privacy ({@link DpSgd}, docs/privacy.md).
     *
     * @param delta the delta of every epsilon here
     * @param samplingRate q, the probability that a row joins a step's batch ({@code batchSize / N})
     * @param noiseMultiplier sigma: the noise's standard deviation is {@code sigma * clipNorm}
     * @param clipNorm C, the per-example gradient norm bound
     * @param sampling how batches were drawn ({@link TrainerConfig.Sampling})
     * @param plannedSteps the steps the run was set up for (sigma was chosen for them)
     * @param plannedEpsilon the epsilon after the planned steps
     * @param steps the steps taken
     * @param epsilon the epsilon after the steps taken (Rényi accountant, {@link
     *     dev.fairtune.privacy.RdpAccountant})
     * @param conversion the Rényi-to-(epsilon, delta) conversion used
     * @param penalties fairness penalties in the loss; when not empty the epsilon is nominal (the
     *     penalty couples the examples of a batch, see {@link #proven()})
     */
    public record PrivacyInfo(double delta, double samplingRate, double noiseMultiplier, double clipNorm,
            TrainerConfig.Sampling sampling, long plannedSteps, double plannedEpsilon, long steps, double epsilon,
            String conversion, List<String> penalties) {

        /** Copies the list. */
        public PrivacyInfo {
            penalties = List.copyOf(penalties);
        }

        /**
         * Whether epsilon is a proven bound: only with Poisson sampling and no fairness penalty (a
         * penalty's batch statistics couple the examples, so one example's removal changes the
         * others' clipped contributions too, and the sensitivity C no longer bounds the sum).
         */
        public boolean proven() {
            return sampling == TrainerConfig.Sampling.POISSON && penalties.isEmpty();
        }

        /** The guarantee in one sentence, with every figure and its caveat. */
        public String describe() {
            String figures = "(epsilon " + sig(epsilon, 3) + ", delta " + sig(delta, 3) + ")-DP per training example after "
                    + steps + " DP-SGD steps (sampling rate q " + sig(samplingRate, 4) + ", noise multiplier sigma "
                    + sig(noiseMultiplier, 4) + ", clip norm C " + sig(clipNorm, 3) + "; Renyi accountant, " + conversion
                    + " conversion)";
            if (proven()) {
                return figures;
            }
            List<String> why = new ArrayList<>();
            if (sampling != TrainerConfig.Sampling.POISSON) {
                why.add("batches were shuffled fixed-size ones, not the Poisson batches the accountant assumes");
            }
            if (!penalties.isEmpty()) {
                why.add("the fairness penalties " + penalties + " couple the examples of a batch, so per-example "
                        + "clipping does not bound one example's influence");
            }
            return "nominal " + figures + ", NOT a proven guarantee: " + String.join("; ", why);
        }

        private static String sig(double v, int digits) {
            return Double.isFinite(v) ? new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString()
                    : Double.toString(v);
        }
    }
}
