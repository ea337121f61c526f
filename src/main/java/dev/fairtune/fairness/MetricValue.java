package dev.fairtune.fairness;

/**
 * One named metric's value.
 *
 * @param metric the metric
 * @param group for a signed metric ({@link FairnessMetric#needsReference()}), the group compared with
 *     the reference; null otherwise
 * @param reference the reference group of a signed metric; null otherwise
 * @param value the value
 */
public record MetricValue(FairnessMetric metric, String group, String reference, Value value) {
}
