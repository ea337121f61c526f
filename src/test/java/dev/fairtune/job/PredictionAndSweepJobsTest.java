package dev.fairtune.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.DataException;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.fairness.Rate;
import dev.fairtune.model.BertEncoder;
import dev.fairtune.model.Checkpoint;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.Pooling;
import dev.fairtune.model.TestModels;
import dev.fairtune.penalty.RateGapPenalty;
import dev.fairtune.postprocess.FairnessConstraint;
import dev.fairtune.report.ReportWriter;
import dev.fairtune.sweep.Sweep;
import dev.fairtune.sweep.SweepPoint;
import dev.fairtune.sweep.SweepRule;
import dev.fairtune.train.SelectionObjective;
import dev.fairtune.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit, prediction-report and sweep jobs from Java, without the command line. */
class PredictionAndSweepJobsTest {
    @TempDir
    Path dir;

    /**
     * Group a: 2 negatives, one predicted positive (FPR 1/2); group b: 2 negatives, none predicted
     * positive (FPR 0); each group one positive, predicted positive (TPR 1).
     */
    private Path predictions() throws IOException {
        Path f = dir.resolve("p.csv");
        Files.writeString(f, """
                id,label,pred,score,group,twin
                r1,1,1,0.9,a,0.8
                r2,0,1,0.7,a,
                r3,0,0,0.2,a,0.1
                r4,1,1,0.8,b,0.8
                r5,0,0,0.3,b,
                r6,0,0,0.1,b,0.4
                """);
        return f;
    }

    @Test
    void auditJobMeasuresTheFileAsRead() throws IOException {
        PredictionFile file = PredictionFile.builder(predictions(), "label", List.of("group")).optPrediction("pred")
                .optScore("score").optReference("b").build();
        AuditJob.Audit audit = AuditJob.builder(file).optMinGroupSize(1).optBootstrap(50, 3, "id").build().run();

        assertEquals(6, audit.input().rows());
        assertEquals(0.5, audit.frame().group("a").get(Rate.FPR).value(), 1e-12);
        assertEquals(0.0, audit.frame().group("b").get(Rate.FPR).value(), 1e-12);
        assertEquals(0.5, audit.frame().metric(FairnessMetric.FPR_GAP).value(), 1e-12);
        assertNotNull(audit.bootstrap());
        assertEquals("id", audit.json().bootstrap().key());
        assertNull(AuditJob.builder(file).build().run().bootstrap(), "no intervals unless asked for");
    }

    @Test
    void predictionFileRefusesContradictionsAndNamesWhatToDo() throws IOException {
        Path f = predictions();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictionFile.builder(f, "label", List.of("group")).build());
        assertTrue(e.getMessage().contains("optPrediction"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PredictionFile.builder(f, "label", List.of("group"))
                .optPrediction("pred").optThreshold(0.3).build());
        e = assertThrows(IllegalArgumentException.class, () -> PredictionFile.builder(f, "label", List.of("group"))
                .optScore("score").optReference("c").build().read());
        assertTrue(e.getMessage().contains("'c' is not a group") && e.getMessage().contains("[a, b]"), e.getMessage());
        DataException d = assertThrows(DataException.class, () -> PredictionFile.builder(f, "label", List.of("group"))
                .optScore("score").optPositiveLabels(List.of("yes")).build().read());
        assertTrue(d.getMessage().contains("optPositiveLabels"), d.getMessage());
    }

    @Test
    void predictionReportJobWritesTheReportWithTheCounterfactualPairs() throws IOException {
        PredictionFile file = PredictionFile.builder(predictions(), "label", List.of("group")).optScore("score")
                .optReference("b").build();
        Path out = dir.resolve("report");
        PredictionReportJob.Result r = PredictionReportJob.builder(file).optCounterfactualScore("twin").optSeed(2)
                .optReport(new ReportSettings(MetricSpec.of(FairnessMetric.FPR_GAP), 20, 0.9, 1)).build().run(out);

        assertEquals(6, r.rows());
        assertEquals(3, r.files().size());
        assertTrue(Files.isRegularFile(out.resolve(ReportWriter.JSON)));
        assertEquals(4, r.report().input().runs().get(0).counterfactual().size(), "the four rows with a twin score");
    }

    @Test
    void sweepJobChoosesOnValidationAndReportsTheChosenAndThePlainRun() throws IOException {
        ModelSource tiny = () -> new Checkpoint(TestModels.SMALL, BertEncoder.initialWeights(TestModels.SMALL, 3),
                TestModels.tokenizerJson(), List.of(), Pooling.CLS, "tiny");
        DatasetSplits data = DemoDataset.generate(11, 96, 48, 48);
        Sweep.Builder grid = Sweep.builder().setRule(new SweepRule.Knee(SelectionObjective.Primary.AUC))
                .addPenalty(() -> RateGapPenalty.of(FairnessMetric.FPR_GAP), List.of(1.0))
                .optPostProcessing(FairnessConstraint.EQUAL_OPPORTUNITY).optRunCheckpoints(false);
        Path out = dir.resolve("sweep");
        SweepJob.Result r = SweepJob.builder().setData(data).setGrid(grid).optModel(tiny, "tiny")
                .optTraining(TrainerConfig.builder().optEpochs(4).optBatchSize(16).optLearningRate(3e-3).optMaxLength(40)
                        .optEvalBatchSize(64).optSeed(5).build())
                .optReport(new ReportSettings(MetricSpec.of(FairnessMetric.FPR_GAP), 20, 0.9, 5)).setOutput(out)
                .build().run();

        assertEquals(List.of("plain", "fpr_gap x 1.0", "plain + group thresholds"),
                r.sweep().points().stream().map(SweepPoint::name).toList());
        SweepPoint chosen = r.sweep().choice().chosen();
        assertNotNull(chosen);
        List<String> reported = r.report().input().runs().stream().map(x -> x.name()).toList();
        assertEquals(chosen.name(), reported.get(0), "the chosen run is reported first");
        assertTrue(reported.contains("plain"), "with the plain run for comparison");
        assertTrue(Files.isRegularFile(out.resolve(ReportWriter.HTML)));
        assertEquals(chosen.kind() == SweepPoint.Kind.IN_PROCESSING, r.chosenModel() != null);
    }
}
