package dev.fairtune.penalty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class GradientReversalTest {

    @Test
    void forwardIsTheIdentityBitForBit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = {0.1f, -3.7f, 1e-30f, 12345.678f, 0f};
            NDArray x = manager.create(values);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = GradientReversal.apply(x, 0.7);
                assertArrayEquals(values, y.toFloatArray(), 0f);
                collector.backward(y.sum());
            }
        }
    }

    @Test
    void backwardMultipliesTheIncomingGradientByMinusAlpha() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new double[] {1, 2, 3});
            NDArray upstream = manager.create(new double[] {1, -2, 0.5});
            for (double alpha : new double[] {0, 0.5, 1, 3}) {
                double[] gradient = Fixtures.gradient(x, v -> GradientReversal.apply(v, alpha).mul(upstream).sum());
                assertArrayEquals(new double[] {-alpha, 2 * alpha, -0.5 * alpha}, gradient, 1e-15);
            }
            // Through a non-linear function: d/dx sum(GR(x)^2) = -alpha * 2x.
            double[] squared = Fixtures.gradient(x, v -> GradientReversal.apply(v, 2).square().sum());
            assertArrayEquals(new double[] {-4, -8, -12}, squared, 1e-12);
        }
    }

    @Test
    void alphaMustBeFiniteAndNonNegative() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1});
            assertThrows(IllegalArgumentException.class, () -> GradientReversal.apply(x, -1));
            assertThrows(IllegalArgumentException.class, () -> GradientReversal.apply(x, Double.NaN));
        }
    }
}
