package dev.fairtune.report;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.fairness.Definition;
import dev.fairtune.fairness.GroupRates;
import dev.fairtune.fairness.Rate;
import dev.fairtune.report.Findings.Format;
import dev.fairtune.fairness.ScoreStatistic;
import java.util.List;
import org.jfree.chart.JFreeChart;

/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts ({@link Charts}), no
 * script and no external resource, so it opens offline and can be mailed as one file. Every string
 * from the input is HTML-escaped.
 */
public final class HtmlReport {
    private static final List<Rate> GROUP_RATES = List.of(Rate.BASE_RATE, Rate.SELECTION_RATE, Rate.TPR, Rate.FPR,
            Rate.PPV, Rate.ACCURACY);

    private static final String CSS = """
            body{font-family:-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0;
            color:#222;background:#fafafa;line-height:1.45}
            main{max-width:1140px;margin:0 auto;padding:24px 28px 60px;background:#fff}
            h1{font-size:1.7em;margin:0 0 4px}h2{margin-top:2em;border-bottom:2px solid #0072B2;padding-bottom:4px}
            h3{margin-top:1.6em}.meta{color:#555;font-size:.92em}
            table{border-collapse:collapse;margin:10px 0 18px;font-size:.9em}
            th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f0f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            figure{margin:18px 0 28px}figure svg{max-width:100%;height:auto;display:block}
            figcaption{color:#444;font-size:.9em;margin-top:4px}
            .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
            .warn{background:#fff4e5;border-left:4px solid #E69F00;padding:8px 12px}
            .collapsed{background:#fdecea;border-left:4px solid #C62828;color:#8E0000;padding:8px 12px}
            tr.collapsed td{background:#fdecea;color:#8E0000}
            .undef{color:#8a4b00}.ci{color:#666;font-size:.86em}code{background:#f3f3f3;padding:0 3px}
            """;

    private HtmlReport() {
    }

