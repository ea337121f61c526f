package dev.fairtune.fairness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared data sets: system property {@code fairtune.data}, else env {@code FAIRTUNE_DATA}. */
final class DataSets {
    private DataSets() {
    }

    /** A file under the data folder; skips the test (with a message) when it is absent. */
    static Path file(String relative) {
        String root = System.getProperty("fairtune.data", System.getenv("FAIRTUNE_DATA"));
        assumeTrue(root != null, "no data folder: set -Dfairtune.data or FAIRTUNE_DATA to run " + relative);
        Path p = Path.of(root).resolve(relative);
        assumeTrue(Files.isRegularFile(p), "data set absent, test skipped: " + p);
        return p;
    }
}
