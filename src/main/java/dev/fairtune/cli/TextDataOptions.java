package dev.fairtune.cli;

import dev.fairtune.data.ColumnMapping;
import dev.fairtune.data.LabelMapping;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.ReadResult;
import dev.fairtune.data.Splits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.TableFormat;
import dev.fairtune.data.TableReadOptions;
import dev.fairtune.data.TextDatasetReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options that map a labelled text file onto a binary {@link dev.fairtune.data.TextDataset},
 * shared by {@code train} and {@code evaluate}. A label value that is neither a negative nor a
 * positive value is an error naming its line (or, with {@code --skip-bad-rows}, a skipped row).
 */
final class TextDataOptions {
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "File format when the extension does not say: ${COMPLETION-CANDIDATES}.")
    TableFormat format;

    @Option(names = "--text", paramLabel = "COLUMN", defaultValue = "text",
            description = "The text column (default: ${DEFAULT-VALUE}).")
    String text;

    @Option(names = "--pair", paramLabel = "COLUMN", description = "A second text column, for sentence pairs.")
    String pair;

    @Option(names = "--label", paramLabel = "COLUMN", defaultValue = "label",
            description = "The label column (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--negative-label", paramLabel = "VALUE", defaultValue = "0", split = ",",
            description = "Label value(s) of the negative class (default: ${DEFAULT-VALUE}).")
    List<String> negativeLabels;

    @Option(names = "--positive-label", paramLabel = "VALUE", defaultValue = "1", split = ",",
            description = "Label value(s) of the positive class (default: ${DEFAULT-VALUE}); any other value is an error.")
    List<String> positiveLabels;

    @Option(names = {"-g", "--group"}, paramLabel = "COLUMN", defaultValue = "group",
            description = "The group column (default: ${DEFAULT-VALUE}); it needs at least two values.")
    String group;

    @Option(names = "--reference", paramLabel = "GROUP",
            description = "The reference (privileged) group (default: the largest group).")
    String reference;

    @Option(names = "--weight", paramLabel = "COLUMN", description = "A sample weight column.")
    String weight;

    @Option(names = "--skip-bad-rows", description = "Skip and count bad rows (unknown label, blank text, "
            + "malformed record) instead of stopping.")
    boolean skipBadRows;

    @Option(names = "--max-field-chars", paramLabel = "N", defaultValue = "1000000",
            description = "The longest value a cell may hold, in characters; a longer one stops the read naming its "
                    + "line and column (default: ${DEFAULT-VALUE}).")
    int maxFieldChars;

    /**
     * The three splits of {@code train} and {@code sweep}: files as given, the rest cut from the
     * training file ({@link Splits#complete}, stratified by label and group, with {@code seed});
     * other files take the training file's reference group, so that group ids agree. Each file read
     * is reported on {@code out}.
     *
     * @param validation the validation file, or null
     * @param test the test file, or null
     */
    DatasetSplits readSplits(Path input, Path validation, Path test, long seed, PrintWriter out) {
        TextDataset all = readReported(input, reference, out);
        String trainReference = all.attributes().get(0).referenceName();
        TextDataset val = validation == null ? null : readReported(validation, trainReference, out);
        TextDataset tst = test == null ? null : readReported(test, trainReference, out);
        return Splits.complete(all, val, tst, seed);
    }

    private TextDataset readReported(Path file, String referenceGroup, PrintWriter out) {
        ReadResult r = read(file, referenceGroup);
        out.println("Read " + r.dataset().size() + " examples from " + file
                + (r.skippedRows() > 0 ? " (" + r.skippedRows() + " bad rows skipped)" : ""));
        out.flush();
        return r.dataset();
    }

    /**
     * Reads a file with these columns and labels.
     *
     * @throws dev.fairtune.data.DataException naming the file and line of the first problem
     */
    ReadResult read(Path file) {
        return read(file, reference);
    }

    /**
     * Reads a file with these columns and labels and the given reference group (a second file of a
     * data set takes the first file's, so that group ids agree).
     *
     * @param reference the reference group; null for the largest group
     * @throws dev.fairtune.data.DataException naming the file and line of the first problem
     */
    ReadResult read(Path file, String reference) {
        Set<String> neg = new LinkedHashSet<>(negativeLabels);
        Set<String> pos = new LinkedHashSet<>(positiveLabels);
        for (String v : pos) {
            if (neg.contains(v)) {
                throw new IllegalArgumentException("label value '" + v + "' is both negative and positive; "
                        + "check --negative-label and --positive-label");
            }
        }
        LabelMapping.Builder labels = LabelMapping.builder().setNames(String.join("/", neg), String.join("/", pos));
        neg.forEach(v -> labels.map(v, 0));
        pos.forEach(v -> labels.map(v, 1));
        ColumnMapping.Builder columns = ColumnMapping.builder().setText(text).setLabel(label);
        if (reference != null) {
            columns.optGroup(group, reference);
        } else {
            columns.optGroup(group);
        }
        if (pair != null) {
            columns.optPair(pair);
        }
        if (weight != null) {
            columns.optWeight(weight);
        }
        TableReadOptions.Builder table = TableReadOptions.builder().optSkipBadRows(skipBadRows)
                .optMaxFieldChars(maxFieldChars);
        if (format != null) {
            table.optFormat(format);
        }
        return TextDatasetReader.builder().setColumns(columns.build()).setLabels(labels.build())
                .optSkipBadRows(skipBadRows).build().read(file, table.build());
    }
}
