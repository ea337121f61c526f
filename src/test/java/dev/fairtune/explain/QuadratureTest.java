package dev.fairtune.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Nodes and weights against closed forms and exact integrals. */
class QuadratureTest {

    @Test
    void midpointNodesAreCellCentres() {
        Quadrature.Nodes n = Quadrature.RIEMANN_MIDPOINT.nodes(4);
        assertArrayEquals(new double[] {0.125, 0.375, 0.625, 0.875}, n.alphas(), 0);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, n.weights(), 0);
    }

    @Test
    void twoPointGaussLegendreIsTheClosedForm() {
        // on [-1, 1]: ±1/√3 with weights 1; on [0, 1]: (1 ∓ 1/√3) / 2 with weights 1/2
        Quadrature.Nodes n = Quadrature.GAUSS_LEGENDRE.nodes(2);
        double r = 1 / Math.sqrt(3);
        assertArrayEquals(new double[] {(1 - r) / 2, (1 + r) / 2}, n.alphas(), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5}, n.weights(), 1e-15);
    }

    @Test
    void gaussLegendreWithNNodesIntegratesDegree2nMinus1Exactly() {
        for (int n : new int[] {1, 3, 8, 64}) {
            Quadrature.Nodes q = Quadrature.GAUSS_LEGENDRE.nodes(n);
            for (int degree = 0; degree <= 2 * n - 1; degree += Math.max(1, n / 4)) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += q.weights()[k] * Math.pow(q.alphas()[k], degree);
                }
                assertEquals(1.0 / (degree + 1), sum, 1e-13, "n " + n + ", ∫ α^" + degree);
            }
        }
    }

    @Test
    void fewerThanOneStepIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Quadrature.GAUSS_LEGENDRE.nodes(0));
    }
}
