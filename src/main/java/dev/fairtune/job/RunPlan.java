package dev.fairtune.job;

import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.train.LagrangianTarget;
import java.util.Objects;

/**
 * One run of a {@link FineTuneJob}: plain cross-entropy, cross-entropy plus a penalty of fixed
 * weight, or a Lagrangian target whose weight is tuned.
 *
 * @param name the run's name in the report (also its folder's name, see {@link #folderName()})
 * @param description what the run optimises, for the report
 * @param penalty a fixed-weight penalty, or null
 * @param lambda its weight (0 without a penalty)
 * @param target a Lagrangian target, or null
 */
public record RunPlan(String name, String description, FairnessPenalty penalty, double lambda, LagrangianTarget target) {

    /** Checks the name, the weight, and that a run has a penalty or a target, not both. */
    public RunPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (penalty != null && target != null) {
            throw new IllegalArgumentException("a run has a fixed-weight penalty or a tuned target, not both");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("the penalty weight must be a finite number >= 0, got " + lambda);
        }
    }

    /** Cross-entropy only, named {@code plain}. */
    public static RunPlan plain() {
        return new RunPlan("plain", "cross-entropy only", null, 0, null);
    }

    /** Cross-entropy plus {@code lambda} times {@code penalty}. */
    public static RunPlan penalized(String name, FairnessPenalty penalty, double lambda) {
        return new RunPlan(name, "cross-entropy + " + lambda + " x " + penalty.name(), Objects.requireNonNull(penalty),
                lambda, null);
    }

    /** A Lagrangian target, named {@code target}: the surrogate's weight is tuned until the bound holds on validation. */
    public static RunPlan targeted(LagrangianTarget target) {
        return new RunPlan("target", "cross-entropy + lambda x " + target.surrogate().name()
                + ", lambda tuned so that " + target + " on validation", null, 0, target);
    }

    /** The run's folder name: its name with every run of characters other than letters, digits, - and _ as one -. */
    public String folderName() {
        return name.replaceAll("[^A-Za-z0-9_-]+", "-");
    }
}
