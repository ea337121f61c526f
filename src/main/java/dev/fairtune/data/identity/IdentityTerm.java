package dev.fairtune.data.identity;

import java.util.List;
import java.util.Objects;

/**
 * One surface form of an identity term (singular and plural forms are separate terms).
 *
 * @param term the term, lower case; words separated by one space or hyphen
 * @param category the identity category, such as {@code gender} or {@code religion}
 * @param partners the terms of the same category it is swapped with in counterfactuals, first
 *     partner first; empty when the term has no natural counterpart
 * @param ambiguous whether the word often has a non-identity sense ("white paper", "straight line",
 *     "years old"), so matches over-count mentions
 */
public record IdentityTerm(String term, String category, List<String> partners, boolean ambiguous) {
    /** Checks the fields. */
    public IdentityTerm {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(category, "category");
        partners = List.copyOf(partners);
    }
}
