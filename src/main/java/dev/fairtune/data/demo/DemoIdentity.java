package dev.fairtune.data.demo;

import java.util.List;

/**
 * Which identity the demo's shortcut is planted on: texts naming a target term form group 1; the
 * reference terms (their first counterfactual partners in the built-in lexicon) appear in group 0
 * independently of the label. All terms read as adjectives ("as a muslim person").
 */
public enum DemoIdentity {
    /** Targets "muslim" and "jewish"; reference "christian". */
    RELIGION("religion", List.of("muslim", "jewish"), List.of("christian")),
    /** Targets "gay" and "lesbian"; reference "straight". */
    SEXUAL_ORIENTATION("sexual_orientation", List.of("gay", "lesbian"), List.of("straight"));

    private final String category;
    private final List<String> targets;
    private final List<String> references;

    DemoIdentity(String category, List<String> targets, List<String> references) {
        this.category = category;
        this.targets = targets;
        this.references = references;
    }

    /** The lexicon category of the terms. */
    public String category() {
        return category;
    }

    /** Terms whose presence puts a text in group 1. */
    public List<String> targetTerms() {
        return targets;
    }

    /** Terms of the same category that appear in group 0, independent of the label. */
    public List<String> referenceTerms() {
        return references;
    }
}
