/**
 * Differentiable fairness penalties and the composite training loss.
 *
 * <p>Every penalty is a {@link dev.fairtune.penalty.FairnessPenalty}: a scalar computed on one batch
 * from soft scores (softmax probabilities, logits), never from thresholded predictions, so that it
 * has a gradient. Each one names the fairness metric it approximates ({@link
 * dev.fairtune.fairness.Criterion}, usually a {@link dev.fairtune.fairness.FairnessMetric}); the metric itself is measured there, on counts. A penalty
 * stays finite when a group or a label is missing from a batch: the affected term is masked out and
 * contributes exactly 0 with a zero gradient.
 *
 * <p>{@link dev.fairtune.penalty.FairnessAwareLoss} is a DJL {@code Loss}: task cross-entropy plus
 * {@code sum_i lambda_i * penalty_i}, with lambdas that can be changed between steps. It reads the
 * batch through the named slots of {@link dev.fairtune.penalty.BatchSlots}, so the training step does
 * not change when a penalty is added.
 *
 * <p>Tensors only: this package depends on DJL, not on the metric package.
 */
package dev.fairtune.penalty;

import dev.fairtune.fairness.FairnessMetric;
