package dev.fairtune.report;

import dev.fairtune.sweep.SweepChoice;
import dev.fairtune.sweep.SweepPoint;
import dev.fairtune.train.SelectionObjective;

import java.util.List;
import java.util.Objects;

/**
 * How a model was chosen by a sweep, for the report's frontier chart and the model card: every
 * run's validation point, the frontier, the rule and its choice. The report's runs whose names
 * match points add their test points to the chart.
 *
 * @param rule the rule in words
 * @param choice the choice in words (which run, its validation figures, whether the rule was met)
 * @param primary the task score of the y axis
 * @param metric the fairness metric's label (the x axis is its distance from the ideal)
 * @param points every run's validation point, in sweep order
 * @param frontier the names of the points on the validation frontier, fairest first
 * @param chosen the chosen point's name; null when nothing could be chosen
 */
public record SweepSummary(String rule, String choice, SelectionObjective.Primary primary, String metric,
        List<SweepPoint> points, List<String> frontier, String chosen) {

    /** Checks and copies. */
    public SweepSummary {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(primary, "primary");
        points = List.copyOf(points);
        frontier = List.copyOf(frontier);
    }

    /** The summary of a sweep's choice over its points. */
    public static SweepSummary of(SweepChoice choice, List<SweepPoint> points, String metric) {
        return new SweepSummary(choice.rule().describe(), choice.explanation(), choice.rule().primary(), metric, points,
                choice.frontier().points().stream().map(SweepPoint::name).toList(),
                choice.chosen() == null ? null : choice.chosen().name());
    }
}
