package dev.fairtune.data.identity;

import dev.fairtune.data.TextDataset;

/**
 * A data set aligned with its counterfactual twin: example {@code i} of {@code counterfactual} is
 * example {@code i} of {@code original} with its identity terms swapped, keeping the original's
 * label, groups and weight (the twin answers "what if this text were about another group").
 *
 * @param original the original examples
 * @param counterfactual the rewritten examples, same order
 * @param changed whether example {@code i}'s text changed; unchanged pairs carry no counterfactual
 *     signal and metrics usually skip them
 */
public record CounterfactualDataset(TextDataset original, TextDataset counterfactual, boolean[] changed) {

    /** Checks alignment; copies {@code changed}. */
    public CounterfactualDataset {
        if (original.size() != counterfactual.size() || changed.length != original.size()) {
            throw new IllegalArgumentException("original, counterfactual and changed must align: " + original.size()
                    + ", " + counterfactual.size() + ", " + changed.length);
        }
        changed = changed.clone();
    }

    /** A copy of the changed flags. */
    @Override
    public boolean[] changed() {
        return changed.clone();
    }

    /** How many examples changed. */
    public int changedCount() {
        int n = 0;
        for (boolean c : changed) {
            n += c ? 1 : 0;
        }
        return n;
    }
}
