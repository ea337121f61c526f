package dev.fairtune.cli;

import dev.fairtune.data.DatasetSplits;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The data of the commands that fine-tune ({@code train}, {@code sweep}): the training file, the
 * optional validation and test files, and their columns ({@link TextDataOptions}).
 */
final class SplitFilesOptions {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "Training data: .csv, .tsv or .jsonl with text, label and group columns.")
    Path input;

    @Option(names = "--validation", paramLabel = "FILE", description = "Validation data (default: 10%% of --input).")
    Path validation;

    @Option(names = "--test", paramLabel = "FILE", description = "Test data for the report (default: 10%% of --input).")
    Path test;

    @Mixin
    TextDataOptions data;

    /** The three splits ({@link TextDataOptions#readSplits}): files as given, the rest cut from --input. */
    DatasetSplits read(long seed, PrintWriter out) {
        return data.readSplits(input, validation, test, seed, out);
    }
}
