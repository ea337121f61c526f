package dev.fairtune.sweep;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.fairness.Value;
import dev.fairtune.train.SelectionObjective;

import java.util.Objects;

/**
 * One run of a sweep, as the frontier and the rules see it: its validation figures, measured with
 * hard predictions (the highest-scoring class) on the validation set only.
 *
 * @param name the run's name, unique within a sweep (for example {@code "fpr_gap x 2.0"})
 * @param method what was trained, in words (penalty and weight, target and bound, or the
 *     post-processor)
 * @param kind in-processing (a trained model) or post-processing (group thresholds)
 * @param setting the grid value: the penalty weight lambda, the target's bound, or NaN for the plain
 *     run and for post-processing
 * @param accuracy validation accuracy
 * @param auc validation ROC AUC of the positive class's score (NaN when undefined)
 * @param loss validation mean cross-entropy (NaN for post-processing, which changes no score)
 * @param fairness the sweep's fairness metric on validation (undefined with a reason when a group is
 *     empty)
 * @param distance {@code |fairness - ideal|}, the x axis of the frontier (NaN when undefined)
 * @param collapseReason why the run predicts (nearly) one class, overall or within a group, in
 *     words; null when it does not ({@link dev.fairtune.fairness.Collapse})
 */
public record SweepPoint(String name, String method, Kind kind, double setting, double accuracy, double auc,
        double loss, Value fairness, double distance, String collapseReason) {

    /** How the point's predictions are made. */
    public enum Kind {
        /** A fine-tuned model: needs only the text at prediction time. */
        IN_PROCESSING,
        /**
         * Group-specific thresholds on a model's scores, fitted on validation: needs each person's
         * group at prediction time.
         */
        POST_PROCESSING
    }

    /** Checks the fields. */
    public SweepPoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fairness, "fairness");
    }

    /** A point whose distance is {@code metric}'s distance of {@code fairness} from its ideal. */
    public static SweepPoint of(String name, String method, Kind kind, double setting, double accuracy, double auc,
            double loss, MetricSpec metric, Value fairness, String collapseReason) {
        return new SweepPoint(name, method, kind, setting, accuracy, auc, loss, fairness,
                metric.distanceFromIdeal(fairness), collapseReason);
    }

    /** Whether the run predicts (nearly) one class: never on the frontier, never chosen. */
    public boolean collapsed() {
        return collapseReason != null;
    }

    /** The task score the frontier's y axis uses: AUC or accuracy (minus the loss for NEGATIVE_LOSS). */
    public double primary(SelectionObjective.Primary primary) {
        return switch (primary) {
            case AUC -> auc;
            case ACCURACY -> accuracy;
            case NEGATIVE_LOSS -> -loss;
        };
    }

    /**
     * Whether the point can be on the frontier or chosen: not collapsed, and both its task score and
     * its fairness distance are defined.
     */
    public boolean eligible(SelectionObjective.Primary primary) {
        return !collapsed() && !Double.isNaN(primary(primary)) && !Double.isNaN(distance);
    }
}
