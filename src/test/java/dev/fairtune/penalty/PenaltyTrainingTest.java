package dev.fairtune.penalty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fairtune.fairness.FairnessMetric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * End to end on a toy problem: minimising CE + lambda x penalty shrinks the gap the penalty
 * targets, so the penalties push in the right direction. A logistic model on two features, one of
 * which is the group; the labels' base rate differs by group (0.7 vs 0.3).
 */
class PenaltyTrainingTest {

    private static final int N = 200;
    private static final int STEPS = 40;
    private static final double LEARNING_RATE = 2.0;

    @Test
    void demographicParityAndEqualizedOddsPenaltiesShrinkTheirGaps() {
        Random random = new Random(3);
        double[] x = new double[2 * N];
        int[] groups = new int[N];
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            groups[i] = i % 2;
            labels[i] = random.nextDouble() < (groups[i] == 0 ? 0.7 : 0.3) ? 1 : 0;
            x[2 * i] = groups[i];
            x[2 * i + 1] = labels[i] + random.nextGaussian();
        }
        RateGapPenalty dp = RateGapPenalty.of(FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE);
        RateGapPenalty eo = RateGapPenalty.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE);
        double[] plain = trainAndMeasure(x, labels, groups, dp, 0, dp, eo);
        double[] withDp = trainAndMeasure(x, labels, groups, dp, 5, dp, eo);
        double[] withEo = trainAndMeasure(x, labels, groups, eo, 5, dp, eo);
        System.out.printf("DP gap %.4f -> %.4f; EO gap %.4f -> %.4f%n", plain[0], withDp[0], plain[1], withEo[1]);
        assertTrue(withDp[0] < 0.5 * plain[0], "DP gap without penalty " + plain[0] + ", with " + withDp[0]);
        assertTrue(withEo[1] < 0.5 * plain[1], "EO gap without penalty " + plain[1] + ", with " + withEo[1]);
    }

    /**
     * Full-batch gradient descent on CE + lambda x penalty; returns the measured penalties at the
     * end.
     */
    private static double[] trainAndMeasure(double[] x, int[] labels, int[] groups,
            FairnessPenalty penalty, double lambda, FairnessPenalty... measured) {
        FairnessAwareLoss loss = FairnessAwareLoss.builder().setNumGroups(2).addPenalty(penalty, lambda).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = manager.create(x, new Shape(N, 2));
            NDArray weight = manager.zeros(new Shape(2, 2), DataType.FLOAT64);
            NDArray bias = manager.zeros(new Shape(2), DataType.FLOAT64);
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            for (int step = 0; step < STEPS; step++) {
                try (NDManager scope = manager.newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = features.matMul(weight).add(bias);
                        logits.attach(scope);
                        collector.backward(loss.evaluate(Fixtures.input(logits, labels, groups, 2, null)));
                    }
                    weight.subi(weight.getGradient().mul(LEARNING_RATE));
                    bias.subi(bias.getGradient().mul(LEARNING_RATE));
                    weight.getGradient().muli(0);
                    bias.getGradient().muli(0);
                }
            }
            NDArray logits = features.matMul(weight).add(bias);
            PenaltyInput input = Fixtures.input(logits, labels, groups, 2, null);
            double[] values = new double[measured.length];
            for (int i = 0; i < measured.length; i++) {
                values[i] = Fixtures.value(measured[i].compute(input));
            }
            return values;
        }
    }
}
