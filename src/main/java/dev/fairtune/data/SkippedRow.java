package dev.fairtune.data;

/**
 * A row a reader skipped because it was malformed and the options asked to skip such rows.
 *
 * @param line the 1-based line where the skipped record starts
 * @param reason what was wrong with it
 */
public record SkippedRow(long line, String reason) {}
