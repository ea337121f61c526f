package dev.fairtune.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The accountant against an independent computation written here: the Rényi divergence of the
 * sampled Gaussian, {@code A_alpha = ∫ N(z; 0, sigma²) ((1-q) + q exp((2z-1)/(2 sigma²)))^alpha dz},
 * by Simpson's rule in log space; closed forms; and the orderings epsilon must obey.
 */
class RdpAccountantTest {

    /** {@code log A_alpha} by Simpson's rule on [-40 sigma, 40 sigma + alpha] with 400k intervals. */
    private static double logAIntegrated(double q, double sigma, double alpha) {
        double lo = -40 * sigma;
        double hi = 40 * sigma + alpha + 1;
        int n = 400_000;
        double h = (hi - lo) / n;
        double[] logF = new double[n + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= n; i++) {
            double z = lo + i * h;
            double logPhi = -z * z / (2 * sigma * sigma) - Math.log(sigma * Math.sqrt(2 * Math.PI));
            double u = Math.log(q) + (2 * z - 1) / (2 * sigma * sigma);
            double a = Math.log1p(-q);
            double mix = Math.max(a, u) + Math.log1p(Math.exp(-Math.abs(a - u)));
            logF[i] = logPhi + alpha * mix;
            max = Math.max(max, logF[i]);
        }
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            sum += w * Math.exp(logF[i] - max);
        }
        return max + Math.log(sum * h / 3);
    }

    @Test
    void rdpMatchesTheIntegratedRenyiDivergence() {
        for (double q : new double[] {0.004, 0.05, 0.3}) {
            for (double sigma : new double[] {0.7, 1.1, 3.0}) {
                for (double alpha : new double[] {1.5, 2, 2.7, 8, 16.5, 32}) {
                    double expected = logAIntegrated(q, sigma, alpha) / (alpha - 1);
                    double got = RdpAccountant.rdp(q, sigma, alpha);
                    assertEquals(expected, got, 1e-7 + 1e-6 * Math.abs(expected),
                            "q " + q + ", sigma " + sigma + ", alpha " + alpha);
                }
            }
        }
    }

    @Test
    void fractionalSeriesAgreesWithTheBinomialExpansionAtIntegers() {
        // the fractional series is valid for any alpha; at an integer it must give the integer sum
        for (int alpha : new int[] {2, 5, 17}) {
            double integer = RdpAccountant.logAInteger(0.02, 1.3, alpha);
            double fractional = RdpAccountant.logAFractional(0.02, 1.3, alpha);
            assertEquals(integer, fractional, 1e-9 * Math.max(1, Math.abs(integer)), "alpha " + alpha);
        }
    }

    @Test
    void closedForms() {
        // no subsampling: the Gaussian mechanism's alpha / (2 sigma²); q = 0 leaks nothing; sigma = 0 everything
        assertEquals(4.0 / (2 * 1.5 * 1.5), RdpAccountant.rdp(1, 1.5, 4), 1e-15);
        assertEquals(0.0, RdpAccountant.rdp(0, 1.5, 4));
        assertEquals(Double.POSITIVE_INFINITY, RdpAccountant.rdp(0.1, 0, 4));
        assertEquals(0.0, RdpAccountant.guarantee(0.01, 1, 0, 1e-5).epsilon());
        // q = 1, T steps: eps = min over alpha of T alpha / (2 sigma²) + log(1/delta) / (alpha - 1); with
        // T / (2 sigma²) = 1/2 and log(1/delta) = 8 (delta = e^-8) the minimum over real alpha is at alpha = 5:
        // 2.5 + 2 = 4.5, and 5 is one of the orders
        double delta = Math.exp(-8);
        PrivacyGuarantee g = RdpAccountant.guarantee(List.of(new RdpAccountant.Steps(1, 1, 1)), delta,
                RdpAccountant.Conversion.CLASSIC, RdpAccountant.DEFAULT_ORDERS);
        assertEquals(4.5, g.epsilon(), 1e-12);
        assertEquals(5.0, g.order(), 1e-12);
    }

    @Test
    void logErfcMatchesKnownValues() {
        // erfc at 0.5, 1, -1, 3 and 10 (standard values to 16 digits)
        assertEquals(0.4795001221869535, Math.exp(ErrorFunction.logErfc(0.5)), 1e-15);
        assertEquals(0.15729920705028513, Math.exp(ErrorFunction.logErfc(1)), 1e-15);
        assertEquals(1.8427007929497148, Math.exp(ErrorFunction.logErfc(-1)), 1e-14);
        assertEquals(Math.log(2.209049699858544e-05), ErrorFunction.logErfc(3), 1e-12);
        assertEquals(Math.log(2.088487583762545e-45), ErrorFunction.logErfc(10), 1e-12);
        // far tail: erfc(x) ~ e^-x² / (x √π) (1 - 1/(2x²) + 3/(4x⁴)), error below 15/(8 x^6)
        double x = 40;
        double asymptotic = -x * x - Math.log(x * Math.sqrt(Math.PI)) + Math.log(1 - 1 / (2 * x * x) + 3 / (4 * Math.pow(x, 4)));
        assertEquals(asymptotic, ErrorFunction.logErfc(x), 1e-9);
    }

    /**
     * TensorFlow Privacy's published MNIST figures (tutorials/README.md, "Select Parameters", epsilon
     * at delta 1e-5): N 60,000, batch 256 (q = 256/60000), steps ceil(epochs N / batch), the classic
     * conversion over the orders 1.1 ... 10.9, 12 ... 63 (its tutorial's, and Opacus'): sigma 1.3 for
     * 15 epochs gives 1.19, sigma 1.1 for 60 epochs 3.01 (also in its README's compute_dp_sgd_privacy
     * example), sigma 0.7 for 45 epochs 7.10. Those are rounded to two decimals, hence 0.005.
     */
    @Test
    void tensorflowPrivacyPublishedMnistFigures() {
        double q = 256 / 60000.0;
        double[][] cases = {{1.3, 15, 1.19}, {1.1, 60, 3.01}, {0.7, 45, 7.10}};
        for (double[] c : cases) {
            long steps = (long) Math.ceil(c[1] * 60000 / 256);
            double eps = RdpAccountant.guarantee(List.of(new RdpAccountant.Steps(q, c[0], steps)), 1e-5,
                    RdpAccountant.Conversion.CLASSIC, RdpAccountant.DEFAULT_ORDERS).epsilon();
            assertEquals(c[2], eps, 0.005, "sigma " + c[0] + ", " + c[1] + " epochs");
        }
    }

    @Test
    void epsilonGrowsWithStepsAndRateAndFallsWithNoise() {
        double delta = 1e-5;
        double previous = 0;
        for (long steps : new long[] {1, 10, 100, 1000, 10_000}) {
            double eps = RdpAccountant.guarantee(0.01, 1.0, steps, delta).epsilon();
            assertTrue(eps > previous, "steps " + steps);
            previous = eps;
        }
        previous = 0;
        for (double q : new double[] {0.001, 0.005, 0.02, 0.1, 0.5, 1}) {
            double eps = RdpAccountant.guarantee(q, 1.0, 500, delta).epsilon();
            assertTrue(eps > previous, "q " + q);
            previous = eps;
        }
        previous = Double.POSITIVE_INFINITY;
        for (double sigma : new double[] {0.5, 0.8, 1.0, 2.0, 5.0}) {
            double eps = RdpAccountant.guarantee(0.01, sigma, 500, delta).epsilon();
            assertTrue(eps < previous, "sigma " + sigma);
            previous = eps;
        }
    }

    @Test
    void improvedConversionIsNeverLooserThanTheClassicOne() {
        for (double sigma : new double[] {0.6, 1.0, 2.0}) {
            List<RdpAccountant.Steps> m = List.of(new RdpAccountant.Steps(0.02, sigma, 800));
            double classic = RdpAccountant.guarantee(m, 1e-5, RdpAccountant.Conversion.CLASSIC,
                    RdpAccountant.DEFAULT_ORDERS).epsilon();
            double balle = RdpAccountant.guarantee(m, 1e-5, RdpAccountant.Conversion.BALLE_2020,
                    RdpAccountant.DEFAULT_ORDERS).epsilon();
            assertTrue(balle < classic, sigma + ": " + balle + " vs " + classic);
        }
    }

    @Test
    void compositionAddsRenyiDivergences() {
        RdpAccountant a = new RdpAccountant();
        a.add(0.01, 1.0, 300);
        a.add(0.01, 1.0, 200);
        assertEquals(1, a.history().size());
        assertEquals(RdpAccountant.guarantee(0.01, 1.0, 500, 1e-5).epsilon(), a.guarantee(1e-5).epsilon(), 1e-12);
        a.add(0.02, 2.0, 100);
        assertEquals(600, a.steps());
        assertTrue(a.guarantee(1e-5).epsilon() > RdpAccountant.guarantee(0.01, 1.0, 500, 1e-5).epsilon());
    }

    @Test
    void noiseMultiplierReachesTheTargetWithinOnePercent() {
        for (double target : new double[] {8, 3, 1}) {
            for (double q : new double[] {0.004, 0.05}) {
                long steps = 2000;
                double sigma = RdpAccountant.noiseMultiplier(target, 1e-5, q, steps);
                double eps = RdpAccountant.guarantee(q, sigma, steps, 1e-5).epsilon();
                assertTrue(eps <= target && eps >= 0.99 * target, "target " + target + ", q " + q + ": sigma " + sigma
                        + " gives " + eps);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.noiseMultiplier(0, 1e-5, 0.01, 10));
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.noiseMultiplier(1, 1e-5, 0, 10));
    }
}
