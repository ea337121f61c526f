package dev.fairtune.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared real data sets (property {@code fairtune.data} or env {@code FAIRTUNE_DATA}); skips the test when absent. */
final class RealData {

    private RealData() {}

    /** The file {@code relative} under the data folder; the calling test is skipped with a message when it is absent. */
    static Path file(String relative) {
        String folder = System.getProperty("fairtune.data");
        if (folder == null || folder.isBlank()) {
            folder = System.getenv("FAIRTUNE_DATA");
        }
        assumeTrue(folder != null && !folder.isBlank(),
                "real data sets not configured: set -Dfairtune.data=... or FAIRTUNE_DATA to run this test");
        Path file = Path.of(folder).resolve(relative);
        assumeTrue(Files.isRegularFile(file), "real data file absent, test skipped: " + file);
        return file;
    }

    static final String WIKI = "wiki_toxicity_identity/derived_wiki_toxicity_identity.csv";
    static final String REDDIT = "redditbias/derived_redditbias_annotated.csv";
}
