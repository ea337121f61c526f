package dev.fairtune.penalty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/** Small helpers shared by the penalty tests: fixtures built from probabilities, gradient checks. */
final class Fixtures {

    private Fixtures() {}

    /**
     * Binary logits whose softmax gives probability {@code s_i} to class 1: {@code (log(1 - s),
     * log s)}, float64 so that finite differences are accurate.
     */
    static NDArray binaryLogits(NDManager manager, double... scores) {
        double[] logits = new double[2 * scores.length];
        for (int i = 0; i < scores.length; i++) {
            logits[2 * i] = Math.log(1 - scores[i]);
            logits[2 * i + 1] = Math.log(scores[i]);
        }
        return manager.create(logits, new Shape(scores.length, 2));
    }

    static PenaltyInput input(
            NDArray logits, int[] labels, int[] groups, int numGroups, double[] weights) {
        NDManager manager = logits.getManager();
        PenaltyInput.Builder builder =
                PenaltyInput.builder()
                        .setLogits(logits)
                        .setLabels(manager.create(labels))
                        .setGroups(manager.create(groups))
                        .setNumGroups(numGroups);
        if (weights != null) {
            builder.optWeights(manager.create(weights));
        }
        return builder.build();
    }

    static double value(NDArray scalar) {
        assertTrue(scalar.getShape().isScalar(), "expected a scalar, got " + scalar.getShape());
        return scalar.toType(DataType.FLOAT64, false).getDouble();
    }

    /** Gradient of {@code f} at {@code x} by autograd (one collector, closed here). */
    static double[] gradient(NDArray x, Function<NDArray, NDArray> f) {
        NDArray leaf = x.duplicate();
        leaf.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(f.apply(leaf));
        }
        return leaf.getGradient().toDoubleArray();
    }

    /** Gradient of {@code f} at {@code x} by central differences with step {@code h}. */
    static double[] numericGradient(NDArray x, Function<NDArray, NDArray> f, double h) {
        double[] base = x.toDoubleArray();
        double[] gradient = new double[base.length];
        NDManager manager = x.getManager();
        for (int i = 0; i < base.length; i++) {
            double[] plus = base.clone();
            double[] minus = base.clone();
            plus[i] += h;
            minus[i] -= h;
            double up = value(f.apply(manager.create(plus, x.getShape())));
            double down = value(f.apply(manager.create(minus, x.getShape())));
            gradient[i] = (up - down) / (2 * h);
        }
        return gradient;
    }

    /** Asserts that autograd and central differences agree at {@code x}. */
    static void assertGradientMatchesNumeric(NDArray x, Function<NDArray, NDArray> f) {
        double[] analytic = gradient(x, f);
        double[] numeric = numericGradient(x, f, 1e-6);
        assertArrayEquals(numeric, analytic, 1e-6, "autograd vs central differences");
    }

    static void assertAllFinite(double[] values) {
        for (double v : values) {
            assertTrue(Double.isFinite(v), "not finite: " + v);
        }
    }
}
