/**
 * Pre-processing mitigations on group and label ids, in pure Java (no DJL): reweighing (Kamiran and
 * Calders 2012) and a batch sampler stratified by group x label.
 *
 * <p>Both work on parallel {@code int[]} arrays of group ids and class labels, one entry per
 * training example, and are deterministic. Reweighing weights go into the labels list's {@code
 * WEIGHTS} slot ({@code dev.fairtune.penalty.BatchSlots}); the sampler's batches are lists of
 * example indices.
 */
package dev.fairtune.mitigation;
