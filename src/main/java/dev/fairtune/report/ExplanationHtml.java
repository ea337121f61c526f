package dev.fairtune.report;

import dev.fairtune.explain.IdentityDiagnostic;
import dev.fairtune.explain.IdentityDiagnostic.Kind;
import dev.fairtune.explain.IdentityDiagnostic.Scope;
import dev.fairtune.explain.WordAttribution;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Rate;
import dev.fairtune.report.Findings.Format;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's explanation section: the identity-term diagnostic of every run side by side, the
 * most-attributed words of each group, and a few texts drawn with their words coloured by
 * attribution (false positives of the group with the highest false positive rate first).
 */
final class ExplanationHtml {
    /** Words listed per group. */
    static final int TOP_WORDS = 8;
    /** Texts drawn per run. */
    static final int HIGHLIGHTS = 4;

    static final String CSS = """
            .attr{line-height:1.9}.attr span{padding:1px 2px;border-radius:3px}
            .legend span{padding:1px 6px;border-radius:3px;margin-right:6px}
            """;

    private ExplanationHtml() {
    }

    /** The section, or nothing when no run was explained. */
    static void section(StringBuilder h, FairnessReport report) {
        List<RunResult> runs = report.runs().stream().filter(r -> r.explanations() != null).toList();
        if (runs.isEmpty()) {
            return;
        }
        IdentityDiagnostic first = runs.get(0).explanations().diagnostic();
        String positive = report.input().evaluationData().labelNames().get(1);
        h.append("<h2>Explanations</h2>\n<p>Attributions of the probability of <b>").append(HtmlReport.esc(positive))
                .append("</b> to each word of ").append(first.texts().size()).append(" test texts (")
                .append(HtmlReport.esc(first.method())).append("). The <i>identity share</i> of a text is the part of its ")
                .append("positive attribution (the evidence for ").append(HtmlReport.esc(positive))
                .append(") that falls on identity words of the lexicon; a text without an identity word has none. ")
                .append("Lower means the model leans less on who is named. Swapping the identity terms for their ")
                .append("counterfactual partners moves the score by the <i>|score change|</i>. Attributions explain ")
                .append("the model, not the texts (docs/explainability.md).</p>\n");
        table(h, runs);
        for (RunResult r : runs) {
            words(h, r);
            highlights(h, r, report);
        }
    }

