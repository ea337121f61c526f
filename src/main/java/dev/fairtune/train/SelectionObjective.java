package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import java.util.Objects;

/**
 * What "better" means when the trainer picks its best evaluation and decides on early stopping: a
 * task score on the validation set, minus a weight times the distance of a fairness metric from
 * its ideal value. Higher is better:
 *
 * <pre>
 *   objective = primary - fairnessWeight * |fairness - ideal|
 *   primary   = AUC of the positive class's score | accuracy | -(mean cross-entropy)
 * </pre>
 *
 * With weight 0 the fairness metric is ignored (and may be null). An undefined term (an AUC on a
 * validation set with one label, a metric with an empty group) makes the objective NaN, which never
 * counts as an improvement.
 *
 * @param primary the task score
 * @param fairness the fairness metric of the second term; null when the weight is 0
 * @param fairnessWeight the weight of the fairness term, {@code >= 0}
 */
public record SelectionObjective(Primary primary, MetricSpec fairness, double fairnessWeight) {

    /** The task score. */
    public enum Primary {
        /** ROC AUC of the positive class's probability (threshold-free). */
        AUC,
        /** Share of rows whose highest-scoring class is the label. */
        ACCURACY,
        /** Minus the mean cross-entropy (the validation loss), HuggingFace's default. */
        NEGATIVE_LOSS
    }

    /** Checks the fields. */
    public SelectionObjective {
        Objects.requireNonNull(primary, "primary");
        if (!(fairnessWeight >= 0) || Double.isInfinite(fairnessWeight)) {
            throw new IllegalArgumentException("fairness weight must be finite and >= 0, got " + fairnessWeight);
        }
        if (fairnessWeight > 0 && fairness == null) {
            throw new IllegalArgumentException("a fairness weight > 0 needs a fairness metric");
        }
    }

    /** The task score alone. */
    public static SelectionObjective of(Primary primary) {
        return new SelectionObjective(primary, null, 0);
    }

    /** The task score minus {@code weight} times the metric's distance from its ideal. */
    public static SelectionObjective combined(Primary primary, MetricSpec fairness, double weight) {
        return new SelectionObjective(primary, Objects.requireNonNull(fairness, "fairness"), weight);
    }

    /**
     * The objective from the validation figures.
     *
     * @param auc the AUC (NaN when undefined)
     * @param accuracy the accuracy
     * @param loss the mean cross-entropy
     * @param fairnessDistance {@code |fairness - ideal|} (NaN when undefined; unused with weight 0)
     */
    public double value(double auc, double accuracy, double loss, double fairnessDistance) {
        double p = switch (primary) {
            case AUC -> auc;
            case ACCURACY -> accuracy;
            case NEGATIVE_LOSS -> -loss;
        };
        return fairnessWeight == 0 ? p : p - fairnessWeight * fairnessDistance;
    }
}
