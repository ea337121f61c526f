package dev.fairtune.sweep;

import dev.fairtune.fairness.Observations;
import dev.fairtune.postprocess.ThresholdPostProcessor;
import dev.fairtune.train.Predictions;
import dev.fairtune.train.TrainingHistory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link Sweep#run}.
 *
 * @param points every run's validation point, in grid order, then the post-processing point if any
 * @param histories every trained run's history, in grid order
 * @param choice the rule's choice on validation, with the frontier
 * @param rule the rule in words
 * @param chosenTest the chosen trained run's predictions on the test set, scored once after the
 *     choice; empty without a test set, when nothing was chosen, or when post-processing was chosen
 * @param postProcessedTest the post-processing point's test observations (thresholds applied), when
 *     it was chosen and a test set was given
 * @param postProcessor the group thresholds fitted on the plain run's validation scores, when asked for
 * @param directory the sweep's folder
 */
public record SweepResult(List<SweepPoint> points, List<TrainingHistory> histories, SweepChoice choice, String rule,
        Optional<Predictions> chosenTest, Optional<Observations> postProcessedTest,
        Optional<ThresholdPostProcessor> postProcessor, Path directory) {

    /** Copies the lists. */
    public SweepResult {
        points = List.copyOf(points);
        histories = List.copyOf(histories);
    }

    /** The points that collapsed, in order. */
    public List<SweepPoint> collapsed() {
        return points.stream().filter(SweepPoint::collapsed).toList();
    }
}
