package dev.fairtune.penalty;

import static dev.fairtune.penalty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The adversary on hand-set weights, its gradients (reversed for the classifier, plain for itself),
 * a toy problem where it learns, and its attachment to a DJL trainer.
 */
class AdversarialPenaltyTest {

    private static AdversarialPenalty linear(double alpha) {
        return AdversarialPenalty.builder().setNumClasses(2).setNumGroups(2).optAlpha(alpha).build();
    }

    /** Sets the linear adversary's weight (G, F) and bias (G). */
    private static void setLinear(AdversarialPenalty adversarial, double[] weight, double[] bias) {
        for (Pair<String, Parameter> pair : adversarial.adversary().getParameters()) {
            Parameter parameter = pair.getValue();
            parameter.getArray().set(parameter.getType() == Parameter.Type.WEIGHT ? weight : bias);
        }
    }

    private static PenaltyInput input(NDArray logits, int[] labels, int[] groups) {
        return Fixtures.input(logits, labels, groups, 2, null);
    }

    /**
     * Weight rows (0, 0) and (-1, 1) on centred logits give group logits (0, m), m = z1 - z0, so
     * P(g = 1) = sigmoid(m). Margins 1, -1, 2 with groups 1, 0, 0:
     * CE = (log(1 + e^-1) + log(1 + e^-1) + log(1 + e^2)) / 3 = 0.91781713.
     */
    @Test
    void crossEntropyEqualsTheHandComputedValue() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AdversarialPenalty adversarial = linear(1);
            adversarial.initializeAdversary(manager, DataType.FLOAT64);
            NDArray logits = manager.create(new double[] {0, 1, 0, -1, 0, 2}, new Shape(3, 2));
            int[] groups = {1, 0, 0};
            setLinear(adversarial, new double[4], new double[2]);
            assertEquals(Math.log(2), value(adversarial.compute(input(logits, new int[3], groups))), 1e-12);

