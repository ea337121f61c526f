package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.Value;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.penalty.RateGapPenalty;

import java.util.Objects;

/**
 * A fairness target the trainer meets by tuning a penalty's weight (dual ascent on a Lagrangian),
 * for example "|FPR gap| &lt;= 0.02 on validation". The constraint is
 *
 * <pre>  c = |m - ideal| - bound &lt;= 0</pre>
 *
 * with m the {@link MetricSpec} measured with hard predictions on the validation set. Training
 * minimises {@code CE + lambda * surrogate + (other penalties)}, where the surrogate is a
 * differentiable penalty computed on soft rates of each training batch; after every validation
 * pass the multiplier takes a projected dual-ascent step on the <em>hard</em> validation value
 * (the "proxy Lagrangian" of Cotter et al. 2019, "Optimization with Non-Differentiable Constraints"):
 *
 * <pre>  lambda &lt;- min(maxLambda, max(0, lambda + dualStepSize * c))</pre>
 *
 * so lambda grows while the target is missed and shrinks once it is met with room to spare. An
 * undefined validation value (an empty group) leaves lambda unchanged. The trainer keeps the best
 * evaluation that meets the target, or, if none does, the one closest to it, and says which.
 *
 * <p>Step size: c is in metric units (a gap of 0.10 against a bound of 0.02 gives c = 0.08), so a
 * step size of 10 moves lambda by 0.8 per evaluation; evaluate several times per epoch ({@link
 * TrainerConfig.Evaluation#everySteps()}) to give the multiplier room to move.
 */
public final class LagrangianTarget {

    private final MetricSpec metric;
    private final double bound;
    private final FairnessPenalty surrogate;
    private final double dualStepSize;
    private final double initialLambda;
    private final double maxLambda;

    private LagrangianTarget(Builder b) {
        metric = b.metric;
        bound = b.bound;
        surrogate = b.surrogate != null ? b.surrogate : defaultSurrogate(b.metric.metric());
        dualStepSize = b.dualStepSize;
        initialLambda = b.initialLambda;
        maxLambda = b.maxLambda;
    }

    /** A builder: metric and bound are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The constrained metric (hard, on validation). */
    public MetricSpec metric() {
        return metric;
    }

    /** The bound on {@code |m - ideal|}. */
    public double bound() {
        return bound;
    }

    /** The differentiable penalty whose weight is the multiplier. */
    public FairnessPenalty surrogate() {
        return surrogate;
    }

    /** The dual step size η. */
    public double dualStepSize() {
        return dualStepSize;
    }

    /** The multiplier at the start. */
    public double initialLambda() {
        return initialLambda;
    }

    /** The largest multiplier. */
    public double maxLambda() {
        return maxLambda;
    }

    /** The constraint value {@code c = |m - ideal| - bound}: at most 0 when met; NaN when m is undefined. */
    public double violation(Value value) {
        return metric.distanceFromIdeal(value) - bound;
    }

    /** Whether {@code value} meets the target (false when undefined). */
    public boolean isMet(Value value) {
        return violation(value) <= 0;
    }

    /** The multiplier after one dual step from {@code lambda} on the validation value. */
    public double update(double lambda, Value value) {
        double c = violation(value);
        if (Double.isNaN(c)) {
            return lambda;
        }
        return Math.min(maxLambda, Math.max(0, lambda + dualStepSize * c));
    }

    /** For example {@code "|fpr_gap| <= 0.02"}. */
    @Override
    public String toString() {
        double ideal = metric.metric().ideal();
        return "|" + metric.key() + (ideal == 0 ? "" : " - " + ideal) + "| <= " + bound;
    }

    /** The rate-gap penalty that approximates {@code metric} ({@link RateGapPenalty#approximating}). */
    static FairnessPenalty defaultSurrogate(FairnessMetric metric) {
        return RateGapPenalty.approximating(metric).orElseThrow(() -> new IllegalArgumentException(
                "no built-in surrogate penalty for " + metric + ": give one with optSurrogate(...)"));
    }

    /** Builds a {@link LagrangianTarget}. */
    public static final class Builder {
        private MetricSpec metric;
        private double bound = Double.NaN;
        private FairnessPenalty surrogate;
        private double dualStepSize = 10;
        private double initialLambda;
        private double maxLambda = 100;

        private Builder() {}

        /** The constrained metric (required). */
        public Builder setMetric(MetricSpec metric) {
            this.metric = metric;
            return this;
        }

        /** The bound on {@code |m - ideal|} (required, {@code >= 0}). */
        public Builder setBound(double bound) {
            this.bound = bound;
            return this;
        }

        /** The surrogate penalty; default the {@link RateGapPenalty} of the metric, where there is one. */
        public Builder optSurrogate(FairnessPenalty surrogate) {
            this.surrogate = Objects.requireNonNull(surrogate);
            return this;
        }

        /** The dual step size η (default 10). */
        public Builder optDualStepSize(double dualStepSize) {
            this.dualStepSize = dualStepSize;
            return this;
        }

        /** The starting multiplier (default 0). */
        public Builder optInitialLambda(double initialLambda) {
            this.initialLambda = initialLambda;
            return this;
        }

        /** The largest multiplier (default 100). */
        public Builder optMaxLambda(double maxLambda) {
            this.maxLambda = maxLambda;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException when the metric or bound is missing, a number is out of
         *     range, or no surrogate is given for a metric without a built-in one
         */
        public LagrangianTarget build() {
            if (metric == null) {
                throw new IllegalArgumentException("setMetric is required");
            }
            if (!(bound >= 0) || Double.isInfinite(bound)) {
                throw new IllegalArgumentException("setBound is required: a finite bound >= 0, got " + bound);
            }
            if (!(dualStepSize > 0) || Double.isInfinite(dualStepSize)) {
                throw new IllegalArgumentException("dual step size must be finite and > 0, got " + dualStepSize);
            }
            if (!(maxLambda > 0) || Double.isInfinite(maxLambda) || !(initialLambda >= 0) || initialLambda > maxLambda) {
                throw new IllegalArgumentException("need 0 <= initial lambda <= max lambda < infinity, got "
                        + initialLambda + ", " + maxLambda);
            }
            return new LagrangianTarget(this);
        }
    }
}
