package dev.fairtune.sweep;

import dev.fairtune.fairness.MetricSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.RateGapPenalty;
import dev.fairtune.train.SelectionObjective;
import dev.fairtune.train.TinyModels;
import dev.fairtune.train.TrainerConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sweep on a tiny random BERT: a plain run and a rate-gap penalty at a small and a huge weight.
 * The huge weight collapses the model to one class (every gap 0); the sweep reports it collapsed and
 * never chooses it. A crashed sweep resumes with its finished runs kept, and the run trained again
 * from the same starting weights gives the same point.
 */
class SweepTest {

    static final DatasetSplits DATA = DemoDataset.generate(11, 96, 48, 48);
    static final MetricSpec METRIC = MetricSpec.of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE);

    @TempDir
    Path dir;

    private SweepResult sweep(PrintStream out) throws IOException {
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 8)) {
            BertClassifier c = TinyModels.classifier(model, DemoDataset.LABELS, 8);
            TrainerConfig config = TrainerConfig.builder().optBatchSize(16).optLearningRate(3e-3).optMaxLength(40)
                    .optEvalBatchSize(64).optSeed(5).optEpochs(4).optEvaluateEverySteps(2).optRestoreBest(true).build();
            return Sweep.builder().setModel(model).setClassifier(c).setConfig(config).setMetric(METRIC)
                    .setRule(new SweepRule.BestUnderBound(SelectionObjective.Primary.AUC, 1.0))
                    .setDirectory(dir)
                    .addPenalty(() -> RateGapPenalty.of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE), List.of(0.3, 1000.0))
                    .optRunCheckpoints(false)
                    .optProgressBar(out)
                    .build()
                    .run(DATA.train(), DATA.validation(), DATA.test());
        }
    }

    @Test
    void aHugeWeightCollapsesTheModelWhichIsReportedAndNeverChosenAndTheSweepResumes() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepResult r = sweep(new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(3, r.points().size());
        SweepPoint huge = r.points().get(2);
        assertEquals("demographic_parity_difference x 1000.0", huge.name());
        assertTrue(huge.collapsed(), "lambda 1000 drives every prediction to one class");
        assertEquals(0, huge.distance(), 1e-12, "so its gap is a 'perfect' 0");
        assertTrue(text.contains("run 3/3 demographic_parity_difference x 1000.0: COLLAPSED, predicts"), text);
        assertEquals(List.of(huge), r.collapsed(), r.points().toString());
        assertFalse(r.choice().frontier().contains(huge));
        SweepPoint chosen = r.choice().chosen();
        assertNotEquals(huge, chosen, "within a bound of 1 every run qualifies; the collapsed one is still excluded");
        assertFalse(chosen.collapsed());
        assertTrue(r.chosenTest().isPresent(), "the chosen model is scored on the test set");
        assertEquals(DATA.test().size(), r.chosenTest().get().scores().length);
        assertTrue(text.contains("run 1/3 train"), "each run's progress is labelled with its place in the sweep");

        // a crash after run 2 finished: its point is kept, run 3 trains again from the same start
        Path third = r.directory().resolve("runs").resolve("02-demographic_parity_difference-x-1000.0");
        Files.delete(third.resolve(Sweep.POINT));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        SweepResult resumed = sweep(new PrintStream(again, true, StandardCharsets.UTF_8));
        String text2 = again.toString(StandardCharsets.UTF_8);
        assertTrue(text2.contains("run 1/3 plain: finished earlier, kept"), text2);
        assertTrue(text2.contains("run 2/3 demographic_parity_difference x 0.3: finished earlier, kept"), text2);
        assertFalse(text2.contains("run 2/3 train"), "a finished run is not trained again");
        assertEquals(r.points(), resumed.points(), "the retrained run starts from the same weights and seed");
        assertEquals(r.choice().chosen(), resumed.choice().chosen());

        // another grid in the same folder is refused
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 8)) {
            BertClassifier c = TinyModels.classifier(model, DemoDataset.LABELS, 8);
            Sweep other = Sweep.builder().setModel(model).setClassifier(c).setConfig(TrainerConfig.builder().build())
                    .setMetric(METRIC).setRule(new SweepRule.Knee(SelectionObjective.Primary.AUC)).setDirectory(dir)
                    .build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> other.run(DATA.train(), DATA.validation(), null));
            assertTrue(e.getMessage().contains("holds a sweep with another grid"), e.getMessage());
        }
    }
}
