package dev.fairtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.BertConfig;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.PretrainedModel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The frozen-layer cache on a tiny 2-layer BERT with layer 0 frozen: without dropout, training with
 * the cache (each step and each validation pass runs layer 1 and the head on cached layer-0
 * outputs, padded with zeros) follows the uncached run step for step and evaluation for evaluation;
 * a cap of 0 bytes recomputes everything and gives the same run; a second run sharing the cache
 * computes nothing; a trainable lower layer is refused.
 */
class FrozenLayerCacheTest {

    static final DatasetSplits DATA = DemoDataset.generate(21, 64, 32, 16);
    static final BertConfig NO_DROPOUT = TinyModels.CONFIG.toBuilder().optHiddenDropout(0).optAttentionDropout(0)
            .optClassifierDropout(0).build();
    static final Freezing LOWER = Freezing.embeddings().or(Freezing.firstLayers(1));

    private record Run(List<BatchRecord> steps, List<EvaluationRecord> evaluations, Map<String, float[]> weights) {}

    private Run train(FrozenLayerCache cache) throws IOException {
        try (PretrainedModel model = TinyModels.model(NO_DROPOUT, 4)) {
            BertClassifier c = TinyModels.classifier(model, DemoDataset.LABELS, 4);
            FairTrainer.Builder b = FairTrainer.builder().setModel(model).setClassifier(c).setConfig(
                    FairTrainerTest.quick().optEpochs(2).optRestoreBest(false).build()).optFreezing(LOWER);
            if (cache != null) {
                b.optFrozenLayerCache(cache);
            }
            TrainingResult r = b.build().fit(DATA.train(), DATA.validation());
            if (cache != null) {
                assertTrue(r.history().provenance().frozen().contains("computed once per training and"
                        + " validation text without dropout and cached"), r.history().provenance().frozen());
            }
            return new Run(r.history().batches(), r.history().evaluations(), FairTrainerTest.weights(c, Map.of()));
        }
    }

    @Test
    void cachedStepsFollowTheUncachedRunAndTheCacheIsReusedAcrossEpochs() throws IOException {
        Run plain = train(null);
        FrozenLayerCache cache = FrozenLayerCache.of(1, FrozenLayerCache.DEFAULT_MAX_BYTES);
        Run cached = train(cache);
        assertEquals(64 + 32, cache.computed(), "each of the 64 training and 32 validation texts computed once");
        assertEquals(64 + 32, cache.reused(), "and served from the cache in the second epoch and its evaluation");
        assertEquals(0, cache.recomputed());
        Run again = train(cache);
        assertEquals(64 + 32, cache.computed(), "a second run on the same frozen weights computes nothing");
        assertEquals(96 + 2 * 96, cache.reused());
        assertEquals(cached.steps().get(3).loss(), again.steps().get(3).loss(), 0);
        FrozenLayerCache none = FrozenLayerCache.of(1, 0);
        Run uncapped = train(none);
        assertEquals(0, none.computed());
        assertEquals(2 * 96, none.recomputed(), "beyond the cap every use computes again");
        for (Run r : List.of(cached, uncapped)) {
            assertEquals(plain.steps().size(), r.steps().size());
            for (int i = 0; i < plain.steps().size(); i++) {
                assertEquals(plain.steps().get(i).loss(), r.steps().get(i).loss(), 1e-5, "loss of step " + (i + 1));
            }
            assertEquals(plain.evaluations().size(), r.evaluations().size());
            for (int i = 0; i < plain.evaluations().size(); i++) {
                EvaluationRecord p = plain.evaluations().get(i);
                EvaluationRecord e = r.evaluations().get(i);
                assertEquals(p.loss(), e.loss(), 1e-5, "validation loss of evaluation " + (i + 1));
                assertEquals(p.auc().value(), e.auc().value(), 1e-6, "validation AUC of evaluation " + (i + 1));
            }
            for (String n : plain.weights().keySet()) {
                assertArrayEquals(plain.weights().get(n), r.weights().get(n), 1e-4f, n);
            }
        }
    }

    @Test
    void aTrainableLowerLayerIsRefused() throws IOException {
        try (PretrainedModel model = TinyModels.model(NO_DROPOUT, 4)) {
            BertClassifier c = TinyModels.classifier(model, DemoDataset.LABELS, 4);
            FairTrainer t = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(FairTrainerTest.quick().optMaxSteps(1).build()).optFreezing(Freezing.embeddings())
                    .optFrozenLayerCache(FrozenLayerCache.of(1, 1 << 20)).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.fit(DATA.train(), DATA.validation()));
            assertTrue(e.getMessage().contains("bert.encoder.layer.0."), e.getMessage());
        }
    }
}
