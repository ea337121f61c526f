/**
 * JMH benchmarks (run by hand, never in the test suite); commands and figures in docs/benchmarks.md.
 */
package dev.fairtune.bench;
