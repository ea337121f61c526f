package dev.fairtune.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rényi-DP accountant of DP-SGD: the Poisson-subsampled Gaussian mechanism (each example joins a
 * step's batch independently with probability q, the batch's summed per-example-clipped gradients
 * with L2 sensitivity C get Gaussian noise of standard deviation sigma·C), composed over steps.
 *
 * <p><b>One step</b> (Mironov, Talwar and Zhang 2019, "Rényi Differential Privacy of the Sampled
 * Gaussian Mechanism"): the mechanism is (alpha, rdp(alpha))-RDP with
 *
 * <pre>
 *   rdp(alpha) = log(A_alpha) / (alpha - 1),
 *   A_alpha    = E_{z ~ N(0, sigma²)} [ ((1 - q) + q · exp((2z - 1) / (2 sigma²)))^alpha ]
 * </pre>
 *
 * For integer alpha, {@code A_alpha = sum_{k=0..alpha} C(alpha, k) (1-q)^(alpha-k) q^k exp((k² - k)
 * / (2 sigma²))}; for fractional alpha the two-sided series of their Section 3.3 with {@code z0 =
 * sigma² log(1/q - 1) + 1/2} (the same series as Opacus' and TensorFlow Privacy's {@code
 * _compute_log_a_frac}), summed until its terms fall below e^-30. With q = 1 it is the plain Gaussian
 * mechanism, {@code rdp(alpha) = alpha / (2 sigma²)}. RDP adds up over steps: T steps give {@code T
 * · rdp(alpha)}.
 *
 * <p><b>Conversion to (epsilon, delta)</b>, minimised over the orders {@link #DEFAULT_ORDERS} (those of
 * Opacus: 1.1, 1.2, ..., 10.9 and 12, ..., 63):
 *
 * <ul>
 *   <li>{@link Conversion#BALLE_2020} (default; Balle et al. 2020, "Hypothesis testing
 *       interpretations and Rényi differential privacy", Theorem 21; also Canonne, Kamath and
 *       Steinke 2020; the one Opacus uses): {@code epsilon = rdp + log((alpha-1)/alpha) - (log delta +
 *       log alpha) / (alpha - 1)};
 *   <li>{@link Conversion#CLASSIC} (Mironov 2017, Proposition 3): {@code epsilon = rdp + log(1/delta) /
 *       (alpha - 1)}, always at least as large.
 * </ul>
 *
 * <p>An instance records the steps taken so far (several mechanisms may compose, for example when q
 * or sigma change); it is not thread-safe. The static methods are pure functions.
 */
public final class RdpAccountant {

    /** How a Rényi-DP bound becomes an (epsilon, delta) guarantee. */
    public enum Conversion {
        /** {@code epsilon = rdp + log(1/delta) / (alpha - 1)} (Mironov 2017). */
        CLASSIC,
        /** {@code epsilon = rdp + log((alpha-1)/alpha) - (log delta + log alpha) / (alpha - 1)} (Balle et al. 2020). */
        BALLE_2020
    }

    /** The Rényi orders searched: 1.1 to 10.9 in steps of 0.1, then 12 to 63 (Opacus' defaults). */
    public static final List<Double> DEFAULT_ORDERS;

    static {
        List<Double> o = new ArrayList<>();
        for (int x = 1; x < 100; x++) {
            o.add(1 + x / 10.0);
        }
        for (int a = 12; a < 64; a++) {
            o.add((double) a);
        }
        DEFAULT_ORDERS = List.copyOf(o);
    }

    /**
     * Steps of one sampled Gaussian mechanism.
     *
     * @param q the sampling rate, in [0, 1]
     * @param sigma the noise multiplier (noise standard deviation over the sensitivity), {@code >= 0}
     * @param steps how many times it ran, {@code >= 0}
     */
    public record Steps(double q, double sigma, long steps) {
        /** Checks the fields. */
        public Steps {
            check(q, sigma);
            if (steps < 0) {
                throw new IllegalArgumentException("steps must be >= 0, got " + steps);
            }
        }
    }

    private final List<Steps> history = new ArrayList<>();

    /** An accountant with no step taken. */
    public RdpAccountant() {}

    /** Records {@code steps} more steps of the mechanism with sampling rate q and noise multiplier sigma. */
    public void add(double q, double sigma, long steps) {
        Steps s = new Steps(q, sigma, steps);
        if (!history.isEmpty()) {
            Steps last = history.get(history.size() - 1);
            if (last.q() == q && last.sigma() == sigma) {
                history.set(history.size() - 1, new Steps(q, sigma, last.steps() + steps));
                return;
            }
        }
        history.add(s);
    }

    /** The steps recorded, runs of the same mechanism merged. */
    public List<Steps> history() {
        return List.copyOf(history);
    }

    /** The total number of steps recorded. */
    public long steps() {
        return history.stream().mapToLong(Steps::steps).sum();
    }

    /** The guarantee of the steps recorded so far, with {@link Conversion#BALLE_2020}. */
    public PrivacyGuarantee guarantee(double delta) {
        return guarantee(history, delta, Conversion.BALLE_2020, DEFAULT_ORDERS);
    }

    /** The guarantee of {@code steps} steps of one mechanism, with {@link Conversion#BALLE_2020}. */
    public static PrivacyGuarantee guarantee(double q, double sigma, long steps, double delta) {
        return guarantee(List.of(new Steps(q, sigma, steps)), delta, Conversion.BALLE_2020, DEFAULT_ORDERS);
    }

    /**
     * The guarantee of composed mechanisms: {@code min over alpha in orders of convert(sum_i T_i ·
     * rdp_i(alpha), alpha, delta)}.
     *
     * @throws IllegalArgumentException for delta outside (0, 1) or an order not above 1
     */
    public static PrivacyGuarantee guarantee(List<Steps> mechanisms, double delta, Conversion conversion,
            List<Double> orders) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must lie in (0, 1), got " + delta);
        }
        boolean any = mechanisms.stream().anyMatch(s -> s.steps() > 0 && s.q() > 0);
        if (!any) {
            return new PrivacyGuarantee(0, delta, Double.NaN, conversion);
        }
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = Double.NaN;
        for (double alpha : orders) {
            if (!(alpha > 1)) {
                throw new IllegalArgumentException("Rényi orders must be > 1, got " + alpha);
            }
            double rdp = 0;
            for (Steps s : mechanisms) {
                if (s.steps() > 0) {
                    rdp += s.steps() * rdp(s.q(), s.sigma(), alpha);
                }
            }
            double eps = epsilon(rdp, alpha, delta, conversion);
            if (eps < best) {
                best = eps;
                bestOrder = alpha;
            }
        }
        return new PrivacyGuarantee(Math.max(0, best), delta, bestOrder, conversion);
    }

    /** The (epsilon, delta) of an (alpha, rdp)-RDP bound by {@code conversion} (formulas in the class comment). */
    public static double epsilon(double rdp, double alpha, double delta, Conversion conversion) {
        if (Double.isInfinite(rdp)) {
            return Double.POSITIVE_INFINITY;
        }
        return switch (conversion) {
            case CLASSIC -> rdp + Math.log(1 / delta) / (alpha - 1);
            case BALLE_2020 -> rdp + Math.log((alpha - 1) / alpha) - (Math.log(delta) + Math.log(alpha)) / (alpha - 1);
        };
    }

    /**
     * The Rényi DP of one step of the sampled Gaussian mechanism at order alpha (class comment):
     * 0 when q = 0, {@code +Infinity} when sigma = 0 and q &gt; 0.
     *
     * @throws IllegalArgumentException for q outside [0, 1], sigma &lt; 0 or alpha not above 1
     */
    public static double rdp(double q, double sigma, double alpha) {
        check(q, sigma);
        if (!(alpha > 1) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("the Rényi order must be finite and > 1, got " + alpha);
        }
        if (q == 0) {
            return 0;
        }
        if (sigma == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        double logA = alpha == Math.rint(alpha) ? logAInteger(q, sigma, (int) alpha) : logAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /** {@code log A_alpha} for integer alpha: the binomial expansion, summed in log space. */
    static double logAInteger(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        for (int k = 0; k <= alpha; k++) {
            double term = logBinomial(alpha, k) + k * logQ + (alpha - k) * log1mQ + (k * (double) k - k) / (2 * sigma * sigma);
            logA = logAdd(logA, term);
        }
        return logA;
    }

    /** {@code log A_alpha} for fractional alpha: Mironov et al.'s two-sided series (class comment). */
    static double logAFractional(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double s2 = sigma * sigma;
        double z0 = s2 * Math.log(1 / q - 1) + 0.5;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double coef = 1; // C(alpha, i), a generalised binomial coefficient
        for (int i = 0; i < 100_000; i++) {
            double j = alpha - i;
            double logCoef = Math.log(Math.abs(coef));
            double logT0 = logCoef + i * logQ + j * log1mQ;
            double logT1 = logCoef + j * logQ + i * log1mQ;
            double logE0 = Math.log(0.5) + ErrorFunction.logErfc((i - z0) / (Math.sqrt(2) * sigma));
            double logE1 = Math.log(0.5) + ErrorFunction.logErfc((z0 - j) / (Math.sqrt(2) * sigma));
            double logS0 = logT0 + (i * (double) i - i) / (2 * s2) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * s2) + logE1;
            if (coef > 0) {
                logA0 = logAdd(logA0, logS0);
                logA1 = logAdd(logA1, logS1);
            } else {
                logA0 = logSub(logA0, logS0);
                logA1 = logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30) {
                break;
            }
            coef *= (alpha - i) / (i + 1);
        }
        return logAdd(logA0, logA1);
    }

    /**
     * The smallest noise multiplier (within a relative 0.1%, found by bisection on log sigma) whose
     * guarantee after {@code steps} steps at sampling rate q is at most {@code targetEpsilon}: what
     * Opacus' {@code get_noise_multiplier} returns. Its epsilon lies within 1% below the target.
     *
     * @throws IllegalArgumentException when the target is not positive, or q, steps or delta are out
     *     of range, or no sigma up to 10^4 reaches the target
     */
    public static double noiseMultiplier(double targetEpsilon, double delta, double q, long steps) {
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new IllegalArgumentException("target epsilon must be finite and > 0, got " + targetEpsilon);
        }
        if (!(q > 0 && q <= 1) || steps < 1) {
            throw new IllegalArgumentException("need q in (0, 1] and steps >= 1, got q " + q + ", steps " + steps);
        }
        double lo = 1e-3;
        double hi = 1;
        while (guarantee(q, hi, steps, delta).epsilon() > targetEpsilon) {
            lo = hi;
            hi *= 2;
            if (hi > 1e4) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "no noise multiplier up to 1e4 reaches epsilon %.4g at delta %.3g, q %.4g, %d steps", targetEpsilon,
                        delta, q, steps));
            }
        }
        if (guarantee(q, lo, steps, delta).epsilon() <= targetEpsilon) {
            return lo;
        }
        while (hi / lo > 1.001) {
            double mid = Math.sqrt(lo * hi);
            if (guarantee(q, mid, steps, delta).epsilon() > targetEpsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static void check(double q, double sigma) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("sampling rate q must lie in [0, 1], got " + q);
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise multiplier sigma must be finite and >= 0, got " + sigma);
        }
    }

    private static double logBinomial(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }

    /** {@code log(e^a + e^b)}. */
    private static double logAdd(double a, double b) {
        double hi = Math.max(a, b);
        double lo = Math.min(a, b);
        if (hi == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        return hi + Math.log1p(Math.exp(lo - hi));
    }

    /** {@code log(e^a - e^b)} for a &gt;= b (as Opacus' {@code _log_sub}: -inf when equal). */
    private static double logSub(double a, double b) {
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        if (a == b) {
            return Double.NEGATIVE_INFINITY;
        }
        if (a < b) {
            throw new ArithmeticException("log of a negative number in the fractional-order series");
        }
        return a + Math.log1p(-Math.exp(b - a));
    }
}
