package dev.fairtune.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example compiles against this build and runs from its main method with small settings. */
class ExamplesSmokeTest {
    @TempDir
    static Path dir;

    private static ExampleRunner examples;

    @BeforeAll
    static void compile() throws Exception {
        examples = ExampleRunner.compile(Files.createDirectories(dir.resolve("classes")));
    }

    @Test
    void measurePredictions() throws Exception {
        Path out = dir.resolve("measure");
        String printed = examples.run("MeasurePredictions", ExampleRunner.DATA.resolve("predictions.csv").toString(),
                out.toString());
        assertTrue(printed.contains("AVERAGE_ODDS_DIFFERENCE of B vs A: 0.1"), printed);
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertTrue(Files.isRegularFile(out.resolve("model-card.md")));
    }
}
