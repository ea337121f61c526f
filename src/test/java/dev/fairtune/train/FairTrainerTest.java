package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;

import dev.fairtune.fairness.Criterion;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.Example;
import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.BertConfig;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.model.SafetensorsReader;
import dev.fairtune.penalty.AdversarialPenalty;
import dev.fairtune.penalty.CustomPenaltyTest;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.penalty.PenaltyInput;
import dev.fairtune.penalty.RateGapPenalty;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trainer's mechanics on a tiny random BERT: resume after a crash ends bit-exactly where an
 * uninterrupted run ends, a NaN stops with the last good checkpoint, penalties stay finite with
 * missing groups, the multiplier follows dual ascent, listeners steer through the control,
 * gradient accumulation and gradual unfreezing do what they say.
 */
class FairTrainerTest {

    static final List<String> LABELS = DemoDataset.LABELS;

    @TempDir
    Path dir;

    /** Demo data small enough for a few steps. */
    static final DatasetSplits SMALL = DemoDataset.generate(11, 96, 48, 48);

    static TrainerConfig.Builder quick() {
        return TrainerConfig.builder().optBatchSize(16).optLearningRate(1e-3).optMaxLength(40).optEvalBatchSize(64)
                .optSeed(5);
    }

    static Map<String, float[]> weights(BertClassifier c, Map<String, Parameter> extra) {
        Map<String, float[]> out = new LinkedHashMap<>();
        c.namedParameters().forEach((n, p) -> out.put(n, p.getArray().toFloatArray()));
        extra.forEach((n, p) -> out.put(n, p.getArray().toFloatArray()));
        return out;
    }

