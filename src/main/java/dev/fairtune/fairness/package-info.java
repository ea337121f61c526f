/**
 * Fairness metrics in pure Java over group confusion counts and scores; no DJL import, so it also serves users who only measure.
 */
package dev.fairtune.fairness;
