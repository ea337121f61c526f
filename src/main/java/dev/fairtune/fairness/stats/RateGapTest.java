package dev.fairtune.fairness.stats;

import dev.fairtune.fairness.Confusion;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.Value;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Tests of a gap in a rate (any proportion: TPR, FPR, selection rate, ...) between a group and a
 * reference group, on the 2 x 2 table of successes and failures. These count rows: sample weights
 * are ignored.
 *
 * <ul>
 *   <li>{@link Method#TWO_PROPORTION_Z}: {@code z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2))} with
 *       the pooled {@code p = (x1 + x2) / (n1 + n2)}; p-value {@code 2 (1 - Phi(|z|))}.
 *   <li>{@link Method#FISHER_EXACT}: conditional on the margins, x1 is hypergeometric; the two-sided
 *       p-value sums the probabilities of all tables no more likely than the observed one.
 * </ul>
 *
 * <p>{@link #test(GroupConfusion, Rate, int, int)} picks Fisher's exact test when any expected cell
 * count is below 5 (Cochran's rule) and the z test otherwise.
 */
public final class RateGapTest {
    /** The test behind a p-value. */
    public enum Method {
        /** The pooled two-proportion z test (large counts). */
        TWO_PROPORTION_Z,
        /** Fisher's exact test (small counts). */
        FISHER_EXACT
    }

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private RateGapTest() {
    }

    /** Tests the gap, choosing the method by Cochran's rule. */
    public static RateGapResult test(GroupConfusion counts, Rate rate, int group, int reference) {
        return test(counts, rate, group, reference, null);
    }

    /**
     * Tests the gap with a given method.
     *
     * @param method the test, or null to choose by Cochran's rule
     * @throws IllegalArgumentException if the rate is not a proportion
     */
    public static RateGapResult test(GroupConfusion counts, Rate rate, int group, int reference, Method method) {
        if (!rate.isProportion()) {
            throw new IllegalArgumentException(rate + " is not a proportion of rows; test one of TPR .. ERROR_RATE");
        }
        Confusion a = counts.group(group);
        Confusion b = counts.group(reference);
        long x1 = rate.successes(a);
        long n1 = rate.trials(a);
        long x2 = rate.successes(b);
        long n2 = rate.trials(b);
        Value p1 = proportion(x1, n1, rate, a);
        Value p2 = proportion(x2, n2, rate, b);
        Value diff = !p1.isDefined() ? p1 : !p2.isDefined() ? p2 : Value.of(p1.value() - p2.value());
        if (method == null) {
            method = smallestExpected(x1, n1, x2, n2) < 5 ? Method.FISHER_EXACT : Method.TWO_PROPORTION_Z;
        }
        Value z = diff;
        if (diff.isDefined()) {
            double pooled = (double) (x1 + x2) / (n1 + n2);
            double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
            z = se == 0 ? Value.undefined(Reason.ZERO_VARIANCE, a.group() + " vs " + b.group())
                    : Value.of(diff.value() / se);
        }
        Value p;
        if (!diff.isDefined()) {
            p = diff;
        } else if (method == Method.TWO_PROPORTION_Z) {
            p = z.isDefined() ? Value.of(2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z.value())))) : z;
        } else {
            p = Value.of(fisherTwoSided(x1, n1, x2, n2));
        }
        return new RateGapResult(rate, a.group(), b.group(), x1, n1, x2, n2, diff, method, z, p);
    }

    /** The unweighted proportion; with no trials, the rate itself says why it is undefined. */
    private static Value proportion(long x, long n, Rate rate, Confusion c) {
        return n == 0 ? rate.of(c) : Value.of((double) x / n);
    }

    private static double smallestExpected(long x1, long n1, long x2, long n2) {
        double total = n1 + n2;
        if (total == 0) {
            return 0;
        }
        double successes = x1 + x2;
        double failures = total - successes;
        return Math.min(Math.min(n1 * successes, n1 * failures), Math.min(n2 * successes, n2 * failures)) / total;
    }

    private static double fisherTwoSided(long x1, long n1, long x2, long n2) {
        long total = n1 + n2;
        long successes = x1 + x2;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Fisher's exact test supports at most " + Integer.MAX_VALUE
                    + " rows; use Method.TWO_PROPORTION_Z for " + total);
        }
        HypergeometricDistribution h = new HypergeometricDistribution(null, (int) total, (int) successes, (int) n1);
        double observed = h.probability((int) x1);
        double limit = observed * (1 + 1e-7);
        double p = 0;
        for (int k = h.getSupportLowerBound(); k <= h.getSupportUpperBound(); k++) {
            double pk = h.probability(k);
            if (pk <= limit) {
                p += pk;
            }
        }
        return Math.min(1, p);
    }
}
