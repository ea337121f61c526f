package dev.fairtune.train;

/**
 * What one training step did.
 *
 * @param step the number of optimizer steps completed, this one included (1 for the first)
 * @param loss the loss of the batch, before the update
 * @param learningRate the rate this step used
 * @param gradNorm the global L2 norm of the gradients before clipping
 * @param batchSize the number of examples in the batch
 */
public record StepReport(long step, double loss, double learningRate, double gradNorm, int batchSize) {}