    /** The page. */
    public static String render(FairnessReport report) {
        ReportInput in = report.input();
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"FairTune\">\n<title>").append(esc(in.title()))
                .append("</title>\n<style>").append(CSS).append(ExplanationHtml.CSS).append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<h1>").append(esc(in.title())).append("</h1>\n<p class=\"meta\">Model <b>")
                .append(esc(in.provenance().model())).append("</b> &middot; test data <b>")
                .append(esc(in.evaluationData().name())).append("</b> (").append(in.evaluationData().rows())
                .append(" rows, groups of <code>").append(esc(in.evaluationData().attribute())).append("</code>: ")
                .append(esc(String.join(", ", in.groups().names()))).append(in.reference() == null ? ""
                        : "; reference " + esc(in.reference())).append(") &middot; created ")
                .append(esc(in.provenance().created().toString())).append("</p>\n");

        summary(h, report);
        charts(h, report);
        ExplanationHtml.section(h, report);
        for (int r = 0; r < report.runs().size(); r++) {
            run(h, report, r);
        }
        privacy(h, report);
        provenance(h, report);
        definitions(h, report);
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, FairnessReport report) {
        ReportInput in = report.input();
        String metric = in.headline().label(in.reference());
        h.append("<h2>Summary</h2>\n<p>Headline fairness metric: <b>").append(esc(metric)).append("</b> (")
                .append(esc(Charts.abbreviation(in.headline()))).append(") = <code>")
                .append(esc(in.headline().metric().definition().formula())).append("</code> (ideal ")
                .append(Format.number(in.headline().metric().ideal())).append("). Every value comes with its ")
                .append(Charts.percent(in.level())).append(" bootstrap interval in brackets (")
                .append(in.replicates()).append(" replicates). Groups: ").append(esc(in.groupPolicy().describe()))
                .append(".</p>\n");
        boolean scores = report.runs().stream().anyMatch(r -> !r.scores().isEmpty());
        boolean cf = report.runs().stream().anyMatch(r -> r.counterfactual() != null);
        h.append("<table>\n<tr><th>run</th><th>training</th><th>threshold</th><th>accuracy</th><th title=\"")
                .append(esc(metric)).append("\">").append(esc(Charts.abbreviation(in.headline())))
                .append("</th><th>TPR gap</th><th>FPR gap</th>");
        if (scores) {
            h.append("<th>AUC</th>");
        }
        if (cf) {
            h.append("<th>counterfactual flip rate</th>");
        }
        h.append("</tr>\n");
        for (int r = 0; r < report.runs().size(); r++) {
            RunResult run = report.runs().get(r);
            h.append(run.collapse().collapsed() ? "<tr class=\"collapsed\"><td>" : "<tr><td>").append(swatch(r))
                    .append(esc(run.run().name())).append("</td><td>")
                    .append(esc(training(run.run()))).append("</td><td class=\"num\">")
                    .append(Double.isNaN(run.threshold()) ? "given" : Format.number(run.threshold())).append("</td>");
            cell(h, run.rate(Rate.ACCURACY, RunResult.OVERALL));
            cell(h, run.headline());
            cell(h, run.metric(dev.fairtune.fairness.FairnessMetric.TPR_GAP, null));
            cell(h, run.metric(dev.fairtune.fairness.FairnessMetric.FPR_GAP, null));
            if (scores) {
                Interval auc = run.score(ScoreStatistic.AUC, RunResult.OVERALL);
                if (auc == null) {
                    h.append("<td>no scores</td>");
                } else {
                    cell(h, auc);
                }
            }
            if (cf) {
                if (run.counterfactual() == null) {
                    h.append("<td>not measured</td>");
                } else {
                    cell(h, run.counterfactual().get(CounterfactualFairness.Statistic.FLIP_RATE, RunResult.OVERALL)
                            .interval());
                }
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        for (RunResult run : report.runs()) {
            if (run.collapse().collapsed()) {
                h.append("<div class=\"collapsed\"><b>").append(esc(run.run().name())).append("</b>: ")
                        .append(esc(Findings.collapsed(run))).append("</div>\n");
            }
        }
        list(h, Findings.tradeOffs(report), null);
        List<String> warnings = Findings.warnings(report);
        if (!warnings.isEmpty()) {
            h.append("<div class=\"warn\"><b>Read with care</b>");
            list(h, warnings, null);
            h.append("</div>\n");
        }
    }

    private static void charts(StringBuilder h, FairnessReport report) {
        ReportInput in = report.input();
        String metric = in.headline().label(in.reference());
        String abbreviation = Charts.abbreviation(in.headline());
        h.append("<h2>Charts</h2>\n");
        figure(h, Charts.groupRates(report), "chart-group-rates", 1100, 430,
                "True and false positive rates of each group on the test data; bars are " + Charts.percent(in.level())
                        + " bootstrap intervals. Equal heights across groups mean equalized odds.");
        figure(h, Charts.fairnessVsAccuracy(report), "chart-tradeoff", 1100, 560,
                metric + " against accuracy. Dashed paths join each run's validation results epoch by epoch (e1, e2, ...); "
                        + "the large marks are the final test results with intervals in both directions. "
                        + "Left and up is better.");
        JFreeChart frontier = Charts.frontier(report);
        if (frontier != null) {
            SweepSummary sweep = in.trainingSweep();
            h.append("<h3>How the model was chosen</h3>\n<p>").append(esc(sweep.rule())).append(".</p>\n<p>")
                    .append(esc(sweep.choice())).append(".</p>\n");
            figure(h, frontier, "chart-frontier", 1100, 600, "Every run of the sweep on the validation data (|"
                    + sweep.metric() + " - ideal| against " + (sweep.primary() == dev.fairtune.train.SelectionObjective.Primary.AUC
                    ? "AUC" : "accuracy")
                    + "): the frontier joined fairest first, dominated runs grey, runs that collapsed to one class as red"
                    + " crosses (a collapsed run's gap of 0 is not fairness: it is never on the frontier nor chosen),"
                    + " and the chosen run ringed. Triangles are the test points of the runs shown in this report,"
                    + " scored once after the choice; the choice used validation data only.");
            sweepTable(h, sweep);
        }
        JFreeChart curves = Charts.trainingCurves(report);
        if (curves != null) {
            figure(h, curves, "chart-training", 1100, 640, "Training loss at every optimizer step, and validation accuracy "
                    + "and " + abbreviation + " (" + metric + ") at the end of each epoch.");
        }
        JFreeChart sweep = Charts.thresholdSweep(report);
        if (sweep != null) {
            figure(h, sweep, "chart-sweep", 1100, 560, "Test accuracy and " + abbreviation + " (" + metric
                    + ") if decisions were made at each threshold; dashed vertical lines mark the threshold each run used.");
        } else {
            h.append("<p>No threshold sweep: the runs' evaluations carry decisions but no scores.</p>\n");
        }
    }

    private static void sweepTable(StringBuilder h, SweepSummary sweep) {
        h.append("<table>\n<tr><th>run</th><th>method</th><th>validation accuracy</th><th>validation AUC</th><th>|")
                .append(esc(sweep.metric())).append(" - ideal|</th><th>status</th></tr>\n");
        for (dev.fairtune.sweep.SweepPoint p : sweep.points()) {
            String status = p.collapsed() ? "COLLAPSED: " + p.collapseReason()
                    : p.name().equals(sweep.chosen()) ? "chosen" : sweep.frontier().contains(p.name()) ? "on the frontier"
                    : "dominated";
            h.append(p.collapsed() ? "<tr class=\"collapsed\" style=\"color:#b00020\">" : "<tr>").append("<td>")
                    .append(esc(p.name())).append("</td><td>").append(esc(p.method())).append("</td><td>")
                    .append(Findings.Format.number(p.accuracy())).append("</td><td>").append(Findings.Format.number(p.auc())).append("</td><td>")
                    .append(Findings.Format.number(p.distance())).append("</td><td>").append(esc(status)).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void figure(StringBuilder h, JFreeChart chart, String id, int w, int height, String caption) {
        h.append("<figure>\n").append(Charts.svg(chart, id, w, height)).append("\n<figcaption>").append(esc(caption))
                .append("</figcaption>\n</figure>\n");
    }

    private static void run(StringBuilder h, FairnessReport report, int index) {
        RunResult r = report.runs().get(index);
        h.append("<h2>").append(swatch(index)).append("Run: ").append(esc(r.run().name())).append("</h2>\n");
        if (r.run().description() != null) {
            h.append("<p>").append(esc(r.run().description())).append("</p>\n");
        }
        h.append("<h3>Groups</h3>\n<table>\n<tr><th>group</th><th>rows</th><th>TP / FP / TN / FN</th>");
        for (Rate rate : GROUP_RATES) {
            h.append("<th>").append(rate.name()).append("</th>");
        }
        h.append("</tr>\n");
        List<GroupRates> rows = new java.util.ArrayList<>(r.frame().byGroup());
        rows.add(r.frame().overall());
        for (GroupRates g : rows) {
            boolean overall = g == r.frame().overall();
            String name = overall ? RunResult.OVERALL : g.group();
            h.append("<tr><td>").append(overall ? "<i>all rows</i>" : esc(name)).append(g.belowMinSize() ? " *" : "")
                    .append("</td><td class=\"num\">").append(g.confusion().count()).append("</td><td class=\"num\">")
                    .append(g.confusion().tp()).append(" / ").append(g.confusion().fp()).append(" / ")
                    .append(g.confusion().tn()).append(" / ").append(g.confusion().fn()).append("</td>");
            for (Rate rate : GROUP_RATES) {
                cell(h, r.rate(rate, name));
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        if (rows.stream().anyMatch(GroupRates::belowMinSize)) {
            h.append("<p>* fewer than ").append(report.input().minGroupSize()).append(" rows.</p>\n");
        }
        h.append("<h3>Fairness metrics</h3>\n<table>\n<tr><th>metric</th><th>group vs reference</th><th>value [interval]</th>"
                + "<th>ideal</th></tr>\n");
        for (RunResult.MetricEstimate m : r.metrics()) {
            h.append("<tr><td>").append(m.metric().name()).append("</td><td>")
                    .append(m.group() == null ? "all groups" : esc(m.group() + " vs " + m.reference())).append("</td>");
            cell(h, m.interval());
            h.append("<td class=\"num\">").append(Format.number(m.metric().ideal())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (!r.scores().isEmpty()) {
            h.append("<h3>Threshold-free metrics</h3>\n<table>\n<tr><th>statistic</th><th>group</th><th>value [interval]</th></tr>\n");
            for (RunResult.ScoreEstimate s : r.scores()) {
                h.append("<tr><td>").append(s.statistic().name()).append("</td><td>").append(esc(s.group())).append("</td>");
                cell(h, s.interval());
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        if (r.counterfactual() != null) {
            h.append("<h3>Counterfactual fairness</h3>\n<p>").append(r.counterfactual().pairs())
                    .append(" test texts whose identity terms could be swapped were scored again after the swap; decisions at ")
                    .append(Format.number(r.counterfactual().threshold())).append(".</p>\n<table>\n<tr><th>statistic</th>"
                            + "<th>group of the original</th><th>pairs</th><th>value [interval]</th></tr>\n");
            for (RunResult.CounterfactualEstimate e : r.counterfactual().estimates()) {
                h.append("<tr><td>").append(e.statistic().name()).append("</td><td>").append(esc(e.group()))
                        .append("</td><td class=\"num\">").append(e.pairs()).append("</td>");
                cell(h, e.interval());
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        List<String> undefined = Findings.undefinedValues(r);
        if (!undefined.isEmpty()) {
            h.append("<h3>Undefined values</h3>\n");
            list(h, undefined, "undef");
        }
    }

    /**
     * The privacy of each run (DP-SGD's guarantee, or none) beside its headline metric, since DP
     * is known to widen group gaps (Bagdasaryan et al. 2019), and its membership audit; nothing
     * when no run is private or audited.
     */
    private static void privacy(StringBuilder h, FairnessReport report) {
        if (!PrivacySummary.any(report)) {
            return;
        }
        ReportInput in = report.input();
        h.append("<h2>Privacy</h2>\n<p>An (epsilon, delta) guarantee bounds what the trained model can reveal about any")
                .append(" one training example; a membership-inference attack measures what two cheap attacks do reveal")
                .append(" (an AUC of 0.5 is chance; a low figure does not prove privacy). Differential privacy is known")
                .append(" to widen group gaps (Bagdasaryan et al. 2019): compare the headline metric of the private and")
                .append(" non-private runs. docs/privacy.md says what the guarantee covers.</p>\n<table>\n<tr><th>run</th>")
                .append("<th>privacy</th><th>").append(esc(in.headline().label(in.reference())))
                .append("</th><th>membership audit</th></tr>\n");
        for (RunResult r : report.runs()) {
            String dp = PrivacySummary.privacy(r.run());
            h.append("<tr><td>").append(esc(r.run().name())).append("</td><td>")
                    .append(esc(dp == null ? "not private (no DP-SGD)" : dp)).append("</td>");
            cell(h, r.headline());
            List<String> audit = PrivacySummary.audit(r.run());
            h.append("<td>").append(esc(audit.isEmpty() ? "not audited" : String.join("; ", audit))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void provenance(StringBuilder h, FairnessReport report) {
        ReportInput in = report.input();
        Provenance p = in.provenance();
        h.append("<h2>Provenance</h2>\n<table>\n");
        row(h, "model", p.model());
        row(h, "weights read from", p.modelOrigin());
        row(h, "training setup", p.trainingSetup() == null ? "none (predictions given)" : p.trainingSetup());
        row(h, "seed", String.valueOf(p.seed()));
        row(h, "test data", data(in.evaluationData()));
        if (in.trainingData() != null) {
            row(h, "training data", data(in.trainingData()));
        }
        row(h, "groups", in.evaluationData().attribute() + ": " + String.join(", ", in.groups().names()));
        row(h, "reference group", in.reference() == null ? "none (signed metrics omitted)" : in.reference());
        row(h, "intervals", in.replicates() + " replicates, level " + in.level() + "; " + ReportJson.METHOD);
        if (p.command() != null) {
            row(h, "command", p.command());
        }
        row(h, "created", p.created().toString());
        StringBuilder libs = new StringBuilder();
        for (Library l : p.libraries()) {
            libs.append(libs.length() == 0 ? "" : ", ").append(l.name()).append(' ').append(l.version());
        }
        row(h, "libraries", libs.toString());
        h.append("</table>\n<h3>Penalties</h3>\n<table>\n<tr><th>run</th><th>penalty</th><th>approximates</th>"
                + "<th>lambda (start)</th><th>lambda (end)</th></tr>\n");
        for (RunResult r : report.runs()) {
            if (r.run().penalties().isEmpty()) {
                h.append("<tr><td>").append(esc(r.run().name())).append("</td><td colspan=\"4\">none</td></tr>\n");
            }
            for (PenaltySetting s : r.run().penalties()) {
                h.append("<tr><td>").append(esc(r.run().name())).append("</td><td>").append(esc(s.name()))
                        .append("</td><td>").append(esc(s.approximates())).append("</td><td class=\"num\">")
                        .append(Format.number(s.lambda())).append("</td><td class=\"num\">")
                        .append(Format.number(s.finalLambda())).append("</td></tr>\n");
            }
        }
        h.append("</table>\n");
    }

    private static void definitions(StringBuilder h, FairnessReport report) {
        h.append("<h2>Definitions</h2>\n<p>g is a group, r the reference group, SR the selection rate, ERR the error "
                + "rate; a gap is the largest minus the smallest value over the groups with rows.</p>\n<table>\n"
                + "<tr><th>name</th><th>formula</th><th>reading</th><th>ideal</th><th>range</th></tr>\n");
        for (Definition d : ReportJson.definitions(report)) {
            h.append("<tr><td>").append(esc(d.name())).append("</td><td><code>").append(esc(d.formula()))
                    .append("</code></td><td>").append(esc(d.sign())).append("</td><td class=\"num\">")
                    .append(d.ideal() == null ? "" : Format.number(d.ideal())).append("</td><td>").append(esc(d.range()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String data(DataSummary d) {
        StringBuilder s = new StringBuilder(d.name()).append(", ").append(d.rows()).append(" rows");
        for (DataSummary.GroupCount g : d.groups()) {
            s.append("; ").append(g.group()).append(' ').append(g.negatives()).append(' ').append(d.labelNames().get(0))
                    .append(" / ").append(g.positives()).append(' ').append(d.labelNames().get(1));
        }
        if (d.fingerprint() != null) {
            s.append("; SHA-256 ").append(d.fingerprint());
        }
        return s.toString();
    }

    static String training(RunInput r) {
        if (r.penalties().isEmpty()) {
            return r.epochs().isEmpty() ? "predictions given" : "cross-entropy only";
        }
        StringBuilder s = new StringBuilder("cross-entropy");
        for (PenaltySetting p : r.penalties()) {
            s.append(" + ").append(Format.number(p.lambda()));
            if (p.finalLambda() != p.lambda()) {
                s.append("\u2192").append(Format.number(p.finalLambda()));
            }
            s.append(" \u00d7 ").append(p.name());
        }
        return s.toString();
    }

    /** A value on one line and its interval below it, smaller, so that wide tables stay on the page. */
    static void cell(StringBuilder h, Interval i) {
        if (!i.estimate().isDefined()) {
            h.append("<td class=\"undef\">").append(esc(Format.value(i.estimate()))).append("</td>");
        } else if (!i.isDefined()) {
            h.append("<td class=\"num\">").append(Format.number(i.estimate().value()))
                    .append("<br><span class=\"ci undef\">interval undefined: ").append(esc(i.lower().describe()))
                    .append("</span></td>");
        } else {
            h.append("<td class=\"num\">").append(Format.number(i.estimate().value())).append("<br><span class=\"ci\">[")
                    .append(Format.number(i.lower().value())).append(", ").append(Format.number(i.upper().value()))
                    .append("]</span></td>");
        }
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static void list(StringBuilder h, List<String> items, String cssClass) {
        h.append(cssClass == null ? "<ul>\n" : "<ul class=\"" + cssClass + "\">\n");
        for (String s : items) {
            h.append("<li>").append(esc(s)).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private static String swatch(int run) {
        return String.format(java.util.Locale.ROOT, "<span class=\"swatch\" style=\"background:#%06X\"></span>",
                Charts.color(run).getRGB() & 0xFFFFFF);
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
