/**
 * The training loop: optimizer, schedule, gradient clipping, state, listeners and checkpoints.
 */
package dev.fairtune.train;
