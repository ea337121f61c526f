package dev.fairtune.cli;

import java.util.List;

/**
 * Rewrites the "what to do next" part of the library's data messages, which name Java builder
 * methods, into the command line's options. Each library phrase is tested through the command line
 * ({@code BadInputTest}), so a change of wording in the library shows up there.
 */
final class CliMessages {
    private record Rewrite(String library, String cli) {
    }

    private static final List<Rewrite> REWRITES = List.of(
            new Rewrite("read with TableReadOptions.builder().optSkipBadRows(true)", "pass --skip-bad-rows"),
            new Rewrite("build the reader with optSkipBadRows(true)", "pass --skip-bad-rows"),
            new Rewrite("build the PredictionFile with optSkipBadRows(true)", "pass --skip-bad-rows"),
            new Rewrite("name the positive values with optPositiveLabels", "set --positive-label"),
            new Rewrite("name a prediction column (optPrediction), or a score column (optScore) with a threshold "
                    + "(optThreshold)", "give --prediction COLUMN, or --score COLUMN with --threshold"),
            new Rewrite("give positive prediction values (optPositivePredictions) or negative ones "
                    + "(optNegativePredictions), not both", "give --positive-prediction or --negative-prediction, not both"),
            new Rewrite("positive or negative prediction values need a prediction column (optPrediction)",
                    "--positive-prediction and --negative-prediction need --prediction"),
            new Rewrite("a threshold (optThreshold) applies to a score without a prediction column (optPrediction)",
                    "--threshold applies to --score without --prediction"),
            new Rewrite("the reference group '", "--reference '"),
            new Rewrite("a counterfactual score column needs the original texts' scores (PredictionFile.Builder.optScore)",
                    "--counterfactual-score needs --score (the original texts' scores)"),
            new Rewrite("name one of them with optClass", "name one of them with --class"),
            new Rewrite("the minimum group size must not be negative", "--min-group-size must not be negative"),
            new Rewrite("bootstrap replicates must not be negative", "--bootstrap must not be negative"),
            new Rewrite("add it to the LabelMapping", "list it in --negative-label or --positive-label"),
            new Rewrite("name the format with TableReadOptions.builder().optFormat(TableFormat.CSV)",
                    "give --format CSV, TSV or JSONL"),
            new Rewrite("set it with TableReadOptions.builder().optDelimiter(...)",
                    "save the file with commas (.csv) or tabs (.tsv)"),
            new Rewrite("no checkpoint was written (set FairTrainer.Builder.optCheckpointDirectory to keep one)",
                    "no checkpoint was written yet (checkpoints go to --checkpoint-dir, by default the run's folder, "
                            + "after each evaluation and every --checkpoint-every steps)"),
            new Rewrite("raise the limit with TableReadOptions.builder().optMaxFieldChars(n)",
                    "raise the limit with --max-field-chars N"),
            new Rewrite("resume it (Checkpoints.resume) to continue that run with the same data and settings, or remove "
                    + "the folder (or give another output or checkpoint folder)", "pass --resume to continue that run "
                    + "with the same data and options, or remove the folder (or give another --output or "
                    + "--checkpoint-dir)"),
            new Rewrite("build the trainer with optAllowSingleClass(true) to train anyway",
                    "pass --allow-single-class to train anyway"),
            new Rewrite(", or build the reader with optAllowSingleGroup(true) (for example for a file holding one "
                    + "group of a larger set)", ""));

    private CliMessages() {
    }

    /** The message with the library's Java advice replaced by command-line advice. */
    static String forCommandLine(String message) {
        String m = message;
        for (Rewrite r : REWRITES) {
            m = m.replace(r.library(), r.cli());
        }
        return m;
    }
}