            setLinear(adversarial, new double[] {0, 0, -1, 1}, new double[2]);
            double expected = (2 * Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.exp(2))) / 3;
            assertEquals(0.91781713, expected, 1e-8);
            assertEquals(expected, value(adversarial.compute(input(logits, new int[3], groups))), 1e-12);

            // The classifier's gradient is the reversed one: -alpha * dCE/dm * (-1, +1) / B, with
            // dCE/dm = sigmoid(m) - [g = 1].
            double[] margins = {1, -1, 2};
            double[] expectedGradient = new double[6];
            for (int i = 0; i < 3; i++) {
                double slope = (1 / (1 + Math.exp(-margins[i])) - groups[i]) / 3;
                expectedGradient[2 * i] = slope;
                expectedGradient[2 * i + 1] = -slope;
            }
            double[] gradient = Fixtures.gradient(
                    logits, z -> adversarial.compute(input(z, new int[3], groups)));
            assertArrayEquals(expectedGradient, gradient, 1e-12);
        }
    }

    @Test
    void classifierGradientIsMinusAlphaTimesThePlainOneAndTheAdversaryGetsThePlainOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            double alpha = 0.5;
            AdversarialPenalty adversarial = AdversarialPenalty.builder()
                    .setNumClasses(2).setNumGroups(2).optHiddenUnits(4).optConditionOnLabel(true)
                    .optFeatures(AdversarialPenalty.Features.PROBABILITIES).optAlpha(alpha).build();
            adversarial.initializeAdversary(manager, DataType.FLOAT64);
            NDArray logits = manager.create(new double[] {0.3, 1.2, -0.4, 0.8, 1.5, -0.2, 0.1, 0.0},
                    new Shape(4, 2));
            int[] labels = {1, 0, 1, 0};
            int[] groups = {1, 1, 0, 0};

            // Forward through the reversal is the identity, so central differences of the value give
            // the plain (unreversed) gradient.
            double[] reversed = Fixtures.gradient(logits, z -> adversarial.compute(input(z, labels, groups)));
            double[] plain = Fixtures.numericGradient(
                    logits, z -> adversarial.compute(input(z, labels, groups)), 1e-6);
            double[] scaled = new double[plain.length];
            double dot = 0;
            for (int i = 0; i < plain.length; i++) {
                scaled[i] = -alpha * plain[i];
                dot += reversed[i] * plain[i];
            }
            assertArrayEquals(scaled, reversed, 1e-8);
            assertTrue(dot < 0, "the classifier's gradient must point against the plain gradient");

            // The adversary's own parameters receive the plain gradient (gradients accumulate, so
            // clear what the backward above left first).
            List<Parameter> parameters = new ArrayList<>();
            for (Pair<String, Parameter> pair : adversarial.adversary().getParameters()) {
                parameters.add(pair.getValue());
                pair.getValue().getArray().getGradient().muli(0);
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(adversarial.compute(input(logits, labels, groups)));
            }
            for (Parameter parameter : parameters) {
                NDArray array = parameter.getArray();
                double[] base = array.toDoubleArray();
                double[] numeric = new double[base.length];
                for (int i = 0; i < base.length; i++) {
                    double[] shifted = base.clone();
                    shifted[i] = base[i] + 1e-6;
                    array.set(shifted);
                    double up = value(adversarial.compute(input(logits, labels, groups)));
                    shifted[i] = base[i] - 1e-6;
                    array.set(shifted);
                    double down = value(adversarial.compute(input(logits, labels, groups)));
                    numeric[i] = (up - down) / 2e-6;
                }
                array.set(base);
                assertArrayEquals(numeric, array.getGradient().toDoubleArray(), 1e-8, parameter.getName());
            }
        }
    }

    @Test
    void labelConditionedInputPutsTheFeaturesInTheTrueClassBlock() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AdversarialPenalty adversarial = AdversarialPenalty.builder()
                    .setNumClasses(2).setNumGroups(2).optConditionOnLabel(true).build();
            assertEquals(new Shape(1, 6), adversarial.adversaryInputShape());
            // Centred logits: row 0 (-0.5, 0.5) with y = 1; row 1 (1, -1) with y = 0.
            NDArray logits = manager.create(new double[] {0, 1, 1, -1}, new Shape(2, 2));
            NDArray x = adversarial.adversaryInput(input(logits, new int[] {1, 0}, new int[] {0, 1}));
            assertArrayEquals(
                    new double[] {0, 1, 0, -0.5, 0, 0.5, 1, 0, 1, 0, -1, 0}, x.toDoubleArray(), 1e-15);
        }
    }

    @Test
    void onAToyProblemTheAdversaryLearnsToPredictTheGroup() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            int batch = 64;
            Random random = new Random(7);
            double[] logits = new double[2 * batch];
            int[] groups = new int[batch];
            for (int i = 0; i < batch; i++) {
                groups[i] = i % 2;
                logits[2 * i + 1] = 2 * (2 * groups[i] - 1) + random.nextGaussian();
            }
            NDArray z = manager.create(logits, new Shape(batch, 2));
            int[] labels = new int[batch];
            AdversarialPenalty adversarial = linear(1);
            adversarial.initializeAdversary(manager, DataType.FLOAT64);
            List<Double> losses = new ArrayList<>();
            for (int step = 0; step < 40; step++) {
                try (NDManager scope = manager.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = adversarial.compute(input(scope.create(logits, new Shape(batch, 2)), labels, groups));
                    losses.add(value(loss));
                    collector.backward(loss);
                }
                for (Pair<String, Parameter> pair : adversarial.adversary().getParameters()) {
                    NDArray array = pair.getValue().getArray();
                    NDArray gradient = array.getGradient();
                    array.subi(gradient.mul(0.5));
                    gradient.muli(0);
                }
            }
            double first = losses.get(0);
            double last = losses.get(losses.size() - 1);
            assertTrue(last < first && last < 0.3,
                    "the adversary's loss should fall: first " + first + ", last " + last);

            // The classifier's logits get the opposite of the plain gradient, i.e. of the gradient
            // of the same cross-entropy computed without the reversal.
            double[] reversed = Fixtures.gradient(z, v -> adversarial.compute(input(v, labels, groups)));
            double[] plain = Fixtures.gradient(z, v -> {
                NDArray centred = v.sub(v.mean(new int[] {1}, true));
                NDArray groupLogits = adversarial.adversary()
                        .forward(new ParameterStore(manager, false), new NDList(centred), true)
                        .singletonOrThrow();
                NDArray target = manager.create(groups).oneHot(2, DataType.FLOAT64);
                return groupLogits.logSoftmax(1).mul(target).sum(new int[] {1}).neg().mean();
            });
            double dot = 0;
            for (int i = 0; i < plain.length; i++) {
                dot += reversed[i] * plain[i];
                assertEquals(-plain[i], reversed[i], 1e-12);
            }
            assertTrue(dot < 0);
        }
    }

    @Test
    void attachedThroughTheModelTheTrainersOptimizerTrainsTheAdversary() {
        Engine.getInstance().setRandomSeed(3);
        int batch = 32;
        Random random = new Random(1);
        float[] features = new float[2 * batch];
        int[] groups = new int[batch];
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            groups[i] = i % 2;
            labels[i] = (i / 2) % 2;
            features[2 * i] = (float) (3 * (2 * groups[i] - 1) + 0.5 * random.nextGaussian());
            features[2 * i + 1] = (float) random.nextGaussian();
        }
        try (Model model = Model.newInstance("toy")) {
            Linear classifier = Linear.builder().setUnits(2).build();
            AdversarialPenalty adversarial = linear(1);
            model.setBlock(new ClassifierWithAdversary(classifier, adversarial));
            FairnessAwareLoss loss = FairnessAwareLoss.builder().setNumGroups(2).addPenalty(adversarial, 1).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, 2));
                assertTrue(adversarial.adversary().isInitialized());
                assertEquals(2 + 2, model.getBlock().getParameters().size());
                classifier.freezeParameters(true);
                List<double[]> before = parameterValues(adversarial);
                List<Double> penalties = train(trainer, loss, features, labels, groups, 30);
                List<double[]> after = parameterValues(adversarial);
                for (int i = 0; i < before.size(); i++) {
                    assertFalse(Arrays.equals(before.get(i), after.get(i)), "parameter " + i + " moved");
                }
                assertTrue(penalties.get(penalties.size() - 1) < penalties.get(0) - 0.1,
                        "adversary loss should fall: " + penalties);
            }
        }
    }

    @Test
    void withoutAttachmentTheOptimizerNeverUpdatesTheAdversary() {
        Engine.getInstance().setRandomSeed(3);
        int batch = 8;
        float[] features = new float[2 * batch];
        int[] groups = new int[batch];
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            groups[i] = i % 2;
            labels[i] = (i / 2) % 2;
            features[2 * i] = 2 * groups[i] - 1;
            features[2 * i + 1] = labels[i];
        }
        try (Model model = Model.newInstance("toy")) {
            model.setBlock(Linear.builder().setUnits(2).build());
            AdversarialPenalty adversarial = linear(1);
            adversarial.initializeAdversary(model.getNDManager(), DataType.FLOAT32);
            FairnessAwareLoss loss = FairnessAwareLoss.builder().setNumGroups(2).addPenalty(adversarial, 1).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, 2));
                List<double[]> before = parameterValues(adversarial);
                train(trainer, loss, features, labels, groups, 3);
                List<double[]> after = parameterValues(adversarial);
                for (int i = 0; i < before.size(); i++) {
                    assertArrayEquals(before.get(i), after.get(i), 0.0);
                }
            }
        }
    }

    @Test
    void wrongShapesAndUninitialisedAdversaryAreReported() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AdversarialPenalty adversarial = linear(1);
            NDArray logits = manager.create(new double[] {0, 1, 1, 0}, new Shape(2, 2));
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> adversarial.compute(input(logits, new int[2], new int[] {0, 1})));
            assertTrue(error.getMessage().contains("ClassifierWithAdversary"));
            adversarial.initializeAdversary(manager, DataType.FLOAT64);
            assertThrows(IllegalArgumentException.class, () -> adversarial.compute(
                    Fixtures.input(logits, new int[2], new int[] {0, 1}, 3, null)));
            assertThrows(IllegalArgumentException.class,
                    () -> AdversarialPenalty.builder().setNumClasses(2).setNumGroups(1).build());
            assertThrows(IllegalArgumentException.class, () -> AdversarialPenalty.builder()
                    .setNumClasses(2).setNumGroups(2).optAlpha(-1).build());
            assertEquals("adversary_linear", adversarial.name());
            assertNotEquals(adversarial.name(), AdversarialPenalty.builder().setNumClasses(2)
                    .setNumGroups(2).optHiddenUnits(8).optConditionOnLabel(true).build().name());
        }
    }

    private static List<Double> train(
            Trainer trainer, FairnessAwareLoss loss, float[] features, int[] labels, int[] groups, int steps) {
        int batch = labels.length;
        List<Double> penalties = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDList data = new NDList(scope.create(features, new Shape(batch, 2)));
                NDList labelList = BatchSlots.labels(scope.create(labels), scope.create(groups), null, null);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(data);
                    collector.backward(loss.evaluate(labelList, predictions));
                }
                penalties.add(loss.lastComponents().orElseThrow().penalties().get(0).value());
                trainer.step();
            }
        }
        return penalties;
    }

    private static List<double[]> parameterValues(AdversarialPenalty adversarial) {
        List<double[]> values = new ArrayList<>();
        for (Pair<String, Parameter> pair : adversarial.adversary().getParameters()) {
            values.add(pair.getValue().getArray().toType(DataType.FLOAT64, false).toDoubleArray());
        }
        return values;
    }
}
