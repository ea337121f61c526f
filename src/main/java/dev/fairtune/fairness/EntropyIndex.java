package dev.fairtune.fairness;

/**
 * Generalized entropy indices and coefficients of variation of the benefit
 * {@code b = prediction - label + 1} (Speicher et al. 2018, as in AIF360): b is 0 for a false
 * negative, 1 for a correct prediction and 2 for a false positive. With {@code mu} the (weighted)
 * mean benefit and W the total weight,
 *
 * <pre>
 * GE(alpha) = 1 / (W alpha (alpha - 1)) * sum_i w_i ((b_i / mu)^alpha - 1)   alpha not 0 or 1
 * GE(1)     = (1 / W) sum_i w_i (b_i / mu) ln(b_i / mu)                       Theil index; 0 ln 0 = 0
 * GE(0)     = -(1 / W) sum_i w_i ln(b_i / mu)                                 mean log deviation
 * CV        = sqrt(2 GE(2)) = sigma_b / mu                                    coefficient of variation
 * </pre>
 *
 * <p>The between-group index replaces each row's benefit by its group's mean benefit {@code mu_g}:
 * {@code GE_between(alpha) = 1 / (W alpha (alpha - 1)) * sum_g W_g ((mu_g / mu)^alpha - 1)} (and the
 * same limits for alpha 1 and 0), and {@code CV_between = sqrt(2 GE_between(2))}; groups with no rows
 * add nothing. Weights act as frequencies; for unweighted rows this is AIF360's definition, except
 * that AIF360's between-group index uses the privileged/unprivileged split while this one uses every
 * group. (AIF360 computed the coefficient of variation as {@code 2 sqrt(GE(2))}, which is sqrt 2 times
 * sigma / mu, until a fix in January 2022; it now uses {@code sqrt(2 GE(2))}, as here.)
 *
 * <p>Range [0, inf) (0 when every row has the same benefit), ideal 0; unsigned. Undefined with no
 * rows ({@link Reason#NO_ROWS}, group "overall"), zero total weight ({@link Reason#ZERO_WEIGHT}) or
 * a mean benefit of 0 ({@link Reason#ZERO_MEAN_BENEFIT}). A benefit of 0 (a false negative of
 * positive weight) is harmless for alpha &gt; 0 ({@code 0^alpha = 0}, and {@code 0 ln 0 = 0} for the
 * Theil index), but makes GE(alpha) infinite for alpha &lt;= 0; the value is then undefined with
 * {@link Reason#ZERO_BENEFIT} ("overall"), or for the between-group index with
 * {@link Reason#ZERO_MEAN_BENEFIT} and the group whose every row is a false negative, rather than
 * an infinity that JSON cannot hold. All values follow from the confusion counts (one pass over the
 * groups), so they merge like every other count metric.
 */
public final class EntropyIndex {
    private EntropyIndex() {
    }

    /**
     * The generalized entropy index GE(alpha) of all rows.
     *
     * @throws IllegalArgumentException if alpha is NaN or infinite (a programming error, not a data problem)
     */
    public static Value generalized(GroupConfusion counts, double alpha) {
        return generalized(counts.overall(), alpha);
    }

    /**
     * The generalized entropy index GE(alpha) of the rows in one confusion.
     *
     * @throws IllegalArgumentException if alpha is NaN or infinite
     */
    public static Value generalized(Confusion c, double alpha) {
        checkAlpha(alpha);
        Value invalid = checkMean(c);
        if (invalid != null) {
            return invalid;
        }
        if (alpha <= 0 && c.fnWeight() > 0) {
            return Value.undefined(Reason.ZERO_BENEFIT, c.group());
        }
        double w = c.weight();
        double mu = meanBenefit(c);
        double correct = c.tpWeight() + c.tnWeight();
        double sum = term(correct, 1 / mu, alpha) + term(c.fpWeight(), 2 / mu, alpha) + term(c.fnWeight(), 0, alpha);
        return Value.of(finish(sum, w, alpha));
    }

    /**
     * The between-group part of GE(alpha): each row's benefit replaced by its group's mean.
     *
     * @throws IllegalArgumentException if alpha is NaN or infinite
     */
    public static Value betweenGroups(GroupConfusion counts, double alpha) {
        checkAlpha(alpha);
        Confusion all = counts.overall();
        Value invalid = checkMean(all);
        if (invalid != null) {
            return invalid;
        }
        double mu = meanBenefit(all);
        double sum = 0;
        for (int g = 0; g < counts.groups().size(); g++) {
            Confusion c = counts.group(g);
            if (c.weight() > 0) {
                double x = meanBenefit(c) / mu;
                if (x == 0 && alpha <= 0) {
                    return Value.undefined(Reason.ZERO_MEAN_BENEFIT, c.group());
                }
                sum += term(c.weight(), x, alpha);
            }
        }
        return Value.of(finish(sum, all.weight(), alpha));
    }

    /**
     * The coefficient of variation of the benefit, {@code sqrt(2 GE(2)) = sigma_b / mu} (population
     * standard deviation, weights as frequencies); undefined as {@link #generalized(Confusion, double)}.
     */
    public static Value coefficientOfVariation(GroupConfusion counts) {
        return sqrtTwice(generalized(counts, 2));
    }

    /**
     * The between-group coefficient of variation {@code sqrt(2 GE_between(2))}: the weighted standard
     * deviation of the group mean benefits over the mean benefit; undefined as {@link #betweenGroups}.
     */
    public static Value betweenGroupsCoefficientOfVariation(GroupConfusion counts) {
        return sqrtTwice(betweenGroups(counts, 2));
    }

    private static Value sqrtTwice(Value ge2) {
        // GE(2) >= 0 in exact arithmetic; clamp a rounding error of -1e-17 so the root stays defined.
        return ge2.isDefined() ? Value.of(Math.sqrt(2 * Math.max(0, ge2.value()))) : ge2;
    }

    private static void checkAlpha(double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite, got " + alpha);
        }
    }

    private static Value checkMean(Confusion c) {
        if (c.count() == 0) {
            return Value.undefined(Reason.NO_ROWS, c.group());
        }
        if (c.weight() == 0) {
            return Value.undefined(Reason.ZERO_WEIGHT, c.group());
        }
        if (meanBenefit(c) == 0) {
            return Value.undefined(Reason.ZERO_MEAN_BENEFIT, c.group());
        }
        return null;
    }

    private static double meanBenefit(Confusion c) {
        return (c.tpWeight() + c.tnWeight() + 2 * c.fpWeight()) / c.weight();
    }

    /** The contribution of weight w at relative benefit x = b / mu, before the common factor. */
    private static double term(double w, double x, double alpha) {
        if (w == 0) {
            return 0;
        }
        if (alpha == 1) {
            return x == 0 ? 0 : w * x * Math.log(x);
        }
        if (alpha == 0) {
            return -w * Math.log(x);
        }
        return w * (Math.pow(x, alpha) - 1);
    }

    private static double finish(double sum, double w, double alpha) {
        if (alpha == 1 || alpha == 0) {
            return sum / w;
        }
        return sum / (w * alpha * (alpha - 1));
    }
}
