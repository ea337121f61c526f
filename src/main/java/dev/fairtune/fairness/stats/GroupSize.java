package dev.fairtune.fairness.stats;

/**
 * How many rows of a group a result rests on.
 *
 * @param group the group's name
 * @param rows its number of rows
 */
public record GroupSize(String group, long rows) {
}
