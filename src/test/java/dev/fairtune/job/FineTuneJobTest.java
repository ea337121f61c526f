package dev.fairtune.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.model.BertEncoder;
import dev.fairtune.model.Checkpoint;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.Pooling;
import dev.fairtune.model.TestModels;
import dev.fairtune.penalty.RateGapPenalty;
import dev.fairtune.postprocess.FairnessConstraint;
import dev.fairtune.postprocess.ThresholdPostProcessor;
import dev.fairtune.report.ReportWriter;
import dev.fairtune.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job from Java, without the command line: a tiny random BERT, two runs, the report, a saved model. */
class FineTuneJobTest {
    @TempDir
    Path dir;

    private static final ModelSource TINY = () -> new Checkpoint(TestModels.SMALL,
            BertEncoder.initialWeights(TestModels.SMALL, 3), TestModels.tokenizerJson(), List.of(), Pooling.CLS, "tiny");

    private static final DatasetSplits DATA = DemoDataset.generate(7, 64, 32, 32);

    private static FineTuneJob.Builder job(Path out) {
        return FineTuneJob.builder().setData(DATA).setOutput(out).optModel(TINY, "tiny")
                .optTraining(TrainerConfig.forCpu().optEpochs(1).optBatchSize(16).optMaxLength(16).optSeed(5).build())
                .optReport(new ReportSettings(MetricSpec.of(FairnessMetric.FPR_GAP), 20, 0.9, 5));
    }

    @Test
    void trainsEachRunScoresTheTestSplitAndWritesTheReport() throws IOException {
        Path out = dir.resolve("run");
        FineTuneJob.Result r = job(out).optPostProcess(FairnessConstraint.EQUAL_OPPORTUNITY).addRun(RunPlan.plain())
                .addRun(RunPlan.penalized("fpr gap", RateGapPenalty.of(FairnessMetric.FPR_GAP), 1)).build().run();

        assertEquals(List.of("plain", "fpr gap"), r.runs().stream().map(o -> o.plan().name()).toList());
        assertEquals(2, r.report().runs().size());
        for (String f : List.of(ReportWriter.JSON, ReportWriter.HTML, ReportWriter.MODEL_CARD)) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertFalse(Files.exists(out.resolve(OutputFolder.INCOMPLETE)), "a finished job is not marked incomplete");
        assertTrue(Files.isRegularFile(out.resolve("fpr-gap").resolve("history.json")));
        Path saved = out.resolve("fpr-gap").resolve("model");
        assertTrue(Files.isRegularFile(saved.resolve("config.json")));
        assertEquals(DATA.test().size(), r.runs().get(1).record().evaluation().size());

        assertTrue(r.runs().get(1).record().description().contains("group thresholds (EQUAL_OPPORTUNITY) fitted on the "
                + "validation split"));

        // The saved classifier with its saved thresholds, scored again by the evaluation job, gives
        // the scores and the decisions the job reported.
        Path rules = saved.resolve(ThresholdPostProcessor.FILE);
        assertTrue(Files.isRegularFile(rules));
        EvaluationJob.Result e = EvaluationJob.builder().setModel(ModelSource.directory(saved), "saved")
                .setData(DATA.test()).optMaxLength(16).optSeed(5).optPostProcessor(ThresholdPostProcessor.read(rules))
                .optReport(new ReportSettings(MetricSpec.of(FairnessMetric.FPR_GAP), 20, 0.9, 5)).build().run();
        assertArrayEquals(r.runs().get(1).record().evaluation().score(), e.observations().score(), 1e-6);
        assertArrayEquals(r.runs().get(1).record().evaluation().prediction(), e.observations().prediction());
        // The explanation job on the saved model: one explanation per text, for the named class.
        ExplainJob.Result x = ExplainJob.builder(ModelSource.directory(saved), "saved").optClass(DATA.test().labelNames().get(1))
                .optSettings(b -> b.optSteps(8).optMaxLength(16)).build().run(List.of("a text", "another text"));
        assertEquals(2, x.explanations().size());
        assertEquals(DATA.test().labelNames().get(1), x.explanations().get(0).targetLabel());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ExplainJob
                .builder(ModelSource.directory(saved), "saved").optClass("nosuch").build().run(List.of("a text")));
        assertTrue(unknown.getMessage().contains("'nosuch' is not one of the model's classes"), unknown.getMessage());
        Path csv = dir.resolve("p.csv");
        e.writePredictions(csv);
        assertEquals("row,label,group,score,prediction", Files.readAllLines(csv).get(0));
        assertEquals(DATA.test().size() + 1, Files.readAllLines(csv).size());
    }

    @Test
    void aRefusedJobLeavesNoTraceAndEarlierCheckpointsAreNotMixedIn() throws IOException {
        Path out = dir.resolve("refused");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> job(out)
                .optReport(new ReportSettings(MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE, "nobody"), 20, 0.9, 5))
                .addRun(RunPlan.plain()).build());
        assertTrue(e.getMessage().contains("'nobody'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> job(out).addRun(RunPlan.plain()).addRun(RunPlan.plain()).build(),
                "two runs of one name");

        Path stale = out.resolve("plain").resolve("checkpoints").resolve("checkpoint-3");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve(dev.fairtune.train.Checkpointer.STATE), "{}");
        e = assertThrows(IllegalArgumentException.class, () -> job(out).addRun(RunPlan.plain())
                .optCheckpoints(new FineTuneJob.Checkpoints(null, 0, false)).build().run());
        assertTrue(e.getMessage().contains("holds checkpoints of an earlier run"), e.getMessage());
        assertFalse(Files.exists(out.resolve(OutputFolder.INCOMPLETE)));
    }
}
