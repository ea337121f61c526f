package dev.fairtune.fairness;

/**
 * The definition of a measured quantity, as every report, JSON file and help text prints it: the
 * one place where a formula is written is the quantity itself ({@link Rate}, {@link FairnessMetric},
 * {@link ScoreStatistic}, {@link CounterfactualFairness.Statistic}), and the formula of a metric
 * that is a composition of rates is generated from that composition. Notation: g is a group, r
 * the reference group, SR the selection rate, ERR the error rate; signed metrics are group minus
 * (or over) reference. Worked examples: docs/metrics.md.
 *
 * @param name the constant's name, such as "EQUALIZED_ODDS_DIFFERENCE"
 * @param formula the formula
 * @param sign how to read the sign or direction
 * @param ideal the value meaning no disparity (or a perfect score); null for a rate, which has none
 * @param range the values it can take
 */
public record Definition(String name, String formula, String sign, Double ideal, String range) {

    /** A quantity with a {@link Definition}. */
    public interface Defined {
        /** The quantity's definition. */
        Definition definition();
    }
}
