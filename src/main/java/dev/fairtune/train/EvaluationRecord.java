package dev.fairtune.train;

import dev.fairtune.fairness.Collapse;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Value;

import java.util.List;

/**
 * One pass over the validation set (dropout off), after {@code step} optimizer steps.
 *
 * @param step optimizer steps completed
 * @param epoch the epoch in which it happened, from 0
 * @param loss mean cross-entropy (unweighted)
 * @param accuracy share of rows whose highest-scoring class is the label
 * @param auc ROC AUC of the positive class's probability
 * @param metric the monitored fairness metric (hard predictions: the highest-scoring class)
 * @param target the target's metric, or null without a {@link LagrangianTarget}
 * @param targetViolation {@code |target - ideal| - bound}; NaN without a target or when undefined
 * @param targetMet whether the target is met (false without a target)
 * @param lambdas every penalty's weight during the steps before this evaluation, in the loss's
 *     order (the target's multiplier is updated after it)
 * @param objective the {@link SelectionObjective}'s value
 * @param frame every rate by group, the aggregates, the named metrics and the score metrics
 *     (AUC, BPSN and BNSP AUC per group) of the positive class
 * @param collapse whether the classifier predicts (nearly) one class, overall or within a group;
 *     a collapsed evaluation is never selected nor counted as meeting a target (null in a history
 *     written before it was recorded: read as not collapsed)
 */
public record EvaluationRecord(
        long step,
        int epoch,
        double loss,
        double accuracy,
        Value auc,
        Value metric,
        Value target,
        double targetViolation,
        boolean targetMet,
        List<Double> lambdas,
        double objective,
        MetricFrame frame,
        Collapse collapse) {

    /** Copies the list. */
    public EvaluationRecord {
        lambdas = List.copyOf(lambdas);
    }

    /** Whether the predictions collapsed to (nearly) one class ({@link Collapse}). */
    public boolean collapsed() {
        return collapse != null && collapse.collapsed();
    }
}
