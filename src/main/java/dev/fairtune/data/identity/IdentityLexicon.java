package dev.fairtune.data.identity;

import dev.fairtune.data.DataException;
import dev.fairtune.data.Table;
import dev.fairtune.data.TableFormat;
import dev.fairtune.data.TableReadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lexicon of identity terms by category, with counterfactual swap partners.
 *
 * <p>File format (UTF-8 TSV, no quoting, header line required):
 * <pre>
 * category	term	partners	flags
 * gender	he	she
 * religion	muslims	christians,jews
 * race_ethnicity	white	black,asian	ambiguous
 * </pre>
 * {@code category} is a lower-case identifier ({@code [a-z][a-z0-9_]*}); {@code term} one or more
 * words (letters, digits, apostrophes) joined by spaces or hyphens, matched case-insensitively; each
 * term appears once. {@code partners} is a comma-separated list of terms of the same category,
 * possibly empty. {@code flags} is empty or {@code ambiguous}. Every problem is a
 * {@link DataException} naming the file and line.
 */
public final class IdentityLexicon {

    /** Class-path location of the built-in lexicon. */
    public static final String BUILT_IN_RESOURCE = "identity-lexicon.tsv";

    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TERM = Pattern.compile("[\\p{L}\\p{N}']+(?:[ -][\\p{L}\\p{N}']+)*");
    private static final String WORD_CHAR = "[\\p{L}\\p{N}_]";

    private final List<IdentityTerm> terms;
    private final Map<String, IdentityTerm> byKey;
    private final Pattern pattern;

