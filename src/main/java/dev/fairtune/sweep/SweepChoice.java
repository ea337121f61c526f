package dev.fairtune.sweep;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SweepRule} picked, and why.
 *
 * @param rule the rule applied
 * @param frontier the validation frontier the rule saw
 * @param chosen the chosen point; null when every point collapsed or has an undefined figure
 * @param ruleMet whether the chosen point satisfies the rule (false when a bound is not met by any
 *     run and the fairest run was kept, or when nothing was chosen)
 * @param explanation the choice in words, naming the run and its validation figures
 */
public record SweepChoice(SweepRule rule, Frontier frontier, SweepPoint chosen, boolean ruleMet, String explanation) {

    /** Checks the fields. */
    public SweepChoice {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(frontier, "frontier");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** The chosen point, if any. */
    public Optional<SweepPoint> point() {
        return Optional.ofNullable(chosen);
    }

    /** No eligible point: every run collapsed or has an undefined figure. */
    static SweepChoice none(SweepRule rule, Frontier frontier, List<SweepPoint> points) {
        List<String> collapsed = SweepRule.collapsedNames(points);
        return new SweepChoice(rule, frontier, null, false, "no run can be chosen: " + (collapsed.isEmpty()
                ? "every run has an undefined validation figure"
                : collapsed.size() + " of " + points.size() + " runs predict (nearly) one class (" + String.join(", ",
                        collapsed) + ") and the rest have an undefined validation figure"));
    }
}
