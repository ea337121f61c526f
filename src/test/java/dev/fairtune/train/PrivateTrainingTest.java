package dev.fairtune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.RateGapPenalty;
import dev.fairtune.privacy.RdpAccountant;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A DP-SGD fit on a tiny model: the accountant's epsilon per epoch, in the provenance, the caveats. */
class PrivateTrainingTest {

    @Test
    void aPrivateFitSpendsTheTargetEpsilonAndRecordsItPerEpoch() throws Exception {
        // 96 rows, batch 16: q = 1/6, 6 Poisson batches per epoch, 12 steps in 2 epochs; sigma found for epsilon 4
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 3)) {
            BertClassifier c = TinyModels.classifier(model, FairTrainerTest.LABELS, 3);
            TrainerConfig config = FairTrainerTest.quick().optEpochs(2).optRestoreBest(false)
                    .optPrivacy(TrainerConfig.Privacy.targetEpsilon(4, 1e-5, 1.0)).build();
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            TrainingResult r = FairTrainer.builder().setModel(model).setClassifier(c).setConfig(config)
                    .optFreezing(Freezing.embeddings())
                    .optProgressBar(new PrintStream(progress, true, StandardCharsets.UTF_8))
                    .build().fit(FairTrainerTest.SMALL.train(), FairTrainerTest.SMALL.validation());
            TrainingProvenance.PrivacyInfo p = r.history().provenance().privacy();
            assertEquals(1.0 / 6, p.samplingRate(), 1e-12);
            assertEquals(12, p.plannedSteps());
            assertEquals(12, p.steps());
            assertTrue(p.epsilon() <= 4 && p.epsilon() >= 0.99 * 4, "epsilon spent " + p.epsilon());
            assertEquals(RdpAccountant.guarantee(1.0 / 6, p.noiseMultiplier(), 12, 1e-5).epsilon(), p.epsilon(), 1e-12);
            assertTrue(p.proven());
            List<EpochRecord> epochs = r.history().epochs();
            assertEquals(2, epochs.size());
            assertEquals(RdpAccountant.guarantee(1.0 / 6, p.noiseMultiplier(), 6, 1e-5).epsilon(), epochs.get(0).epsilon(),
                    1e-12, "epoch 0 ends after 6 steps");
            assertEquals(p.epsilon(), epochs.get(1).epsilon(), 1e-12);
            String out = progress.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("epsilon "), "the progress lines show the privacy spent: " + out);
            assertTrue(p.describe().startsWith("(epsilon 3.9") || p.describe().startsWith("(epsilon 4,"), p.describe());
            r.history().batches().forEach(b -> assertTrue(Double.isFinite(b.loss())));
        }
    }

    @Test
    void aPenaltyMakesTheEpsilonNominalAndStatesWhy() throws Exception {
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 3)) {
            BertClassifier c = TinyModels.classifier(model, FairTrainerTest.LABELS, 3);
            TrainerConfig config = FairTrainerTest.quick().optEpochs(1).optRestoreBest(false)
                    .optPrivacy(TrainerConfig.Privacy.noiseMultiplier(1.0, 1e-5, 1.0)
                            .withSampling(TrainerConfig.Sampling.SHUFFLED)).build();
            TrainingResult r = FairTrainer.builder().setModel(model).setClassifier(c).setConfig(config)
                    .optFreezing(Freezing.embeddings())
                    .addPenalty(RateGapPenalty.of(FairnessMetric.FPR_GAP), 1.0)
                    .build().fit(FairTrainerTest.SMALL.train(), FairTrainerTest.SMALL.validation());
            TrainingProvenance.PrivacyInfo p = r.history().provenance().privacy();
            assertFalse(p.proven());
            assertTrue(p.describe().startsWith("nominal"), p.describe());
            assertTrue(p.describe().contains("shuffled") && p.describe().contains("couple the examples"), p.describe());
            assertEquals(List.of(16, 16, 16, 16, 16, 16), r.history().batches().stream().map(BatchRecord::rows).toList(),
                    "shuffled sampling keeps fixed-size batches");
        }
    }

    @Test
    void settingsDpSgdCannotHonourAreRefused() throws Exception {
        TrainerConfig.Privacy dp = TrainerConfig.Privacy.targetEpsilon(8, 1e-5, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainerConfig.builder().optGradientAccumulation(2).optPrivacy(dp).build());
        assertTrue(e.getMessage().contains("gradient accumulation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder()
                .optBatchOrder(TrainerConfig.BatchOrder.BALANCED).optPrivacy(dp).build());
        assertTrue(e.getMessage().contains("batch order"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainerConfig.Privacy(8, 1, 1e-5, 1, TrainerConfig.Sampling.POISSON, false));
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 3)) {
            BertClassifier c = TinyModels.classifier(model, FairTrainerTest.LABELS, 3);
            FairTrainer t = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(FairTrainerTest.quick().optEpochs(1).optPrivacy(dp).build()).build();
            IllegalStateException frozen = assertThrows(IllegalStateException.class,
                    () -> t.fit(FairTrainerTest.SMALL.train(), FairTrainerTest.SMALL.validation()));
            assertTrue(frozen.getMessage().contains("Freezing.embeddings()"), frozen.getMessage());
        }
    }
}
