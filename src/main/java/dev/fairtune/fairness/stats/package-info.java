/**
 * Uncertainty for fairness metrics, with Commons Math: stratified bootstrap confidence intervals,
 * tests of a rate gap between two groups (two-proportion z, Fisher's exact) and permutation tests
 * of any count metric. Every result states its sample sizes and, where random, its seed.
 */
package dev.fairtune.fairness.stats;
