package dev.fairtune.data.identity;

/**
 * A text with its identity terms swapped.
 *
 * @param text the rewritten text (the original when nothing was swapped)
 * @param changed whether any term was swapped
 * @param swaps how many term occurrences were swapped
 */
public record Counterfactual(String text, boolean changed, int swaps) {}
