/**
 * Training: the per-batch {@link dev.fairtune.train.TrainingStep} (pluggable DJL loss over
 * {@link dev.fairtune.train.LabelSlots}), HuggingFace-style {@link dev.fairtune.train.AdamW},
 * {@link dev.fairtune.train.LearningRateSchedule}, {@link dev.fairtune.train.GradientClipping},
 * step listeners, and the plain fine-tuning loop {@link dev.fairtune.train.FineTuner}.
 */
package dev.fairtune.train;
