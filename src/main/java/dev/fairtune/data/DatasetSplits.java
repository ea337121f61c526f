package dev.fairtune.data;

import java.util.Objects;

/**
 * A train / validation / test split of one data set.
 *
 * @param train the examples to fit on
 * @param validation the examples to select models and stop on
 * @param test the held-out examples to report on
 */
public record DatasetSplits(TextDataset train, TextDataset validation, TextDataset test) {
    /** Checks that the three splits share labels and attributes. */
    public DatasetSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
        for (TextDataset other : new TextDataset[] {validation, test}) {
            if (!other.labelNames().equals(train.labelNames()) || !other.attributes().equals(train.attributes())) {
                throw new IllegalArgumentException("splits must share label names and attributes: " + train + " vs " + other);
            }
        }
    }
}
