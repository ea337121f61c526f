package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.data.TextDataset;
import dev.fairtune.fairness.Collapse;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.ScoreMetrics;
import dev.fairtune.fairness.Value;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.text.TextEncoder;

import java.util.List;

/**
 * One validation pass: the classifier's logits on the validation set ({@link Predictor}, evaluation
 * mode, from the frozen-layer cache when the run has one), turned by the one prediction rule ({@link Predictions}) into the full {@link MetricFrame}
 * (counts of the positive class per group, AUCs), the validation loss and accuracy, the monitored
 * metric, the target's value and violation, and the selection objective.
 */
final class Evaluator {

    private final PretrainedModel model;
    private final BertClassifier classifier;
    private final TextDataset validation;
    private final String attribute;
    private final Groups groups;
    private final int reference;
    private final int positive;
    private final int batchSize;
    private final MetricSpec monitored;
    private final LagrangianTarget target;
    private final SelectionObjective objective;
    private final FrozenLayerCache cache;

    /**
     * An evaluator of {@code classifier} on {@code validation}, grouped by {@code attribute}.
     *
     * @param target the Lagrangian target, or null
     * @param cache the run's frozen-layer cache, or null
     */
    Evaluator(PretrainedModel model, BertClassifier classifier, TextDataset validation, String attribute, Groups groups,
            int reference, TrainerConfig config, MetricSpec monitored, LagrangianTarget target,
            FrozenLayerCache cache) {
        this.model = model;
        this.classifier = classifier;
        this.validation = validation;
        this.attribute = attribute;
        this.groups = groups;
        this.reference = reference;
        this.positive = config.positiveClass();
        this.batchSize = config.batching().evalBatchSize();
        this.monitored = monitored;
        this.target = target;
        this.objective = config.evaluation().objective();
        this.cache = cache;
    }

    /** Evaluates the classifier as it is now, after {@code step} steps in {@code epoch}, with these lambdas. */
    EvaluationRecord evaluate(TextEncoder text, long step, int epoch, List<Double> lambdas) {
        Predictions p = Predictions.of(Predictor.logits(model, classifier, text, validation, batchSize, cache), positive);
        int[] y = validation.labels();
        double meanLoss = p.meanCrossEntropy(y, model.manager());
        double accuracy = p.accuracy(y);
        Observations obs = p.observations(validation, attribute);
        GroupConfusion counts = obs.counts();
        MetricFrame frame = MetricFrame.builder()
                .setCounts(counts)
                .optReference(groups.name(reference))
                .optScores(ScoreMetrics.summarize(obs))
                .build();
        Value auc = frame.scores().overallAuc();
        Value metric = monitored.compute(counts, reference);
        Value targetValue = target == null ? null : target.metric().compute(counts, reference);
        double violation = target == null ? Double.NaN : target.violation(targetValue);
        Collapse collapse = Collapse.of(counts);
        boolean met = target != null && target.isMet(targetValue) && !collapse.collapsed();
        double distance = objective.fairness() == null ? Double.NaN
                : objective.fairness().distanceFromIdeal(objective.fairness().compute(counts, reference));
        double objectiveValue = objective.value(auc.value(), accuracy, meanLoss, distance);
        return new EvaluationRecord(step, epoch, meanLoss, accuracy, auc, metric, targetValue, violation, met, lambdas,
                objectiveValue, frame, collapse);
    }
}
