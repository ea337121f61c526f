/**
 * Sweeps: one method trained over a grid of settings (penalty weights, target bounds), the
 * validation accuracy-fairness Pareto {@link dev.fairtune.sweep.Frontier}, and a stated {@link
 * dev.fairtune.sweep.SweepRule} that picks one run from validation figures alone; the pure logic
 * ({@link dev.fairtune.sweep.SweepPoint}, {@link dev.fairtune.sweep.Frontier}, {@link
 * dev.fairtune.sweep.SweepRule}, {@link dev.fairtune.sweep.SweepChoice}) has no DJL import.
 * {@link dev.fairtune.sweep.Sweep} runs the grid with {@link dev.fairtune.train.FairTrainer},
 * keeps each finished run on disk and resumes. See docs/training.md.
 */
package dev.fairtune.sweep;
