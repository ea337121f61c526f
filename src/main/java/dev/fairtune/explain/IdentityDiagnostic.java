package dev.fairtune.explain;

import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.Counterfactual;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.data.identity.IdentityMatch;
import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How much a classifier leans on identity terms, over a set of texts: Integrated Gradients of the
 * positive class (class 1) per text, the share of the positive attribution mass on identity words,
 * and the score change when the identity terms are swapped for their counterfactual partners.
 *
 * <p>Per text, with aᵥ the attribution of word w ({@link WordAttribution}) and a word an identity
 * word of category c when its characters overlap a lexicon match of c ({@link IdentityLexicon#find}):
 *
 * <pre>
 *   P        = Σ_w max(aᵥ, 0)                       positive attribution mass (evidence for class 1)
 *   share_c  = Σ_{w identity word of c} max(aᵥ, 0) / P      for a text that mentions c
 *   share    = Σ_{w identity word of any category} max(aᵥ, 0) / P
 *   Δ        = s(x') - s(x)                          x' the counterfactual twin, s the class-1 probability
 * </pre>
 *
 * A text that mentions no identity term has no share ({@link Reason#NO_IDENTITY_TERM}, never 0);
 * one with P = 0 has none either ({@link Reason#NO_POSITIVE_ATTRIBUTION}). Over texts, a share is
 * the mean of the defined per-text shares, and the counterfactual statistic is the mean |Δ| over
 * texts with a twin. Range [0, 1] for shares; lower means less reliance on identity words. A share
 * describes the model, not the texts: a high share says the identity word moves the score, not
 * that the text is about identity.
 */
public final class IdentityDiagnostic {

    /** What a statistic measures. */
    public enum Kind {
        /** Mean per-text share of positive attribution mass on identity words. */
        IDENTITY_SHARE,
        /** Mean |s(twin) - s(text)| over texts with a counterfactual twin. */
        MEAN_ABS_SCORE_CHANGE
    }

    /** Over which texts a statistic is taken. */
    public enum Scope {
        /** All explained texts. */
        OVERALL,
        /** Texts that mention the named category (shares count only that category's words). */
        CATEGORY,
        /** Texts of the named group of the data's group attribute. */
        GROUP
    }

    /**
     * One statistic of the diagnostic.
     *
     * @param kind what it measures
     * @param scope over which texts
     * @param name the category or group; "overall" for {@link Scope#OVERALL}
     */
    public record Statistic(Kind kind, Scope scope, String name) {

        /** "identity share, religion" and the like. */
        public String label() {
            String what = kind == Kind.IDENTITY_SHARE ? "identity share" : "mean |score change| on swap";
            return scope == Scope.OVERALL ? what : what + ", " + (scope == Scope.CATEGORY ? "category " : "group ") + name;
        }
    }

    /**
     * One explained text.
     *
     * @param row the row in the data set
     * @param group its group id in the data's group attribute
     * @param label its label id
     * @param explanation the attributions of class 1
     * @param twinScore the class-1 probability of its counterfactual twin; NaN when no term could be swapped
     * @param positiveMass P
     * @param identityMass the positive mass on identity words of any category
     * @param categoryMass the positive mass on identity words of each category the text mentions
     */
    public record Text(int row, int group, int label, Explanation explanation, double twinScore, double positiveMass,
            double identityMass, Map<String, Double> categoryMass) {

        /** Copies the map. */
        public Text {
            categoryMass = Collections.unmodifiableMap(new TreeMap<>(categoryMass));
        }

        /** share; undefined without an identity term or without positive mass. */
        public Value share() {
            return ratio(categoryMass.isEmpty() ? Double.NaN : identityMass);
        }

        /** share_c; undefined when the text does not mention {@code category}. */
        public Value share(String category) {
            Double m = categoryMass.get(category);
            return ratio(m == null ? Double.NaN : m);
        }

        private Value ratio(double mass) {
            if (Double.isNaN(mass)) {
                return Value.undefined(Reason.NO_IDENTITY_TERM, "row " + (row + 1));
            }
            if (positiveMass == 0) {
                return Value.undefined(Reason.NO_POSITIVE_ATTRIBUTION, "row " + (row + 1));
            }
            return Value.of(mass / positiveMass);
        }

        /** Δ = s(twin) - s(text); undefined when the text has no twin. */
        public Value scoreChange() {
            return Double.isNaN(twinScore) ? Value.undefined(Reason.NO_IDENTITY_TERM, "row " + (row + 1))
                    : Value.of(twinScore - explanation.score());
        }
    }

    private final List<String> categories;
    private final List<String> groups;
    private final List<Text> texts;
    private final List<Statistic> statistics;
    private final String method;

    private IdentityDiagnostic(List<String> categories, List<String> groups, List<Text> texts, String method) {
        this.categories = List.copyOf(categories);
        this.groups = List.copyOf(groups);
        this.texts = List.copyOf(texts);
        this.method = method;
        List<Statistic> s = new ArrayList<>();
        s.add(new Statistic(Kind.IDENTITY_SHARE, Scope.OVERALL, "overall"));
        for (String c : categories) {
            s.add(new Statistic(Kind.IDENTITY_SHARE, Scope.CATEGORY, c));
        }
        for (String g : groups) {
            s.add(new Statistic(Kind.IDENTITY_SHARE, Scope.GROUP, g));
        }
        s.add(new Statistic(Kind.MEAN_ABS_SCORE_CHANGE, Scope.OVERALL, "overall"));
        for (String g : groups) {
            s.add(new Statistic(Kind.MEAN_ABS_SCORE_CHANGE, Scope.GROUP, g));
        }
        this.statistics = List.copyOf(s);
    }

    /**
     * Explains class 1 (the positive class of a binary data set) for the given rows and measures
     * the diagnostic; each text's twin swaps every lexicon term for its first partner
     * ({@link CounterfactualRewriter#rewrite(String)}).
     *
     * @param explainer the model's explainer (its settings are the diagnostic's)
     * @param data the texts, with their labels and groups
     * @param attribute the group attribute
     * @param rows the rows to explain
     * @param lexicon identity terms and their swap partners
     */
    public static IdentityDiagnostic measure(Explainer explainer, TextDataset data, String attribute, int[] rows,
            IdentityLexicon lexicon) {
        int[] group = data.groups(attribute);
        CounterfactualRewriter rewriter = CounterfactualRewriter.of(lexicon);
        List<Text> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            String text = data.get(r).text();
            Explanation e = explainer.explain(text, 1);
            Counterfactual twin = rewriter.rewrite(text);
            double twinScore = twin.changed() ? explainer.probabilities(twin.text())[1] : Double.NaN;
            out.add(text(r, group[r], data.get(r).label(), e, twinScore, lexicon));
        }
        return of(new ArrayList<>(lexicon.categories()), data.attribute(attribute).groups(), out, explainer.describe());
    }

    /**
     * A diagnostic of texts already explained (with {@link #text}).
     *
     * @param categories the lexicon's categories
     * @param groups the group names of the data's attribute, by id
     */
    public static IdentityDiagnostic of(List<String> categories, List<String> groups, List<Text> texts, String method) {
        return new IdentityDiagnostic(categories, groups, texts, method);
    }

    /** The masses of one explained text (an explanation of class 1). */
    public static Text text(int row, int group, int label, Explanation e, double twinScore, IdentityLexicon lexicon) {
        List<IdentityMatch> matches = lexicon.find(e.text());
        double positive = 0;
        double identity = 0;
        Map<String, Double> byCategory = new TreeMap<>();
        for (IdentityMatch m : matches) {
            byCategory.put(m.term().category(), 0.0);
        }
        for (WordAttribution w : e.words()) {
            double a = Math.max(w.attribution(), 0);
            positive += a;
            Set<String> of = new TreeSet<>();
            for (IdentityMatch m : matches) {
                if (w.start() < m.end() && m.start() < w.end()) {
                    of.add(m.term().category());
                }
            }
            for (String c : of) {
                byCategory.merge(c, a, Double::sum);
            }
            identity += of.isEmpty() ? 0 : a;
        }
        return new Text(row, group, label, e, twinScore, positive, identity, byCategory);
    }

    /**
     * Rows to explain: up to {@code perGroup} rows of each group, drawn without replacement with a
     * seeded shuffle, in row order.
     */
    public static int[] sample(TextDataset data, String attribute, int perGroup, long seed) {
        int[] group = data.groups(attribute);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < group.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int[] taken = new int[data.attribute(attribute).size()];
        List<Integer> chosen = new ArrayList<>();
        for (int i : order) {
            if (taken[group[i]] < perGroup) {
                taken[group[i]]++;
                chosen.add(i);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** The lexicon's categories, sorted. */
    public List<String> categories() {
        return categories;
    }

    /** The group names of the data's attribute, by id. */
    public List<String> groups() {
        return groups;
    }

    /** The explained texts, in row order of the sample. */
    public List<Text> texts() {
        return texts;
    }

    /** How the attributions were computed. */
    public String method() {
        return method;
    }

    /** The statistics, in the order of {@link #compute}: shares (overall, by category, by group), then score changes. */
    public List<Statistic> statistics() {
        return statistics;
    }

    /** Every statistic on all texts. */
    public Value[] compute() {
        int[] all = new int[texts.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return compute(all);
    }

    /** The value of one statistic on all texts. */
    public Value value(Statistic statistic) {
        int i = statistics.indexOf(statistic);
        if (i < 0) {
            throw new IllegalArgumentException("no statistic " + statistic.label() + " in this diagnostic");
        }
        return compute()[i];
    }

    /**
     * Every statistic, in {@link #statistics()} order, on a sample of the texts (indices into
     * {@link #texts()}, repeats allowed: a bootstrap replicate).
     */
    public Value[] compute(int[] sample) {
        Value[] out = new Value[statistics.size()];
        for (int s = 0; s < out.length; s++) {
            Statistic st = statistics.get(s);
            Function<Text, Value> per = st.kind() == Kind.MEAN_ABS_SCORE_CHANGE ? t -> abs(t.scoreChange())
                    : st.scope() == Scope.CATEGORY ? t -> t.share(st.name()) : Text::share;
            int g = st.scope() == Scope.GROUP ? groups.indexOf(st.name()) : -1;
            double sum = 0;
            int n = 0;
            boolean any = false;
            Reason undefined = Reason.NO_IDENTITY_TERM;
            for (int i : sample) {
                Text t = texts.get(i);
                if (g >= 0 && t.group() != g) {
                    continue;
                }
                any = true;
                Value v = per.apply(t);
                if (v.isDefined()) {
                    sum += v.value();
                    n++;
                } else {
                    undefined = v.reason();
                }
            }
            String place = st.scope() == Scope.OVERALL ? "overall" : st.name();
            out[s] = n > 0 ? Value.of(sum / n)
                    : Value.undefined(any ? undefined : Reason.NO_ROWS, place);
        }
        return out;
    }

    private static Value abs(Value v) {
        return v.isDefined() ? Value.of(Math.abs(v.value())) : v;
    }
}
