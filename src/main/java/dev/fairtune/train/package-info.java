/**
 * Training: one path, {@link dev.fairtune.train.FairTrainer} (a plain fine-tune is one without
 * penalties), made of small parts: {@code RunSetup} (checks, loss, {@link
 * dev.fairtune.train.TrainingProvenance}), {@code BatchFeeder} (sampling, reweighing, twins),
 * {@link dev.fairtune.train.TrainingStep} with {@link dev.fairtune.train.AdamW}, {@code
 * BatchMonitor} (running group confusion), {@code Evaluator} (validation pass, {@link
 * dev.fairtune.train.Predictions}: the one prediction rule), {@code Selection} (best checkpoint,
 * early stopping), {@code RunWeights} and {@code CheckpointState} (atomic checkpoints, bit-exact
 * resume), and {@code TrainingRun}, which holds a run's position and records. Settings are the
 * nested records of {@link dev.fairtune.train.TrainerConfig}; listeners see {@link
 * dev.fairtune.train.TrainingState} and steer through {@link dev.fairtune.train.TrainingControl}.
 * Batches follow the slots of {@link dev.fairtune.penalty.BatchSlots}. See docs/training.md.
 */
package dev.fairtune.train;
