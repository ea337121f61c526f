package dev.fairtune.data.identity;

import dev.fairtune.data.Example;
import dev.fairtune.data.TextDataset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites texts by swapping identity terms with their partners in the same category
 * ("He is a Muslim" to "She is a Christian"), deterministically.
 *
 * <p>Rules. Every term occurrence the lexicon finds ({@link IdentityLexicon#find}) that has partners
 * is replaced at the same time, so "he and she" becomes "she and he". Variant {@code v} replaces a
 * term with {@code partners[v mod partners.size()]}; {@link #rewrite(String)} is variant 0, the first
 * partner. Case is kept by shape: an all-upper-case match (two letters or more) gives an upper-case
 * partner ("MUSLIM" to "CHRISTIAN"), a match starting with an upper-case letter gives a capitalised
 * partner ("He" to "She"), anything else gives the partner in lower case.
 * A capitalised first word capitalises the partner's first word; when every word of the match is
 * capitalised ("African American"), every word of the partner is.
 * Plurals swap to plurals because singular and plural forms are separate lexicon terms. Grammar
 * around the term is not changed ("a" / "an", verb agreement, "her" as object or possessive).
 *
 * <p>To swap only some categories, or skip ambiguous words, rewrite with a filtered lexicon
 * ({@link IdentityLexicon#onlyCategories}, {@link IdentityLexicon#withoutAmbiguous()}).
 */
public final class CounterfactualRewriter {

    private final IdentityLexicon lexicon;

    private CounterfactualRewriter(IdentityLexicon lexicon) {
        this.lexicon = lexicon;
    }

    /** A rewriter swapping every term of the lexicon that has partners. */
    public static CounterfactualRewriter of(IdentityLexicon lexicon) {
        return new CounterfactualRewriter(Objects.requireNonNull(lexicon, "lexicon"));
    }

    /** The lexicon it swaps with. */
    public IdentityLexicon lexicon() {
        return lexicon;
    }

    /** Variant 0: each term becomes its first partner. */
    public Counterfactual rewrite(String text) {
        return rewrite(text, 0);
    }

    /**
     * Variant {@code variant}: each term becomes {@code partners[variant mod partners.size()]}.
     *
     * @param variant {@code >= 0}
     */
    public Counterfactual rewrite(String text, int variant) {
        if (variant < 0) {
            throw new IllegalArgumentException("variant must be >= 0, got " + variant);
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int last = 0;
        int swaps = 0;
        for (IdentityMatch m : lexicon.find(text)) {
            List<String> partners = m.term().partners();
            if (partners.isEmpty()) {
                continue;
            }
            out.append(text, last, m.start());
            out.append(applyCase(m.matched(), partners.get(variant % partners.size())));
            last = m.end();
            swaps++;
        }
        if (swaps == 0) {
            return new Counterfactual(text, false, 0);
        }
        out.append(text, last, text.length());
        String rewritten = out.toString();
        return new Counterfactual(rewritten, !rewritten.equals(text), swaps);
    }

    /**
     * The distinct changed rewrites of {@code text}: variants 0 up to the largest partner count among
     * its matched terms, minus those equal to the text or to an earlier variant. Empty when no term
     * with partners occurs.
     */
    public List<Counterfactual> variants(String text) {
        int maxPartners = 0;
        for (IdentityMatch m : lexicon.find(text)) {
            maxPartners = Math.max(maxPartners, m.term().partners().size());
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Counterfactual> out = new ArrayList<>();
        for (int v = 0; v < maxPartners; v++) {
            Counterfactual c = rewrite(text, v);
            if (c.changed() && seen.add(c.text())) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Variant 0 of every example's text (and second text), keeping its label, groups and weight;
     * the twin data set is named {@code <name>/counterfactual}.
     */
    public CounterfactualDataset rewrite(TextDataset dataset) {
        List<Example> out = new ArrayList<>(dataset.size());
        boolean[] changed = new boolean[dataset.size()];
        for (int i = 0; i < dataset.size(); i++) {
            Example e = dataset.get(i);
            Counterfactual t = rewrite(e.text());
            Optional<Counterfactual> p = e.pair().map(this::rewrite);
            changed[i] = t.changed() || p.map(Counterfactual::changed).orElse(false);
            out.add(new Example(t.text(), p.map(Counterfactual::text), e.label(), e.groups(), e.weight()));
        }
        return new CounterfactualDataset(dataset, dataset.withExamples(dataset.name() + "/counterfactual", out), changed);
    }

    /** The partner written in the case shape of the matched text. */
    static String applyCase(String matched, String partner) {
        int letters = 0;
        boolean allUpper = true;
        for (int i = 0; i < matched.length(); i++) {
            char c = matched.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                allUpper &= Character.isUpperCase(c);
            }
        }
        if (letters >= 2 && allUpper) {
            return partner.toUpperCase(Locale.ROOT);
        }
        if (!matched.isEmpty() && Character.isUpperCase(matched.charAt(0))) {
            boolean everyWord = true;
            for (String w : matched.split("[\\s-]+")) {
                everyWord &= !w.isEmpty() && Character.isUpperCase(w.charAt(0));
            }
            StringBuilder sb = new StringBuilder(partner.length());
            boolean start = true;
            for (int i = 0; i < partner.length(); i++) {
                char c = partner.charAt(i);
                sb.append(start && (everyWord || i == 0) ? Character.toUpperCase(c) : c);
                start = c == ' ' || c == '-';
            }
            return sb.toString();
        }
        return partner;
    }
}
