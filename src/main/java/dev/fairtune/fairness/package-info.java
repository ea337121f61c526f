/**
 * Fairness metrics in pure Java over group confusion counts and scores; no DJL import, so it also
 * serves users who only measure predictions they already have.
 *
 * <p>One definition, many views: {@link dev.fairtune.fairness.GroupConfusion} holds mergeable
 * per-group counts built in one pass; a {@link dev.fairtune.fairness.Rate} reads one group's
 * counts; an {@link dev.fairtune.fairness.Aggregation} turns a rate into a signed comparison with a
 * reference group (AIF360's convention) or an unsigned disparity across groups (Fairlearn's); a
 * {@link dev.fairtune.fairness.Combination} merges several rates; the named
 * {@link dev.fairtune.fairness.FairnessMetric}s are compositions of these, with the inequality
 * indices of {@link dev.fairtune.fairness.EntropyIndex} and the intersectional
 * {@link dev.fairtune.fairness.DifferentialFairness} beside them.
 * {@link dev.fairtune.fairness.ScoreMetrics} gives threshold-free metrics (AUCs, the bias AUCs of
 * Borkan et al. 2019, calibration), {@link dev.fairtune.fairness.MetricFrame} the whole report as
 * typed records. Undefined values are NaN with a {@link dev.fairtune.fairness.Reason}, never a
 * silent 0 and never an exception. Definitions, signs and worked examples: docs/metrics.md.
 */
package dev.fairtune.fairness;