    static Map<String, Parameter> adversaryParameters(AdversarialPenalty a) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        a.adversary().getParameters().forEach(p -> out.put(p.getKey(), p.getValue()));
        return out;
    }

    /** One run of the resume scenario: penalties, an adversary, a target, reweighing, stratified batches, accumulation, dropout. */
    private record Outcome(Map<String, float[]> weights, List<BatchRecord> batches, List<EvaluationRecord> evaluations) {}

    private Outcome resumeScenario(Path checkpoints, Path resumeFrom, long crashAtStep) throws IOException {
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 3)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 3);
            AdversarialPenalty adversary = AdversarialPenalty.builder().setNumClasses(2).setNumGroups(2).build();
            TrainerConfig config = quick()
                    .optEpochs(3)
                    .optGradientAccumulation(2)
                    .optEvaluateEverySteps(2)
                    .optCheckpointEverySteps(2)
                    .optBatchOrder(TrainerConfig.BatchOrder.STRATIFIED)
                    .optReweighing(true)
                    .optRestoreBest(false)
                    .build();
            FairTrainer.Builder b = FairTrainer.builder().setModel(model).setClassifier(c).setConfig(config)
                    .addPenalty(RateGapPenalty.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE), 1.0)
                    .addPenalty(adversary, 0.5)
                    .optTarget(LagrangianTarget.builder().setMetric(MetricSpec.of(FairnessMetric.FPR_GAP))
                            .setBound(0.01).optDualStepSize(5).build())
                    .optCheckpointDirectory(checkpoints);
            if (resumeFrom != null) {
                b.optResumeFrom(resumeFrom);
            }
            if (crashAtStep > 0) {
                b.addListener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(BatchRecord batch, TrainingState state, TrainingControl control) {
                        if (batch.step() == crashAtStep) {
                            throw new IllegalStateException("simulated crash");
                        }
                    }
                });
            }
            TrainingResult r = b.build().fit(SMALL.train(), SMALL.validation());
            return new Outcome(weights(c, adversaryParameters(adversary)), r.history().batches(), r.history().evaluations());
        }
    }

    @Test
    void resumingAfterACrashMidEpochEndsBitExactlyWhereAnUninterruptedRunEnds() throws IOException {
        // 96 rows, batch 16: 6 micro-batches, 3 steps of 2 per epoch, 9 steps in 3 epochs; checkpoints
        // every 2 steps; the crash after step 5 (in the middle of epoch 1) loses step 5.
        Outcome whole = resumeScenario(dir.resolve("a"), null, 0);
        assertEquals(9, whole.batches().size());
        Outcome again = resumeScenario(dir.resolve("b"), null, 0);
        assertWeightsEqual(whole.weights(), again.weights(), "same seed, same weights");

        Path crashed = dir.resolve("c");
        IllegalStateException crash = assertThrows(IllegalStateException.class, () -> resumeScenario(crashed, null, 5));
        assertEquals("simulated crash", crash.getMessage());
        assertEquals(4, Checkpointer.stepOf(Checkpointer.latest(crashed).orElseThrow()));
        Outcome resumed = resumeScenario(crashed, crashed, 0);

        assertEquals(whole.batches().size(), resumed.batches().size());
        for (int i = 0; i < whole.batches().size(); i++) {
            BatchRecord x = whole.batches().get(i);
            BatchRecord y = resumed.batches().get(i);
            assertEquals(x.loss(), y.loss(), "loss of step " + x.step());
            assertEquals(x.penalties(), y.penalties(), "penalties and lambdas of step " + x.step());
            assertEquals(x.runningAccuracy(), y.runningAccuracy(), "running accuracy of step " + x.step());
        }
        assertEquals(whole.evaluations().stream().map(EvaluationRecord::lambdas).toList(),
                resumed.evaluations().stream().map(EvaluationRecord::lambdas).toList());
        assertWeightsEqual(whole.weights(), resumed.weights(), "resumed vs uninterrupted");
        Map<String, float[]> adversary = new LinkedHashMap<>(whole.weights());
        adversary.keySet().removeIf(n -> n.startsWith("bert.") || n.startsWith("classifier."));
        assertFalse(adversary.isEmpty(), "the adversary's parameters are compared too");
    }

    static void assertWeightsEqual(Map<String, float[]> a, Map<String, float[]> b, String what) {
        assertEquals(a.keySet(), b.keySet());
        for (String n : a.keySet()) {
            assertArrayEquals(a.get(n), b.get(n), what + ": " + n);
        }
    }

    /** A user's penalty that becomes NaN on its {@code failAt}-th evaluation. */
    static final class FailingPenalty implements FairnessPenalty {
        private final int failAt;
        private int calls;

        FailingPenalty(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public String name() {
            return "fails_at_" + failAt;
        }

        @Override
        public Criterion approximates() {
            return Criterion.Other.UNSPECIFIED;
        }

        @Override
        public NDArray compute(PenaltyInput in) {
            NDArray mean = in.probabilities().mean();
            return ++calls == failAt ? mean.mul(Float.NaN) : mean.mul(0f);
        }
    }

    @Test
    void aNonFiniteLossStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint() throws IOException {
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 4)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 4);
            FairTrainer t = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().optEpochs(2).optCheckpointEverySteps(2).build())
                    .addPenalty(new FailingPenalty(5), 1.0)
                    .optCheckpointDirectory(dir)
                    .build();
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                    () -> t.fit(SMALL.train(), SMALL.validation()));
            assertTrue(e.getMessage().contains("training stopped at step 5"), e.getMessage());
            assertTrue(e.getMessage().contains("not finite"), e.getMessage());
            assertTrue(e.getMessage().contains("checkpoint-4"), e.getMessage());
            assertEquals(dir.resolve("checkpoint-4"), e.lastGoodCheckpoint().orElseThrow());
            assertEquals(4, e.history().batches().size());
            assertEquals(dir.resolve("checkpoint-4"), Checkpointer.latest(dir).orElseThrow(), "nothing written after the failure");
            // the update of step 5 was not applied: the model holds checkpoint-4's weights
            try (SafetensorsReader r = SafetensorsReader.open(
                    dir.resolve("checkpoint-4").resolve(Checkpointer.MODEL).resolve(Checkpointer.MODEL_WEIGHTS))) {
                for (Map.Entry<String, Parameter> p : c.namedParameters().entrySet()) {
                    assertArrayEquals(r.read(p.getKey()).toFloatArray(), p.getValue().getArray().toFloatArray(), p.getKey());
                }
            }
        }
    }

    /** A penalty whose value is 0 but whose gradient is NaN (sqrt at 0). */
    static final class NanGradientPenalty implements FairnessPenalty {
        int calls;

        @Override
        public String name() {
            return "nan_gradient";
        }

        @Override
        public Criterion approximates() {
            return Criterion.Other.UNSPECIFIED;
        }

        @Override
        public NDArray compute(PenaltyInput in) {
            NDArray zero = in.logits().sub(in.logits()).sum();
            calls++;
            return zero.sqrt();
        }
    }

    /**
     * Native memory stays flat: every array a step makes (inputs, activations, the penalties'
     * tensors, gradients' temporaries) is closed with the step's sub-manager, so the count of
     * arrays alive under the model's manager is the same after step 2 as after step 8, and a fit
     * leaves nothing behind (the optimizer state is closed at the end).
     */
    @Test
    void stepsLeaveNoArraysBehind() throws IOException {
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 17)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 17);
            AdversarialPenalty adversary = AdversarialPenalty.builder().setNumClasses(2).setNumGroups(2).build();
            adversary.initializeAdversary(model.manager(), DataType.FLOAT32); // its weights outlive the fit, as the head's do
            int before = model.manager().getManagedArrays().size();
            Map<Long, Integer> alive = new LinkedHashMap<>();
            FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().optMaxSteps(8).optGradientAccumulation(2).build())
                    .addPenalty(RateGapPenalty.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE), 1.0)
                    .addPenalty(adversary, 0.5)
                    .addListener(new TrainingListener() {
                        @Override
                        public void onBatchEnd(BatchRecord batch, TrainingState state, TrainingControl control) {
                            alive.put(state.step(), model.manager().getManagedArrays().size());
                        }
                    })
                    .build().fit(SMALL.train(), SMALL.validation());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), List.copyOf(alive.keySet()));
            assertEquals(alive.get(2L), alive.get(8L), "arrays alive after each step: " + alive);
            assertEquals(before, model.manager().getManagedArrays().size(), "arrays left after the fit");
        }
    }

    @Test
    void aFiniteLossWithANonFiniteGradientStopsAndNamesTheParameters() throws IOException {
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 13)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 13);
            NanGradientPenalty always = new NanGradientPenalty();
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> FairTrainer.builder()
                    .setModel(model).setClassifier(c).setConfig(quick().optMaxSteps(2).build()).addPenalty(always, 1.0)
                    .build().fit(SMALL.train(), SMALL.validation()));
            assertTrue(e.lossFinite());
            assertEquals(1, always.calls, "stopped at the first step, not recomputed");
            assertTrue(e.getMessage().contains("non-finite gradients in"), e.getMessage());
        }
    }

    @Test
    void aCustomPenaltyTrainsAndEveryPenaltyStaysFiniteWhenAGroupOrLabelIsMissing() throws IOException {
        // 64 rows, group 1 only in rows 0-3 (all positive), batches of 8 in a shuffled order: most
        // batches have no row of group 1, and every batch without group 1 rows has no positive of it.
        List<Example> rows = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            rows.add(Example.of((i % 2 == 0 ? "thanks for the helpful edit number " : "you are a clueless clown number ") + i,
                    i < 4 ? 1 : i % 2, i < 4 ? 1 : 0));
        }
        TextDataset data = new TextDataset("rare-group", LABELS, List.of(GroupAttribute.of("g", "common", "rare")), rows);
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 6)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 6);
            // The rare group has no negative at all: refused by default, naming the data set and counts ...
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> FairTrainer.builder().setModel(model).setClassifier(c)
                            .setConfig(quick().optBatchSize(8).optEpochs(2).build())
                            .addPenalty(RateGapPenalty.of(FairnessMetric.FPR_GAP), 1.0).build().fit(data, data));
            assertTrue(refused.getMessage().startsWith("rare-group: group 'rare' of 'g' has no example of class '"
                    + LABELS.get(0) + "' (label counts " + LABELS.get(0) + " 0, " + LABELS.get(1) + " 4)"),
                    refused.getMessage());
            // ... and trained when asked, which is what this test is about.
            TrainingResult r = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().optBatchSize(8).optEpochs(2).build())
                    .addPenalty(new CustomPenaltyTest.GroupLossGap(), 0.5)
                    .addPenalty(RateGapPenalty.of(FairnessMetric.TPR_GAP), 1.0)
                    .addPenalty(RateGapPenalty.of(FairnessMetric.FPR_GAP), 1.0)
                    .optAllowSingleClass(true)
                    .build()
                    .fit(data, data);
            List<BatchRecord> batches = r.history().batches();
            assertEquals(16, batches.size());
            int zero = 0;
            int positive = 0;
            for (BatchRecord b : batches) {
                assertTrue(Double.isFinite(b.loss()) && Double.isFinite(b.gradNorm()), b.toString());
                assertEquals(List.of("group_loss_gap", "tpr_gap", "fpr_gap"), b.penalties().stream().map(PenaltyRecord::name).toList());
                assertEquals(0.5, b.penalties().get(0).lambda());
                for (PenaltyRecord p : b.penalties()) {
                    assertTrue(Double.isFinite(p.value()) && p.value() >= 0, p.toString());
                }
                double gap = b.penalties().get(0).value();
                zero += gap == 0 ? 1 : 0;
                positive += gap > 0 ? 1 : 0;
                // the total is the cross-entropy plus the weighted penalties
                double total = b.taskLoss();
                for (PenaltyRecord p : b.penalties()) {
                    total += p.lambda() * p.value();
                }
                assertEquals(b.loss(), total, 1e-5);
            }
            assertTrue(zero > 0, "some batches miss the rare group: its gap is exactly 0 there");
            assertTrue(positive > 0, "batches with both groups have a gap");
            assertEquals(StopReason.COMPLETED, r.stopReason());
        }
    }

    @Test
    void theMultiplierFollowsDualAscentAndSelectionFollowsTheTarget() throws IOException {
        DatasetSplits d = DemoDataset.generate(12, 192, 96, 48);
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 7)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 7);
            LagrangianTarget target = LagrangianTarget.builder()
                    .setMetric(MetricSpec.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE)).setBound(0.05)
                    .optDualStepSize(8).optInitialLambda(0.1).build();
            TrainingResult r = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().optEpochs(2).optEvaluateEverySteps(3).build())
                    .addPenalty(RateGapPenalty.of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE), 0.2)
                    .optTarget(target)
                    .build()
                    .fit(d.train(), d.validation());
            List<EvaluationRecord> evals = r.history().evaluations();
            assertEquals(2 * 12 / 3, evals.size(), "every 3 of 12 steps per epoch, epoch ends included");
            assertEquals(0.1, evals.get(0).lambdas().get(1), "the target's surrogate starts at the initial lambda");
            for (int i = 0; i + 1 < evals.size(); i++) {
                EvaluationRecord e = evals.get(i);
                double expected = Math.min(100, Math.max(0, e.lambdas().get(1) + 8 * e.targetViolation()));
                assertEquals(expected, evals.get(i + 1).lambdas().get(1), 1e-12, "dual step after evaluation " + i);
                assertEquals(0.2, e.lambdas().get(0), "fixed penalties keep their weight");
                assertEquals(e.targetMet(), e.targetViolation() <= 0 && !e.collapsed(), "met: within the bound, not collapsed");
            }
            // this tiny model flips between predicting all negatives and all positives (accuracy 0.5):
            // its gaps are 0, yet no such evaluation may be selected or meet the target
            // (selection among real candidates: TrainerPartsTest)
            assertTrue(evals.stream().allMatch(EvaluationRecord::collapsed));
            assertTrue(r.best().isEmpty());
            assertEquals(Optional.of(false), r.targetMet());
            assertTrue(r.selection().startsWith("every evaluation predicted (nearly) one class"), r.selection());
            // the monitored metric defaults to the target's, on every evaluation and batch
            assertEquals("equalized_odds_difference", r.history().provenance().monitored());
            assertEquals("|equalized_odds_difference| <= 0.05", r.history().provenance().target());
            assertTrue(r.history().provenance().penalties().get(1).tuned());
        }
    }

    static double accuracy(Predictions p, TextDataset data) {
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            correct += p.classes()[i] == data.get(i).label() ? 1 : 0;
        }
        return (double) correct / data.size();
    }

    @Test
    void listenersSteerThroughTheControlAndSeeEveryStep() throws IOException {
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        List<String> events = new ArrayList<>();
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 8)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 8);
            TrainingResult r = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().optEpochs(3).build())
                    .optMonitoredMetric(MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE))
                    .optProgressBar(new PrintStream(bar, true, StandardCharsets.UTF_8))
                    .addListener(new TrainingListener() {
                        @Override
                        public void onStart(TrainingState state, TrainingControl control) {
                            events.add("start " + state.totalSteps());
                        }

                        @Override
                        public void onBatchEnd(BatchRecord batch, TrainingState state, TrainingControl control) {
                            events.add("batch " + batch.step());
                            assertNotNull(state.runningCounts().orElseThrow());
                            if (batch.step() == 2) {
                                control.requestEvaluation();
                            }
                            if (batch.step() == 3) {
                                control.requestStop("enough");
                            }
                        }

                        @Override
                        public void onEvaluation(EvaluationRecord evaluation, TrainingState state, TrainingControl control) {
                            events.add("evaluation " + evaluation.step());
                        }

                        @Override
                        public void onEnd(TrainingResult result) {
                            events.add("end " + result.stopReason());
                        }
                    })
                    .build()
                    .fit(SMALL.train(), SMALL.validation());
            assertEquals(List.of("start 18", "batch 1", "batch 2", "evaluation 2", "batch 3", "end REQUESTED"), events);
            assertEquals(StopReason.REQUESTED, r.stopReason());
            String shown = bar.toString(StandardCharsets.UTF_8);
            assertTrue(shown.contains("train") && shown.contains("loss") && shown.contains("average_odds_difference"), shown);
            // the history round-trips through JSON, undefined values included
            Path file = dir.resolve("history.json");
            r.history().write(file);
            TrainingHistory read = TrainingHistory.read(file);
            assertEquals(r.history().batches(), read.batches());
            assertEquals(r.history().provenance(), read.provenance());
            assertEquals(r.history().evaluations().get(0).frame().metrics(), read.evaluations().get(0).frame().metrics());
            assertEquals(r.history().evaluations().get(0).metric(), read.evaluations().get(0).metric());
            // the provenance: when, on what, how; and it travels with the saved model
            TrainingProvenance p = r.history().provenance();
            assertTrue(java.time.Instant.parse(p.started()).compareTo(java.time.Instant.parse(p.finished())) <= 0);
            assertEquals(SMALL.train().fingerprint(), p.trainFingerprint());
            assertEquals("all layers trained", p.frozen());
            assertTrue(p.describeSetup().startsWith("3 epochs, batch "), p.describeSetup());
            Path saved = dir.resolve("model");
            r.saveModel(model.tokenizerJson(), saved);
            assertEquals(p, TrainingProvenance.read(saved.resolve(TrainingProvenance.FILE)));
            assertTrue(java.nio.file.Files.exists(saved.resolve("model.safetensors")));
        }
    }

    @Test
    void restoreBestLoadsTheWeightsOfTheSelectedEvaluation() throws IOException {
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 8)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 8);
            TrainingResult r = FairTrainer.builder().setModel(model).setClassifier(c)
                    // the fixture's trajectory (best evaluation before the last) is that of the shuffled order
                    .setConfig(quick().optEpochs(4).optLearningRate(3e-3).optEvaluateEverySteps(2)
                            .optLengthBuckets(false).build())
                    .build()
                    .fit(SMALL.train(), SMALL.validation());
            List<EvaluationRecord> evals = r.history().evaluations();
            EvaluationRecord best = r.best().orElseThrow();
            assertFalse(best.collapsed());
            assertTrue(best.step() < evals.get(evals.size() - 1).step(), "an earlier evaluation than the last");
            double bestObjective = evals.stream().filter(e -> !e.collapsed()).mapToDouble(EvaluationRecord::objective)
                    .max().orElseThrow();
            assertEquals(bestObjective, best.objective(), "the best objective among the evaluations that did not collapse");
            FairTrainer again = FairTrainer.builder().setModel(model).setClassifier(c).setConfig(quick().build()).build();
            assertEquals(best.accuracy(), accuracy(again.predict(SMALL.validation()), SMALL.validation()), 1e-12,
                    "the model holds the best evaluation's weights");
        }
    }

    @Test
    void earlyStoppingEndsTheRunWhenTheObjectiveStalls() throws IOException {
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 9)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 9);
            TrainingResult r = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().optEpochs(3).optLearningRate(1e-9).optEvaluateEverySteps(1)
                            .optEarlyStopping(2, 1e-3).build())
                    .build()
                    .fit(SMALL.train(), SMALL.validation());
            assertEquals(StopReason.EARLY_STOPPING, r.stopReason());
            // the untrained tiny model predicts one class: no evaluation is an improvement or selectable
            assertTrue(r.history().evaluations().stream().allMatch(EvaluationRecord::collapsed));
            assertEquals(2, r.history().batches().size(), "no improvement at steps 1 and 2");
            assertTrue(r.best().isEmpty());
            assertTrue(r.selection().startsWith("every evaluation predicted (nearly) one class"), r.selection());
        }
    }

    @Test
    void gradientAccumulationMatchesOneLargerBatch() throws IOException {
        BertConfig noDropout = TinyModels.CONFIG.toBuilder().optHiddenDropout(0).optAttentionDropout(0)
                .optClassifierDropout(0).build();
        Map<String, float[]> large;
        List<BatchRecord> largeSteps;
        try (PretrainedModel model = TinyModels.model(noDropout, 10)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 10);
            TrainingResult r = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().optBatchSize(16).optMaxSteps(4).optRestoreBest(false).build()).build()
                    .fit(SMALL.train(), SMALL.validation());
            large = weights(c, Map.of());
            largeSteps = r.history().batches();
        }
        try (PretrainedModel model = TinyModels.model(noDropout, 10)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 10);
            TrainingResult r = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().optBatchSize(8).optGradientAccumulation(2).optMaxSteps(4).optRestoreBest(false).build())
                    .build()
                    .fit(SMALL.train(), SMALL.validation());
            assertEquals(StopReason.MAX_STEPS, r.stopReason());
            for (int i = 0; i < 4; i++) {
                assertEquals(largeSteps.get(i).loss(), r.history().batches().get(i).loss(), 1e-5, "loss of step " + (i + 1));
                assertEquals(16, r.history().batches().get(i).rows());
            }
            Map<String, float[]> accumulated = weights(c, Map.of());
            for (String n : large.keySet()) {
                assertArrayEquals(large.get(n), accumulated.get(n), 2e-5f, n);
            }
        }
    }

    @Test
    void gradualUnfreezingOpensOneLayerAtATimeFromTheTop() throws IOException {
        String emb = "bert.embeddings.word_embeddings.weight";
        String l0 = "bert.encoder.layer.0.output.dense.weight";
        String l1 = "bert.encoder.layer.1.output.dense.weight";
        String head = "classifier.weight";
        List<Map<String, float[]>> after = new ArrayList<>();
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 11)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 11);
            after.add(pick(c, emb, l0, l1, head));
            FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().optMaxSteps(8).optUnfreezeEverySteps(2).optLayerwiseDecay(0.8).optRestoreBest(false).build())
                    .addListener(new TrainingListener() {
                        @Override
                        public void onBatchEnd(BatchRecord batch, TrainingState state, TrainingControl control) {
                            if (batch.step() % 2 == 0) {
                                after.add(pick(c, emb, l0, l1, head));
                            }
                        }
                    })
                    .build()
                    .fit(SMALL.train(), SMALL.validation());
        }
        // steps 1-2: head only; 3-4: + layer 1; 5-6: + layer 0; 7-8: + embeddings
        String[][] changes = {{head}, {head, l1}, {head, l1, l0}, {head, l1, l0, emb}};
        for (int k = 0; k < 4; k++) {
            List<String> changed = List.of(changes[k]);
            for (String n : List.of(emb, l0, l1, head)) {
                boolean same = java.util.Arrays.equals(after.get(k).get(n), after.get(k + 1).get(n));
                assertEquals(!changed.contains(n), same, n + " during steps " + (2 * k + 1) + "-" + (2 * k + 2));
            }
        }
    }

    private static Map<String, float[]> pick(BertClassifier c, String... names) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, c.namedParameters().get(n).getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void badSetupsAreClearErrors() throws IOException {
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, 12)) {
            BertClassifier c = TinyModels.classifier(model, LABELS, 12);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FairTrainer.builder().setModel(model).setConfig(quick().build()).build());
            assertTrue(e.getMessage().contains("setClassifier"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().build()).addPenalty(RateGapPenalty.of(FairnessMetric.TPR_GAP), -1).build());
            assertTrue(e.getMessage().contains("lambda"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(quick().build()).optResumeFrom(dir).build());
            assertTrue(e.getMessage().contains("optCheckpointDirectory"), e.getMessage());
            FairTrainer t = FairTrainer.builder().setModel(model).setClassifier(c).setConfig(quick().build())
                    .optGroupAttribute("nope").build();
            e = assertThrows(IllegalArgumentException.class, () -> t.fit(SMALL.train(), SMALL.validation()));
            assertTrue(e.getMessage().contains("no group attribute 'nope'"), e.getMessage());
        }
    }
}
