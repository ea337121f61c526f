/**
 * Training: the plain fine-tuning path ({@link dev.fairtune.train.FineTuner}, {@link
 * dev.fairtune.train.TrainingStep}, {@link dev.fairtune.train.AdamW}, schedules, clipping) and the
 * fairness-aware trainer built on it ({@link dev.fairtune.train.FairTrainer}: cross-entropy plus
 * penalties, a Lagrangian target, monitoring through listeners and a control object, typed
 * history records, atomic checkpoints and bit-exact resume). Batches follow the slots of {@link
 * dev.fairtune.penalty.BatchSlots}. See docs/training.md.
 */
package dev.fairtune.train;
