package dev.fairtune.fairness;

/**
 * One aggregation of one rate.
 *
 * @param rate the rate
 * @param aggregation the aggregation
 * @param group for a signed aggregation ({@link Aggregation#needsReference()}), the group compared
 *     with the reference; null for an across-groups aggregation
 * @param value the aggregate
 */
public record AggregateValue(Rate rate, Aggregation aggregation, String group, Value value) {
}
