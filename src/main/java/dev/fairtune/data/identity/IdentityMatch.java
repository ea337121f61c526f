package dev.fairtune.data.identity;

/**
 * A place where an identity term occurs in a text.
 *
 * @param start the index of the first character of the match
 * @param end the index after the last character
 * @param matched the text as it appears (with its case)
 * @param term the lexicon term
 */
public record IdentityMatch(int start, int end, String matched, IdentityTerm term) {}
