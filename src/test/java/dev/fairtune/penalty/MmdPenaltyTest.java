package dev.fairtune.penalty;

import static dev.fairtune.penalty.Fixtures.binaryLogits;
import static dev.fairtune.penalty.Fixtures.input;
import static dev.fairtune.penalty.Fixtures.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fairtune.fairness.Criterion;
import dev.fairtune.penalty.MmdPenalty.Kernel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * MMD on four scores, two per group, with bandwidth 0.5 so the kernel values are not tiny.
 *
 * <pre>
 * scores g0 = {0.2, 0.4}, g1 = {0.5, 0.9}; Gaussian k(x, y) = exp(-(x - y)^2 / 0.25)
 * mean k within g0 = (1 + 2 exp(-0.16) + 1) / 4          = 0.926071894
 * mean k within g1 = (1 + 2 exp(-0.64) + 1) / 4          = 0.763646212
 * mean k across    = (e^-0.36 + e^-1.96 + e^-0.04 + e^-1) / 4 = 0.541800907
 * MMD^2 = 0.926071894 + 0.763646212 - 2 * 0.541800907 = 0.606116293
 * </pre>
 */
class MmdPenaltyTest {

    private static final double[] S = {0.2, 0.4, 0.5, 0.9};
    private static final int[] Y = {0, 1, 0, 0};
    private static final int[] G = {0, 0, 1, 1};

    private static MmdPenalty penalty(Kernel kernel) {
        return MmdPenalty.builder().optKernel(kernel).optBandwidth(0.5).build();
    }

    @Test
    void gaussianAndLaplacianEqualTheHandComputedValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = binaryLogits(manager, S);
            double k01 = Math.exp(-0.16);
            double k23 = Math.exp(-0.64);
            double cross = (Math.exp(-0.36) + Math.exp(-1.96) + Math.exp(-0.04) + Math.exp(-1)) / 4;
            double expected = (2 + 2 * k01) / 4 + (2 + 2 * k23) / 4 - 2 * cross;
            assertEquals(0.6061162928467092, expected, 1e-15);
            assertEquals(expected, value(penalty(Kernel.GAUSSIAN).compute(input(logits, Y, G, 2, null))), 1e-12);
            // Laplacian exp(-|x - y| / 0.5), computed the same way.
            assertEquals(0.5688151079339019,
                    value(penalty(Kernel.LAPLACIAN).compute(input(logits, Y, G, 2, null))), 1e-12);
        }
    }

    @Test
    void weightsAndLabelRestrictionFollowMinDiff() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = binaryLogits(manager, S);
            // Weights (3, 1 | 1, 1): g0's distribution puts 3/4 on 0.2.
            assertEquals(0.7471318525588551,
                    value(penalty(Kernel.GAUSSIAN).compute(input(logits, Y, G, 2, new double[] {3, 1, 1, 1}))),
                    1e-12);
            // Only label 0: g0 = {0.2}, g1 = {0.5, 0.9}.
            MmdPenalty negatives = MmdPenalty.builder().optBandwidth(0.5).optOnlyLabel(0).build();
            assertEquals(0.9251114650294483, value(negatives.compute(input(logits, Y, G, 2, null))), 1e-12);
            assertEquals("mmd_gaussian(0.5)|y=0", negatives.name());
        }
    }

    @Test
    void severalGroupsUseTheLargestPairwiseMmd() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Third group {0.3, 0.35}: MMD^2 to g0 0.0083, to g1 0.6081 (the largest), g0-g1 0.6061.
            NDArray logits = binaryLogits(manager, 0.2, 0.4, 0.5, 0.9, 0.3, 0.35);
            int[] y = new int[6];
            int[] g = {0, 0, 1, 1, 2, 2};
            assertEquals(0.6080711227213842,
                    value(penalty(Kernel.GAUSSIAN).compute(input(logits, y, g, 3, null))), 1e-12);
        }
    }

    @Test
    void identicalDistributionsGiveZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = binaryLogits(manager, 0.3, 0.8, 0.8, 0.3);
            assertEquals(0.0, value(penalty(Kernel.LAPLACIAN).compute(
                    input(logits, new int[4], new int[] {0, 0, 1, 1}, 2, null))), 1e-15);
        }
    }

    @Test
    void missingGroupOrLabelGivesExactlyZeroWithZeroGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = binaryLogits(manager, S);
            for (Kernel kernel : Kernel.values()) {
                MmdPenalty mmd = penalty(kernel);
                int[] oneGroup = {1, 1, 1, 1};
                assertEquals(0.0, value(mmd.compute(input(logits, Y, oneGroup, 2, null))), 0.0);
                assertArrayEquals(new double[8],
                        Fixtures.gradient(logits, z -> mmd.compute(input(z, Y, oneGroup, 2, null))), 0.0);
            }
            // Only label 1, which group 1 lacks: one group present -> 0.
            MmdPenalty positives = MmdPenalty.builder().optBandwidth(0.5).optOnlyLabel(1).build();
            assertEquals(0.0, value(positives.compute(input(logits, Y, G, 2, null))), 0.0);
            assertArrayEquals(new double[8],
                    Fixtures.gradient(logits, z -> positives.compute(input(z, Y, G, 2, null))), 0.0);
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = binaryLogits(manager, S);
            for (Kernel kernel : Kernel.values()) {
                MmdPenalty mmd = penalty(kernel);
                double[] w = {1, 2, 1, 3};
                Fixtures.assertGradientMatchesNumeric(logits, z -> mmd.compute(input(z, Y, G, 2, w)));
                double[] gradient = Fixtures.gradient(logits, z -> mmd.compute(input(z, Y, G, 2, w)));
                assertTrue(Arrays.stream(gradient).anyMatch(v -> v != 0), kernel.name());
            }
        }
    }

    @Test
    void builderChecksTheBandwidth() {
        assertThrows(IllegalArgumentException.class, () -> MmdPenalty.builder().optBandwidth(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> MmdPenalty.builder().optBandwidth(Double.NaN).build());
        assertEquals(Criterion.Other.SCORE_DISTRIBUTION, MmdPenalty.builder().build().approximates());
    }
}
