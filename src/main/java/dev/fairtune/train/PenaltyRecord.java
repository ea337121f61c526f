package dev.fairtune.train;

/**
 * One penalty's part of a training step.
 *
 * @param name the penalty's {@link dev.fairtune.penalty.FairnessPenalty#name()}
 * @param lambda its weight during the step
 * @param value its raw value (the mean over the step's micro-batches)
 */
public record PenaltyRecord(String name, double lambda, double value) {}
