/**
 * Data: reading tables (CSV, TSV, JSON Lines) into named string columns, text classification data
 * sets with labels, group attributes and weights, deterministic stratified splits, and the built-in
 * demo data set with a planted identity shortcut.
 *
 * <p>Every reader error is a {@link dev.fairtune.data.DataException} that names the file and the
 * 1-based line where the offending record starts, and says what to do next.
 */
package dev.fairtune.data;
