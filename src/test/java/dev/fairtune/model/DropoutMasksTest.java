package dev.fairtune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

/** Inverted dropout masks: distribution, scaling, determinism, gradient. */
class DropoutMasksTest {

    @Test
    void dropsAFractionPAndScalesTheRestByOneOverOneMinusP() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ones = m.ones(new Shape(1000, 1000)); // 10^6 elements over 16 chunks
            float[] y = new DropoutMasks(7).apply(ones, 0.1).toFloatArray();
            long zeros = 0;
            for (float v : y) {
                assertTrue(v == 0f || v == (float) (1 / 0.9), "value " + v);
                zeros += v == 0f ? 1 : 0;
            }
            // binomial(10^6, 0.1): sd 300; allow 5 sd
            assertEquals(100_000, zeros, 1_500);
        }
    }

    @Test
    void sameSeedSameMasksAndZeroProbabilityIsIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(3, 70_000));
            DropoutMasks a = new DropoutMasks(1);
            DropoutMasks b = new DropoutMasks(1);
            float[] first = a.apply(x, 0.5).toFloatArray();
            assertArrayEquals(first, b.apply(x, 0.5).toFloatArray());
            assertFalse(Arrays.equals(first, a.apply(x, 0.5).toFloatArray()), "the next call draws new masks");
            a.reseed(1);
            assertArrayEquals(first, a.apply(x, 0.5).toFloatArray());
            assertSame(x, a.apply(x, 0));
            assertThrows(IllegalArgumentException.class, () -> a.apply(x, 1.0));
        }
    }

    @Test
    void gradientIsTheMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(4, 8));
            x.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = new DropoutMasks(3).apply(x, 0.25);
                y = out.toFloatArray();
                gc.backward(out.sum());
            }
            assertArrayEquals(y, x.getGradient().toFloatArray(), "d(sum(x·mask))/dx = mask = y for x = 1");
        }
    }
}