    private static void table(StringBuilder h, List<RunResult> runs) {
        h.append("<table>\n<tr><th>statistic</th><th>texts</th>");
        for (RunResult r : runs) {
            h.append("<th>").append(HtmlReport.esc(r.run().name())).append("</th>");
        }
        h.append("</tr>\n");
        ExplanationResult base = runs.get(0).explanations();
        for (ExplanationResult.Estimate e : base.estimates()) {
            IdentityDiagnostic.Statistic s = e.statistic();
            boolean anyDefined = runs.stream().anyMatch(r -> r.explanations().get(s.kind(), s.scope(), s.name())
                    .estimate().isDefined());
            if (s.scope() == Scope.CATEGORY && !anyDefined) {
                continue; // categories no explained text mentions
            }
            h.append("<tr><td>").append(HtmlReport.esc(s.label())).append("</td><td class=\"num\">")
                    .append(texts(base.diagnostic(), s)).append("</td>");
            for (RunResult r : runs) {
                HtmlReport.cell(h, r.explanations().get(s.kind(), s.scope(), s.name()));
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** The number of texts a statistic is defined on (shares: texts naming an identity; changes: texts with a twin). */
    private static long texts(IdentityDiagnostic d, IdentityDiagnostic.Statistic s) {
        int g = s.scope() == Scope.GROUP ? d.groups().indexOf(s.name()) : -1;
        return d.texts().stream().filter(t -> g < 0 || t.group() == g).filter(t -> s.kind() == Kind.MEAN_ABS_SCORE_CHANGE
                ? t.scoreChange().isDefined() : s.scope() == Scope.CATEGORY ? t.share(s.name()).isDefined()
                : t.share().isDefined()).count();
    }

    /** Per group: the words with the largest total attribution (lower case), with mean and count. */
    private static void words(StringBuilder h, RunResult r) {
        IdentityDiagnostic d = r.explanations().diagnostic();
        h.append("<h3>").append(HtmlReport.esc(r.run().name())).append(": most-attributed words by group</h3>\n")
                .append("<table>\n<tr><th>group</th><th>texts</th><th>words by total attribution (mean &times; occurrences)</th></tr>\n");
        for (int g = 0; g < d.groups().size(); g++) {
            Map<String, double[]> sums = new TreeMap<>();
            int n = 0;
            for (IdentityDiagnostic.Text t : d.texts()) {
                if (t.group() != g) {
                    continue;
                }
                n++;
                for (WordAttribution w : t.explanation().words()) {
                    double[] s = sums.computeIfAbsent(w.word().toLowerCase(Locale.ROOT), k -> new double[2]);
                    s[0] += w.attribution();
                    s[1]++;
                }
            }
            List<Map.Entry<String, double[]>> top = new ArrayList<>(sums.entrySet());
            top.sort(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[0])
                    .thenComparing(Map.Entry::getKey));
            h.append("<tr><td>").append(HtmlReport.esc(d.groups().get(g))).append("</td><td class=\"num\">").append(n)
                    .append("</td><td>");
            for (int i = 0; i < Math.min(TOP_WORDS, top.size()); i++) {
                double[] s = top.get(i).getValue();
                h.append(i == 0 ? "" : ", ").append("<b>").append(HtmlReport.esc(top.get(i).getKey())).append("</b> ")
                        .append(Format.number(s[0] / s[1])).append(" &times; ").append((int) s[1]);
            }
            h.append(n == 0 ? "no explained texts" : "").append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /**
     * A few texts with coloured words: the false positives of the group with the highest FPR
     * first, then the other false positives, then the texts with the highest identity share.
     */
    private static void highlights(StringBuilder h, RunResult r, FairnessReport report) {
        IdentityDiagnostic d = r.explanations().diagnostic();
        Observations obs = r.run().evaluation();
        String worst = null;
        double worstFpr = -1;
        for (String g : d.groups()) {
            Interval fpr = r.rate(Rate.FPR, g);
            if (fpr.estimate().isDefined() && fpr.estimate().value() > worstFpr) {
                worstFpr = fpr.estimate().value();
                worst = g;
            }
        }
        int worstId = worst == null ? -1 : d.groups().indexOf(worst);
        List<IdentityDiagnostic.Text> order = new ArrayList<>(d.texts());
        order.sort(Comparator.comparingInt((IdentityDiagnostic.Text t) -> {
            boolean fp = obs.label()[t.row()] == 0 && obs.prediction()[t.row()] == 1;
            return fp && t.group() == worstId ? 0 : fp ? 1 : 2;
        }).thenComparingDouble(t -> t.share().isDefined() ? -t.share().value() : 1));
        h.append("<h3>").append(HtmlReport.esc(r.run().name())).append(": highlighted texts</h3>\n<p class=\"legend\">")
                .append("<span style=\"background:rgba(213,94,0,.75)\">for ")
                .append(HtmlReport.esc(report.input().evaluationData().labelNames().get(1)))
                .append("</span><span style=\"background:rgba(0,114,178,.6)\">against</span> colour strength: |attribution| ")
                .append("relative to the text's largest. ")
                .append(worst == null ? "" : "False positives of " + HtmlReport.esc(worst) + " (highest FPR, "
                        + Format.number(worstFpr) + ") first.").append("</p>\n<table>\n<tr><th>row</th><th>group</th>"
                        + "<th>label / decision</th><th>score</th><th>identity share</th><th>delta</th><th>text</th></tr>\n");
        List<String> labels = report.input().evaluationData().labelNames();
        for (int i = 0; i < Math.min(HIGHLIGHTS, order.size()); i++) {
            IdentityDiagnostic.Text t = order.get(i);
            h.append("<tr><td class=\"num\">").append(t.row() + 1).append("</td><td>")
                    .append(HtmlReport.esc(d.groups().get(t.group()))).append("</td><td>")
                    .append(HtmlReport.esc(labels.get(obs.label()[t.row()]))).append(" / ")
                    .append(HtmlReport.esc(labels.get(obs.prediction()[t.row()]))).append("</td><td class=\"num\">")
                    .append(Format.number(t.explanation().score())).append("</td><td class=\"num\">")
                    .append(t.share().isDefined() ? Format.number(t.share().value())
                            : "<span class=\"undef\">" + HtmlReport.esc(t.share().reason().text()) + "</span>")
                    .append("</td><td class=\"num\">").append(t.explanation().delta().isDefined()
                            ? String.format(Locale.ROOT, "%.1e", t.explanation().delta().value())
                            : "<span class=\"undef\">" + HtmlReport.esc(t.explanation().delta().reason().text()) + "</span>")
                    .append("</td><td class=\"attr\">");
            spans(h, t);
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** The text with each word in a span whose background shows its attribution. */
    static void spans(StringBuilder h, IdentityDiagnostic.Text t) {
        String text = t.explanation().text();
        List<WordAttribution> words = t.explanation().words();
        double max = 0;
        for (WordAttribution w : words) {
            max = Math.max(max, Math.abs(w.attribution()));
        }
        int at = 0;
        for (WordAttribution w : words) {
            h.append(HtmlReport.esc(text.substring(at, w.start())));
            double s = max == 0 ? 0 : Math.abs(w.attribution()) / max;
            String rgb = w.attribution() >= 0 ? "213,94,0" : "0,114,178";
            h.append(String.format(Locale.ROOT, "<span title=\"%s\" style=\"background:rgba(%s,%.2f)\">",
                    Format.number(w.attribution()), rgb, 0.8 * s)).append(HtmlReport.esc(w.word())).append("</span>");
            at = w.end();
        }
        h.append(HtmlReport.esc(text.substring(Math.min(at, text.length()))));
    }
}
