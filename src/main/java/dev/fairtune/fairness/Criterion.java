package dev.fairtune.fairness;

/**
 * What a fairness penalty or constraint stands for, named through this package's definitions: a
 * {@link FairnessMetric} of the confusion counts, a {@link CounterfactualFairness.Statistic} of
 * counterfactual pairs, or one of the {@link Other} criteria that are not measured from
 * predictions. A penalty's {@code approximates()} returns one, so the penalty, the trainer's
 * records and the report point at one definition of each metric.
 */
public sealed interface Criterion permits FairnessMetric, CounterfactualFairness.Statistic, Criterion.Other {

    /** The criterion's name, such as {@code TPR_GAP}. */
    String name();

    /** Criteria that this package does not compute from predictions. */
    enum Other implements Criterion {
        /** Distance between the groups' score distributions (MinDiff's MMD); ideal 0. */
        SCORE_DISTRIBUTION,
        /** How well the group can be predicted from the classifier's output (adversarial debiasing); ideal chance. */
        GROUP_PREDICTABILITY,
        /** A criterion that the penalty's own name describes (a user's penalty). */
        UNSPECIFIED
    }
}
