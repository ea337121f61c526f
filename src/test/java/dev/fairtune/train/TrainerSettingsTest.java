package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.Value;
import dev.fairtune.penalty.RateGapPenalty;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

/** Settings, the Lagrangian target's arithmetic, tracked metrics, objectives and layer depths, by hand. */
class TrainerSettingsTest {

    @Test
    void configDefaultsFollowHuggingFaceAndBadValuesAreNamed() {
        TrainerConfig c = TrainerConfig.builder().build();
        assertEquals(5e-5, c.optimizer().learningRate());
        assertEquals(3, c.schedule().epochs());
        assertEquals(8, c.batching().batchSize());
        assertEquals(1, c.batching().gradientAccumulation());
        assertEquals(42, c.seed());
        assertEquals(1.0, c.optimizer().maxGradNorm());
        assertEquals(1.0, c.optimizer().layerwiseDecay());
        assertEquals(TrainerConfig.BatchOrder.SHUFFLED, c.batching().order());
        assertTrue(c.evaluation().restoreBest() && c.evaluation().batchMonitoring());
        assertEquals(c, c.toBuilder().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainerConfig.builder().optGradientAccumulation(0).build());
        assertTrue(e.getMessage().contains("gradient accumulation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().optLayerwiseDecay(1.5).build());
        assertTrue(e.getMessage().contains("layer-wise decay"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().optLearningRate(0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().optEarlyStopping(-1, 0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().optMaxSteps(-1).build());
    }

    @Test
    void eachRunsSettingsFollowItsKindNotTheOtherRunsOfTheJob() {
        TrainerConfig base = TrainerConfig.builder().optBatchSize(16).optRestoreBest(true).build();
        TrainerConfig penalty = base.forRun(false, 160);
        assertFalse(penalty.evaluation().restoreBest(), "a fixed-weight run keeps its last weights");
        assertEquals(0, penalty.evaluation().everySteps());
        TrainerConfig target = base.forRun(true, 160);
        assertTrue(target.evaluation().restoreBest(), "a target run keeps its best feasible evaluation");
        assertEquals(2, target.evaluation().everySteps(), "10 steps an epoch, evaluated four times: every 2 steps");
        TrainerConfig set = base.toBuilder().optEvaluateEverySteps(7).build().forRun(true, 160);
        assertEquals(7, set.evaluation().everySteps(), "an interval the user set is kept");
    }

    @Test
    void dualAscentMovesLambdaByStepSizeTimesViolation() {
        LagrangianTarget t = LagrangianTarget.builder()
                .setMetric(MetricSpec.of(FairnessMetric.FPR_GAP))
                .setBound(0.02)
                .optDualStepSize(10)
                .optMaxLambda(2)
                .build();
        assertEquals("|fpr_gap| <= 0.02", t.toString());
        assertEquals("fpr_gap", t.surrogate().name(), "default surrogate: the soft FPR gap");
        // gap 0.10: violation 0.08, lambda 0 -> 0.8 -> 1.6 -> 2 (capped)
        assertEquals(0.08, t.violation(Value.of(0.10)), 1e-12);
        assertFalse(t.isMet(Value.of(0.10)));
        assertEquals(0.8, t.update(0, Value.of(0.10)), 1e-12);
        assertEquals(1.6, t.update(0.8, Value.of(0.10)), 1e-12);
        assertEquals(2.0, t.update(1.6, Value.of(0.10)), 1e-12);
        // gap 0.01: met, violation -0.01, lambda 0.8 -> 0.7; never below 0
        assertTrue(t.isMet(Value.of(0.01)));
        assertEquals(0.7, t.update(0.8, Value.of(0.01)), 1e-12);
        assertEquals(0.0, t.update(0.05, Value.of(0.0)), 1e-12);
        // undefined: lambda stays, not met
        Value undefined = Value.undefined(Reason.NO_NEGATIVE_LABELS, "B");
        assertEquals(0.8, t.update(0.8, undefined));
        assertFalse(t.isMet(undefined));
        assertTrue(Double.isNaN(t.violation(undefined)));
    }

    @Test
    void signedAndRatioTargetsMeasureTheDistanceFromTheIdeal() {
        LagrangianTarget aod = LagrangianTarget.builder()
                .setMetric(MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE)).setBound(0.05).build();
        assertEquals(0.05, aod.violation(Value.of(-0.10)), 1e-12, "|-0.10| - 0.05");
        assertEquals("average_odds_difference", aod.surrogate().approximates().name().toLowerCase());
        // a ratio (ideal 1) has no built-in surrogate: the message says what to do
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LagrangianTarget.builder()
                .setMetric(MetricSpec.of(FairnessMetric.DISPARATE_IMPACT)).setBound(0.2).build());
        assertTrue(e.getMessage().contains("optSurrogate"), e.getMessage());
        LagrangianTarget di = LagrangianTarget.builder().setMetric(MetricSpec.of(FairnessMetric.DISPARATE_IMPACT))
                .setBound(0.2).optSurrogate(RateGapPenalty.of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE)).build();
        assertEquals(0.1, di.violation(Value.of(0.7)), 1e-12, "|0.7 - 1| - 0.2");
        assertThrows(IllegalArgumentException.class, () -> LagrangianTarget.builder()
                .setMetric(MetricSpec.of(FairnessMetric.FPR_GAP)).build(), "bound required");
    }

    @Test
    void trackedMetricsFindTheComparedGroup() {
        Groups g = Groups.of("absent", "present");
        GroupConfusion c = new GroupConfusion(g);
        // absent: TP 3 FP 1 TN 4 FN 2 (TPR 0.6, FPR 0.2); present: TP 1 FP 3 TN 3 FN 1 (TPR 0.5, FPR 0.5)
        add(c, 0, 3, 1, 4, 2);
        add(c, 1, 1, 3, 3, 1);
        assertEquals(0.1, MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE).compute(c, 0).value(), 1e-12);
        assertEquals(-0.1, MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE).compute(c, 1).value(), 1e-12);
        assertEquals(0.1, MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE, "present").compute(c, 0).value(), 1e-12);
        assertEquals(0.3, MetricSpec.of(FairnessMetric.FPR_GAP).compute(c, 0).value(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> MetricSpec.of(FairnessMetric.FPR_GAP, "present"));
        Groups three = Groups.of("a", "b", "c");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE).check(three, 0));
        assertTrue(e.getMessage().contains("name the compared group"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE, "a").check(three, 0), "reference itself");
        assertEquals("average_odds_difference(b)", MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE, "b").key());
    }

    private static void add(GroupConfusion c, int group, int tp, int fp, int tn, int fn) {
        for (int i = 0; i < tp; i++) {
            c.add(group, 1, 1);
        }
        for (int i = 0; i < fp; i++) {
            c.add(group, 0, 1);
        }
        for (int i = 0; i < tn; i++) {
            c.add(group, 0, 0);
        }
        for (int i = 0; i < fn; i++) {
            c.add(group, 1, 0);
        }
    }

    @Test
    void objectiveCombinesTaskScoreAndFairnessDistance() {
        SelectionObjective loss = SelectionObjective.of(SelectionObjective.Primary.NEGATIVE_LOSS);
        assertEquals(-0.3, loss.value(0.9, 0.8, 0.3, Double.NaN), 1e-12);
        SelectionObjective auc = SelectionObjective.combined(SelectionObjective.Primary.AUC,
                MetricSpec.of(FairnessMetric.FPR_GAP), 2);
        assertEquals(0.9 - 2 * 0.05, auc.value(0.9, 0.8, 0.3, 0.05), 1e-12);
        assertTrue(Double.isNaN(auc.value(Double.NaN, 0.8, 0.3, 0.05)));
        assertThrows(IllegalArgumentException.class,
                () -> new SelectionObjective(SelectionObjective.Primary.AUC, null, 1));
    }

    @Test
    void frozenParametersAreDescribedByDepth() {
        int layers = 3;
        List<String> all = List.of("bert.embeddings.word_embeddings.weight", "bert.embeddings.LayerNorm.bias",
                "bert.encoder.layer.0.output.dense.weight", "bert.encoder.layer.1.output.dense.weight",
                "bert.encoder.layer.2.output.dense.weight", "bert.pooler.dense.weight", "classifier.weight");
        assertEquals("all layers trained", Layers.describeFrozen(Set.of(), all, layers));
        assertEquals("embeddings frozen", Layers.describeFrozen(Set.copyOf(all.subList(0, 2)), all, layers));
        assertEquals("embeddings and layer 0 frozen", Layers.describeFrozen(Set.copyOf(all.subList(0, 3)), all, layers));
        assertEquals("embeddings and layers 0-1 frozen", Layers.describeFrozen(Set.copyOf(all.subList(0, 4)), all, layers));
        assertEquals("the encoder frozen", Layers.describeFrozen(Set.copyOf(all.subList(0, 6)), all, layers));
        assertEquals("1 of 7 parameter tensors frozen",
                Layers.describeFrozen(Set.of("bert.encoder.layer.1.output.dense.weight"), all, layers), "a gap");
        assertEquals("1 of 7 parameter tensors frozen", Layers.describeFrozen(Set.of(all.get(0)), all, layers),
                "half of the embeddings");
    }

    @Test
    void layerDepthsDriveDecayAndUnfreezing() {
        int layers = 2;
        assertEquals(0, Layers.depth("bert.embeddings.word_embeddings.weight", layers));
        assertEquals(1, Layers.depth("bert.encoder.layer.0.output.dense.weight", layers));
        assertEquals(2, Layers.depth("bert.encoder.layer.1.attention.self.query.bias", layers));
        assertEquals(3, Layers.depth("classifier.weight", layers));
        assertEquals(3, Layers.depth("bert.pooler.dense.weight", layers));
        assertEquals(3, Layers.depth("adversary0.01Linear_weight", layers));
        // decay 0.5: head 1, layer 1 0.5, layer 0 0.25, embeddings 0.125
        var scale = Layers.rateScale(0.5, layers);
        assertEquals(1.0, scale.applyAsDouble("classifier.bias"));
        assertEquals(0.5, scale.applyAsDouble("bert.encoder.layer.1.output.dense.weight"));
        assertEquals(0.25, scale.applyAsDouble("bert.encoder.layer.0.output.dense.weight"));
        assertEquals(0.125, scale.applyAsDouble("bert.embeddings.LayerNorm.weight"));
        // unfreezing every 10 steps: steps 0-9 head only, 10-19 + layer 1, 20-29 + layer 0, 30- all
        String emb = "bert.embeddings.word_embeddings.weight";
        String l0 = "bert.encoder.layer.0.output.dense.weight";
        String l1 = "bert.encoder.layer.1.output.dense.weight";
        assertFalse(Layers.frozenByUnfreezing("classifier.weight", layers, 0, 10));
        assertTrue(Layers.frozenByUnfreezing(l1, layers, 9, 10));
        assertFalse(Layers.frozenByUnfreezing(l1, layers, 10, 10));
        assertTrue(Layers.frozenByUnfreezing(l0, layers, 19, 10));
        assertFalse(Layers.frozenByUnfreezing(l0, layers, 20, 10));
        assertTrue(Layers.frozenByUnfreezing(emb, layers, 29, 10));
        assertFalse(Layers.frozenByUnfreezing(emb, layers, 30, 10));
        assertFalse(Layers.frozenByUnfreezing(emb, layers, 0, 0), "interval 0: off");
    }
}
