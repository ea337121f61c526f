package dev.fairtune.data.identity;

import dev.fairtune.data.Example;
import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Group attributes derived from the identity terms a text mentions, for data sets without a group
 * column. A text's mentions are those in its text and its second text, if any. Derived groups are a
 * heuristic: a lexicon finds words, not meaning ("white paper", quoted slurs, negations); prefer a
 * lexicon {@link IdentityLexicon#withoutAmbiguous() without ambiguous terms} when precision matters.
 *
 * <p>Each method appends attributes to the data set and puts the "no mention" group at id 0 as the
 * reference. It fails when the new attribute would have a single group (no text, or every text,
 * mentions the identity), since no gap can be measured then.
 */
public final class IdentityGroups {

    /** Name of the attribute {@link #withMentionGroup} adds. */
    public static final String MENTION_ATTRIBUTE = "mentions_identity";
    /** Name of the attribute {@link #withCategoryGroup} adds. */
    public static final String CATEGORY_ATTRIBUTE = "identity_category";
    /** Group name for texts mentioning no term. */
    public static final String NONE = "none";
    /** Group name, in {@link #CATEGORY_ATTRIBUTE}, for texts mentioning terms of several categories. */
    public static final String MULTIPLE = "multiple";

    private IdentityGroups() {}

    /** Adds {@value #MENTION_ATTRIBUTE}: group 0 {@code none}, group 1 {@code identity} (mentions any term). */
    public static TextDataset withMentionGroup(TextDataset dataset, IdentityLexicon lexicon) {
        int[] ids = new int[dataset.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = mentioned(dataset.get(i), lexicon).isEmpty() ? 0 : 1;
        }
        return checked(dataset, GroupAttribute.of(MENTION_ATTRIBUTE, NONE, "identity"), ids);
    }

    /**
     * Adds {@value #CATEGORY_ATTRIBUTE}: group 0 {@code none}, then each category that some text
     * mentions alone (sorted), then {@code multiple} if some text mentions several categories.
     */
    public static TextDataset withCategoryGroup(TextDataset dataset, IdentityLexicon lexicon) {
        List<Set<String>> mentions = new ArrayList<>();
        TreeSet<String> single = new TreeSet<>();
        boolean multiple = false;
        for (Example e : dataset.examples()) {
            Set<String> m = mentioned(e, lexicon);
            mentions.add(m);
            if (m.size() == 1) {
                single.add(m.iterator().next());
            }
            multiple |= m.size() > 1;
        }
        List<String> names = new ArrayList<>();
        names.add(NONE);
        names.addAll(single);
        if (multiple) {
            names.add(MULTIPLE);
        }
        int[] ids = new int[dataset.size()];
        for (int i = 0; i < ids.length; i++) {
            Set<String> m = mentions.get(i);
            ids[i] = m.isEmpty() ? 0 : m.size() > 1 ? names.indexOf(MULTIPLE) : names.indexOf(m.iterator().next());
        }
        return checked(dataset, new GroupAttribute(CATEGORY_ATTRIBUTE, names, 0), ids);
    }

    /**
     * Adds one attribute {@code mentions_<category>} per category of the lexicon that some but not
     * every text mentions, in sorted order: group 0 {@code no}, group 1 {@code yes}. Categories
     * mentioned by no text (or by all) get no attribute.
     *
     * @throws IllegalArgumentException when no category qualifies
     */
    public static TextDataset withPerCategoryGroups(TextDataset dataset, IdentityLexicon lexicon) {
        List<Set<String>> mentions = dataset.examples().stream().map(e -> mentioned(e, lexicon)).toList();
        TextDataset out = dataset;
        for (String category : lexicon.categories()) {
            int[] ids = new int[dataset.size()];
            int yes = 0;
            for (int i = 0; i < ids.length; i++) {
                ids[i] = mentions.get(i).contains(category) ? 1 : 0;
                yes += ids[i];
            }
            if (yes > 0 && yes < ids.length) {
                out = out.withAttribute(GroupAttribute.of("mentions_" + category, "no", "yes"), ids);
            }
        }
        if (out == dataset) {
            throw new IllegalArgumentException("no identity category is mentioned by some but not all of the "
                    + dataset.size() + " texts of " + dataset.name() + "; no group gap can be measured");
        }
        return out;
    }

    private static Set<String> mentioned(Example e, IdentityLexicon lexicon) {
        Set<String> m = lexicon.categoriesIn(e.text());
        if (e.pair().isPresent()) {
            m = new TreeSet<>(m);
            m.addAll(lexicon.categoriesIn(e.pair().get()));
        }
        return m;
    }

    private static TextDataset checked(TextDataset dataset, GroupAttribute attribute, int[] ids) {
        boolean[] seen = new boolean[attribute.size()];
        int distinct = 0;
        for (int id : ids) {
            if (!seen[id]) {
                seen[id] = true;
                distinct++;
            }
        }
        if (distinct < 2) {
            throw new IllegalArgumentException("deriving '" + attribute.name() + "' for " + dataset.name() + " puts all "
                    + dataset.size() + " texts in one group (" + (ids.length == 0 ? "no texts" : attribute.groups().get(ids[0]))
                    + "); no group gap can be measured");
        }
        return dataset.withAttribute(attribute, ids);
    }
}