    private IdentityLexicon(List<IdentityTerm> terms) {
        this.terms = List.copyOf(terms);
        this.byKey = new HashMap<>();
        for (IdentityTerm t : terms) {
            byKey.put(key(t.term()), t);
        }
        List<IdentityTerm> longestFirst = new ArrayList<>(terms);
        longestFirst.sort(Comparator.comparingInt((IdentityTerm t) -> -t.term().length()).thenComparing(IdentityTerm::term));
        StringBuilder alt = new StringBuilder();
        for (IdentityTerm t : longestFirst) {
            if (alt.length() > 0) {
                alt.append('|');
            }
            String[] words = t.term().split("[ -]+");
            for (int w = 0; w < words.length; w++) {
                alt.append(w == 0 ? "" : "[\\s-]+").append(Pattern.quote(words[w]));
            }
        }
        this.pattern = Pattern.compile("(?<!" + WORD_CHAR + ")(?:" + alt + ")(?!" + WORD_CHAR + ")",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Lookup key: lower case, spaces and hyphens between words folded to one space. */
    static String key(String term) {
        return term.toLowerCase(Locale.ROOT).trim().replaceAll("[\\s-]+", " ");
    }

    /** The lexicon shipped with FairTune (see docs/data-formats.md for its categories). */
    public static IdentityLexicon builtIn() {
        try (InputStream in = IdentityLexicon.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in lexicon resource " + BUILT_IN_RESOURCE + " is missing from the class path");
            }
            return parse(Table.read(in, Path.of(BUILT_IN_RESOURCE), options()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a lexicon file in the format above. */
    public static IdentityLexicon load(Path file) {
        return parse(Table.read(file, options()));
    }

    private static TableReadOptions options() {
        return TableReadOptions.builder().optFormat(TableFormat.TSV).optQuoting(false)
                .optRequiredColumns("category", "term", "partners", "flags").build();
    }

    private static IdentityLexicon parse(Table table) {
        Path file = table.source();
        Map<String, IdentityTerm> terms = new LinkedHashMap<>();
        Map<String, Long> lines = new HashMap<>();
        for (int r = 0; r < table.rowCount(); r++) {
            long line = table.sourceLine(r);
            String category = table.get(r, "category").strip();
            String term = table.get(r, "term").strip().toLowerCase(Locale.ROOT);
            String flags = table.get(r, "flags").strip();
            if (!CATEGORY.matcher(category).matches()) {
                throw new DataException(file, line, "category '" + category + "' must be a lower-case identifier such as"
                        + " 'gender' or 'race_ethnicity'");
            }
            if (!TERM.matcher(term).matches()) {
                throw new DataException(file, line, "term '" + term + "' must be words of letters, digits or apostrophes"
                        + " joined by single spaces or hyphens");
            }
            if (!flags.isEmpty() && !flags.equals("ambiguous")) {
                throw new DataException(file, line, "unknown flag '" + flags + "'; leave it empty or write 'ambiguous'");
            }
            List<String> partners = new ArrayList<>();
            for (String p : table.get(r, "partners").split(",")) {
                if (!p.isBlank()) {
                    partners.add(p.strip().toLowerCase(Locale.ROOT));
                }
            }
            String k = key(term);
            if (lines.containsKey(k)) {
                throw new DataException(file, line, "term '" + term + "' is already defined on line " + lines.get(k)
                        + "; keep one definition");
            }
            lines.put(k, line);
            terms.put(k, new IdentityTerm(term, category, partners, flags.equals("ambiguous")));
        }
        for (IdentityTerm t : terms.values()) {
            for (String p : t.partners()) {
                IdentityTerm partner = terms.get(key(p));
                long line = lines.get(key(t.term()));
                if (partner == null) {
                    throw new DataException(file, line, "partner '" + p + "' of '" + t.term() + "' is not a term of the"
                            + " lexicon; add a line for it (so swaps can be reversed) or remove it");
                }
                if (!partner.category().equals(t.category())) {
                    throw new DataException(file, line, "partner '" + p + "' of '" + t.term() + "' is in category '"
                            + partner.category() + "', not '" + t.category() + "'; swaps stay within a category");
                }
                if (partner == t) {
                    throw new DataException(file, line, "'" + t.term() + "' lists itself as a partner; remove it");
                }
            }
        }
        if (terms.isEmpty()) {
            throw new DataException(file, 0, "the lexicon has no terms; add lines 'category<TAB>term<TAB>partners<TAB>flags'");
        }
        return new IdentityLexicon(new ArrayList<>(terms.values()));
    }

    /** All terms in file order. */
    public List<IdentityTerm> terms() {
        return terms;
    }

    /** The categories, sorted. */
    public Set<String> categories() {
        TreeSet<String> out = new TreeSet<>();
        terms.forEach(t -> out.add(t.category()));
        return out;
    }

    /** The term for a surface form (case-insensitive, spaces and hyphens alike), if it is one. */
    public Optional<IdentityTerm> term(String surface) {
        return Optional.ofNullable(byKey.get(key(surface)));
    }

    /** The terms of one category, in file order. */
    public List<IdentityTerm> terms(String category) {
        return terms.stream().filter(t -> t.category().equals(category)).toList();
    }

    /** This lexicon without the terms flagged ambiguous (partners pointing at them are dropped). */
    public IdentityLexicon withoutAmbiguous() {
        return filter(t -> !t.ambiguous());
    }

    /**
     * This lexicon restricted to some categories.
     *
     * @throws IllegalArgumentException when a category is not in the lexicon
     */
    public IdentityLexicon onlyCategories(String... categories) {
        Set<String> known = categories();
        Set<String> keep = new TreeSet<>(List.of(categories));
        for (String c : keep) {
            if (!known.contains(c)) {
                throw new IllegalArgumentException("no category '" + c + "' in the lexicon; its categories are " + known);
            }
        }
        return filter(t -> keep.contains(t.category()));
    }

    private IdentityLexicon filter(Predicate<IdentityTerm> keep) {
        List<IdentityTerm> kept = terms.stream().filter(keep).toList();
        Set<String> keys = new TreeSet<>();
        kept.forEach(t -> keys.add(key(t.term())));
        List<IdentityTerm> out = new ArrayList<>();
        for (IdentityTerm t : kept) {
            out.add(new IdentityTerm(t.term(), t.category(),
                    t.partners().stream().filter(p -> keys.contains(key(p))).toList(), t.ambiguous()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the filter leaves no terms");
        }
        return new IdentityLexicon(out);
    }

    /**
     * Every non-overlapping term occurrence in {@code text}, left to right; at one position the
     * longest term wins ("african american" over a shorter term).
     */
    public List<IdentityMatch> find(String text) {
        List<IdentityMatch> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(new IdentityMatch(m.start(), m.end(), m.group(), byKey.get(key(m.group()))));
        }
        return out;
    }

    /** The categories {@code text} mentions, sorted; empty when none. */
    public Set<String> categoriesIn(String text) {
        TreeSet<String> out = new TreeSet<>();
        for (IdentityMatch m : find(text)) {
            out.add(m.term().category());
        }
        return out;
    }

    /** Whether {@code text} mentions any term. */
    public boolean mentionsAny(String text) {
        return pattern.matcher(text).find();
    }

    /** Whether {@code text} mentions a term of {@code category}. */
    public boolean mentions(String text, String category) {
        for (IdentityMatch m : find(text)) {
            if (m.term().category().equals(category)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "IdentityLexicon[" + terms.size() + " terms, categories " + categories() + "]";
    }
}
