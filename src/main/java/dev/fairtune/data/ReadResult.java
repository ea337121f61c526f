package dev.fairtune.data;

import java.util.List;

/**
 * A data set read from a file, with the rows that were skipped on the way (malformed records and,
 * when asked, rows with an unknown label or a missing value).
 *
 * @param dataset the data set
 * @param skippedRows how many rows were skipped in all
 * @param skipped the first skipped rows with their lines and reasons, ordered by line
 */
public record ReadResult(TextDataset dataset, int skippedRows, List<SkippedRow> skipped) {
    /** Copies the list. */
    public ReadResult {
        skipped = List.copyOf(skipped);
    }
}
