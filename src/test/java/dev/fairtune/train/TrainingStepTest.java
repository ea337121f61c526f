package dev.fairtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;

import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Checkpoint;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.Pooling;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.model.TestModels;
import dev.fairtune.penalty.BatchSlots;
import dev.fairtune.penalty.FairnessAwareLoss;
import dev.fairtune.penalty.PenaltyInput;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** The training step's contract: labels reach a pluggable loss by slot, listeners see each step. */
class TrainingStepTest {

    /** Cross-entropy plus a term reading the group ids, recording what it was given. */
    static final class GroupAwareLoss extends Loss {
        final List<long[]> groupsSeen = new ArrayList<>();
        final List<Integer> slotsSeen = new ArrayList<>();

        GroupAwareLoss() {
            super("group_aware");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            slotsSeen.add(labels.size());
            NDArray groups = labels.get(BatchSlots.GROUPS);
            groupsSeen.add(groups.toLongArray());
            NDArray logits = predictions.get(BertClassifier.LOGITS);
            // mean logit of group 1 as a stand-in penalty
            NDArray inGroup = groups.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            NDArray penalty = logits.get(":, 1").mul(inGroup).sum().div(inGroup.sum().add(1f));
            return FairnessAwareLoss.crossEntropy(PenaltyInput.fromBatch(labels, predictions, 2)).add(penalty.mul(Autograd.scalar(penalty, 0.1)));
        }
    }

    @Test
    void labelsReachThePluggableLossAndEveryStepIsReported() throws Exception {
        Checkpoint ckpt = new Checkpoint(TestModels.SMALL, TestModels.weights(TestModels.SMALL, 5),
                TestModels.tokenizerJson(), List.of(), Pooling.POOLER, "test");
        try (PretrainedModel model = PretrainedModel.load(ckpt);
                TextEncoder text = TextEncoder.builder(model).optMaxLength(16).build();
                AdamW adamW = AdamW.builder().build()) {
            BertClassifier c = BertClassifier.builder(model).optLabels(List.of("no", "yes")).build();
            GroupAwareLoss loss = new GroupAwareLoss();
            List<StepReport> seen = new ArrayList<>();
            TrainingStep step = TrainingStep.builder()
                    .setModel(c)
                    .setOptimizer(adamW)
                    .setSchedule(LearningRateSchedule.linearWarmupDecay(1e-3, 1, 3))
                    .setLoss(loss)
                    .build();
            EncodedBatch batch = text.encode(List.of("one text", "another text here", "third"));
            float[] head = c.namedParameters().get("classifier.weight").getArray().toFloatArray();
            for (int i = 0; i < 3; i++) {
                if (i == 2) {
                    Freezing.matching(n -> n.startsWith("classifier.")).applyTo(c);
                }
                float[] headBefore = c.namedParameters().get("classifier.weight").getArray().toFloatArray();
                try (NDManager m = model.manager().newSubManager()) {
                    NDList labels = new NDList(
                            m.create(new long[] {0, 1, 1}), m.create(new long[] {1, 0, 1}), m.create(new float[] {1, 1, 2}));
                    StepReport r = step.run(batch.toNDList(m), labels);
                    seen.add(r);
                    assertEquals(i + 1, r.step());
                    assertEquals(3, r.batchSize());
                    assertTrue(r.gradNorm() > 0 && Double.isFinite(r.loss()));
                }
                float[] headAfter = c.namedParameters().get("classifier.weight").getArray().toFloatArray();
                if (i == 2) {
                    assertArrayEquals(headBefore, headAfter, "frozen before step 3: the step reads freezing each time");
                }
            }
            assertEquals(3, seen.size());
            assertEquals(List.of(0.0, 1e-3, 5e-4), seen.stream().map(StepReport::learningRate).toList());
            assertEquals(List.of(3, 3, 3), loss.slotsSeen);
            assertArrayEquals(new long[] {1, 0, 1}, loss.groupsSeen.get(0));
            assertTrue(!java.util.Arrays.equals(head, c.namedParameters().get("classifier.weight").getArray().toFloatArray()),
                    "the head trained in step 2 (step 1 has rate 0: warm-up)");
            assertEquals(3, step.steps());
        }
    }

    @Test
    void nonFiniteLossStopsWithoutUpdating() throws Exception {
        Checkpoint ckpt = new Checkpoint(TestModels.SMALL, TestModels.weights(TestModels.SMALL, 5),
                TestModels.tokenizerJson(), List.of(), Pooling.CLS, "test");
        try (PretrainedModel model = PretrainedModel.load(ckpt);
                TextEncoder text = TextEncoder.builder(model).build();
                AdamW adamW = AdamW.builder().build()) {
            BertClassifier c = BertClassifier.builder(model).optLabels(List.of("no", "yes")).build();
            Loss nan = new Loss("nan") {
                @Override
                public NDArray evaluate(NDList labels, NDList predictions) {
                    return predictions.head().sum().mul(Autograd.scalar(predictions.head(), Float.NaN));
                }
            };
            TrainingStep step = TrainingStep.builder()
                    .setModel(c).setOptimizer(adamW).setSchedule(LearningRateSchedule.constant(1e-3)).setLoss(nan).build();
            float[] before = c.namedParameters().get("classifier.weight").getArray().toFloatArray();
            try (NDManager m = model.manager().newSubManager()) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> step.run(text.encode(List.of("x")).toNDList(m), new NDList(m.create(new long[] {0}))));
                assertTrue(e.getMessage().contains("not finite"), e.getMessage());
            }
            assertArrayEquals(before, c.namedParameters().get("classifier.weight").getArray().toFloatArray());
            assertEquals(0, step.steps());
        }
    }
}
