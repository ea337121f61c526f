/**
 * Training: the optimizer step and its parts ({@link dev.fairtune.train.TrainingStep}, {@link
 * dev.fairtune.train.AdamW}, schedules, clipping) and the fairness-aware trainer built on it
 * ({@link dev.fairtune.train.FairTrainer}, without penalties the plain fine-tuning path: cross-entropy plus
 * penalties, a Lagrangian target, monitoring through listeners and a control object, typed
 * history records, atomic checkpoints and bit-exact resume). Batches follow the slots of {@link
 * dev.fairtune.penalty.BatchSlots}. See docs/training.md.
 */
package dev.fairtune.train;
