package dev.fairtune.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example compiles against this build and runs from its main method with small settings (64
 * training examples, one epoch: two optimizer steps), so that each is checked end to end in
 * seconds; the printed lines show that each did what it says.
 */
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

    @Test
    void fineTuneWithPenalty() throws Exception {
        String printed = examples.run("FineTuneWithPenalty", "64", "1");
        assertTrue(printed.contains("EQUALIZED_ODDS_DIFFERENCE: "), printed);
        assertTrue(printed.contains("FPR absent: "), printed);
    }

    @Test
    void targetAGap() throws Exception {
        String printed = examples.run("TargetAGap", "64", "1");
        assertTrue(printed.contains("validation FPR gap"), printed);
        assertTrue(printed.contains("target met: "), printed);
        assertTrue(printed.contains("test FPR_GAP: "), printed);
    }

    @Test
    void customPenalty() throws Exception {
        String printed = examples.run("CustomPenalty", "64", "1");
        assertTrue(printed.contains("group_loss_gap"), "the penalty is part of the loss: " + printed);
        assertTrue(printed.contains("test EQUALIZED_ODDS_DIFFERENCE: "), printed);
    }

    @Test
    void postProcessThresholds() throws Exception {
        String printed = examples.run("PostProcessThresholds", "64", "1");
        assertTrue(printed.contains("absent: thresholds "), printed);
        assertTrue(printed.contains("present: thresholds "), printed);
        assertTrue(printed.contains("EQUALIZED_ODDS_DIFFERENCE before: "), printed);
    }
}
