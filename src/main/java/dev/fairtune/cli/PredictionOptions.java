package dev.fairtune.cli;

import dev.fairtune.data.TableFormat;
import dev.fairtune.job.PredictionFile;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that describe a file of predictions a user already has, shared by {@code audit} and
 * {@code report}: parsed into the library's {@link PredictionFile}, which reads it.
 */
final class PredictionOptions {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "Predictions file: .csv, .tsv or .jsonl (or give --format).")
    Path input;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "File format when the extension does not say: ${COMPLETION-CANDIDATES}.")
    TableFormat format;

    @Option(names = "--label", required = true, paramLabel = "COLUMN", description = "The true label column.")
    String label;

    @Option(names = "--positive-label", paramLabel = "VALUE", defaultValue = "1", split = ",",
            description = "Label value(s) counted as positive (default: ${DEFAULT-VALUE}); every other value is negative.")
    List<String> positiveLabels;

    @Option(names = "--prediction", paramLabel = "COLUMN", description = "The predicted label column.")
    String prediction;

    @Option(names = "--positive-prediction", paramLabel = "VALUE", split = ",",
            description = "Prediction value(s) counted as positive (default: the positive labels).")
    List<String> positivePredictions;

    @Option(names = "--negative-prediction", paramLabel = "VALUE", split = ",",
            description = "Prediction value(s) counted as negative; every other value is positive.")
    List<String> negativePredictions;

    @Option(names = "--score", paramLabel = "COLUMN",
            description = "A score column (higher: more likely positive) for AUCs and calibration, and for "
                    + "predictions when --prediction is absent.")
    String score;

    @Option(names = "--threshold", paramLabel = "T",
            description = "Without --prediction, a score at or above T is a positive prediction (default 0.5).")
    Double threshold;

    @Option(names = {"-g", "--group"}, required = true, paramLabel = "COLUMN",
            description = "Group column; repeat for intersectional groups (cells named \"a & b\").")
    List<String> groupColumns;

    @Option(names = "--reference", paramLabel = "GROUP",
            description = "The reference (privileged) group of the signed metrics (group minus reference).")
    String reference;

    @Option(names = "--weight", paramLabel = "COLUMN", description = "Sample weight column.")
    String weight;

    @Option(names = "--skip-bad-rows", description = "Skip and count malformed rows instead of stopping.")
    boolean skipBadRows;

    @Option(names = "--max-field-chars", paramLabel = "N", defaultValue = "1000000",
            description = "The longest value a cell may hold, in characters; a longer one stops the read naming its "
                    + "line and column (default: ${DEFAULT-VALUE}).")
    int maxFieldChars;

    /** The options as the library's request. */
    PredictionFile file() {
        return PredictionFile.builder(input, label, groupColumns).optFormat(format).optPositiveLabels(positiveLabels)
                .optPrediction(prediction).optPositivePredictions(positivePredictions)
                .optNegativePredictions(negativePredictions).optScore(score).optThreshold(threshold)
                .optReference(reference).optWeight(weight).optSkipBadRows(skipBadRows).optMaxFieldChars(maxFieldChars)
                .build();
    }
}
