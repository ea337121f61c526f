package dev.fairtune.privacy;

/**
 * The natural log of the complementary error function, {@code log erfc(x)}, accurate to about
 * 1e-14 relative for every finite x, without underflow for large x (the accountant needs {@code
 * log erfc} of arguments near 40 and beyond, where {@code erfc} itself underflows).
 *
 * <pre>
 *   x &lt; 0:       erfc(x) = 2 - erfc(-x)
 *   0 ≤ x &lt; 2:   erfc(x) = 1 - erf(x),  erf(x) = 2/√π Σ_n (-1)^n x^(2n+1) / (n! (2n+1))
 *   x ≥ 2:       erfc(x) = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
 * </pre>
 *
 * (the Maclaurin series, and Laplace's continued fraction evaluated from the back over 200 terms).
 */
final class ErrorFunction {

    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

    private ErrorFunction() {}

    /** {@code log erfc(x)}; NaN for NaN. */
    static double logErfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return Math.log(2 - Math.exp(logErfc(-x)));
        }
        if (x < 2) {
            return Math.log1p(-erfSeries(x));
        }
        double f = x;
        for (int n = 200; n >= 1; n--) {
            f = x + (n / 2.0) / f;
        }
        return -x * x - LOG_SQRT_PI - Math.log(f);
    }

    private static double erfSeries(double x) {
        double sum = 0;
        double term = x; // (-1)^n x^(2n+1) / n!
        for (int n = 0; n < 200; n++) {
            double t = term / (2 * n + 1);
            sum += t;
            if (Math.abs(t) < 1e-17 * Math.abs(sum)) {
                break;
            }
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
