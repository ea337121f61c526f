package dev.fairtune.fairness;

/**
 * Generalized entropy indices of the benefit {@code b = prediction - label + 1} (Speicher et al.
 * 2018, as in AIF360): b is 0 for a false negative, 1 for a correct prediction and 2 for a false
 * positive. With {@code mu} the (weighted) mean benefit and W the total weight,
 *
 * <pre>
 * GE(alpha) = 1 / (W alpha (alpha - 1)) * sum_i w_i ((b_i / mu)^alpha - 1)   alpha not 0 or 1
 * GE(1)     = (1 / W) sum_i w_i (b_i / mu) ln(b_i / mu)                       Theil index; 0 ln 0 = 0
 * GE(0)     = -(1 / W) sum_i w_i ln(b_i / mu)                                 +inf with any false negative
 * </pre>
 *
 * <p>The between-group index replaces each row's benefit by its group's mean benefit {@code mu_g}:
 * {@code GE_between(alpha) = 1 / (W alpha (alpha - 1)) * sum_g W_g ((mu_g / mu)^alpha - 1)} (and the
 * same limits for alpha 1 and 0); groups with no rows add nothing. Weights act as frequencies; for
 * unweighted rows this is AIF360's definition, except that AIF360's between-group index uses the
 * privileged/unprivileged split while this one uses every group.
 *
 * <p>Range [0, inf) (0 when every row has the same benefit), ideal 0. Undefined with no rows
 * ({@link Reason#NO_ROWS}, group "overall"), zero total weight ({@link Reason#ZERO_WEIGHT}) or a
 * mean benefit of 0 ({@link Reason#ZERO_MEAN_BENEFIT}). All values follow from the confusion
 * counts, so they merge like every other count metric.
 */
public final class EntropyIndex {
    private EntropyIndex() {
    }

    /** The generalized entropy index GE(alpha) of all rows. */
    public static Value generalized(GroupConfusion counts, double alpha) {
        return generalized(counts.overall(), alpha);
    }

    /** The generalized entropy index GE(alpha) of the rows in one confusion. */
    public static Value generalized(Confusion c, double alpha) {
        Value invalid = checkMean(c);
        if (invalid != null) {
            return invalid;
        }
        double w = c.weight();
        double mu = meanBenefit(c);
        double correct = c.tpWeight() + c.tnWeight();
        double sum = term(correct, 1 / mu, alpha) + term(c.fpWeight(), 2 / mu, alpha) + term(c.fnWeight(), 0, alpha);
        return Value.of(finish(sum, w, alpha));
    }

    /** The between-group part of GE(alpha): each row's benefit replaced by its group's mean. */
    public static Value betweenGroups(GroupConfusion counts, double alpha) {
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
                sum += term(c.weight(), meanBenefit(c) / mu, alpha);
            }
        }
        return Value.of(finish(sum, all.weight(), alpha));
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
