package dev.fairtune.report;

import dev.fairtune.explain.IdentityDiagnostic;
import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupRates;
import dev.fairtune.fairness.Rate;
import dev.fairtune.report.Findings.Format;
import dev.fairtune.fairness.ScoreStatistic;
import java.util.List;

/**
 * A model card in Markdown with the nine sections of Mitchell et al. 2019, "Model Cards for Model
 * Reporting": model details, intended use, factors, metrics, evaluation data, training data,
 * quantitative analyses, ethical considerations, caveats and recommendations. The numbers are the
 * report's; the card covers every run of the report as a variant of the model.
 */
public final class ModelCard {
    private static final List<Rate> RATES = List.of(Rate.BASE_RATE, Rate.SELECTION_RATE, Rate.TPR, Rate.FPR,
            Rate.ACCURACY);

    private ModelCard() {
    }

    /** The card. */
    public static String render(FairnessReport report) {
        ReportInput in = report.input();
        Provenance p = in.provenance();
        String metric = in.headline().label(in.reference());
        StringBuilder m = new StringBuilder(8192);
        m.append("# Model card: ").append(inline(in.title())).append("\n\n");
        m.append("Written by FairTune on ").append(p.created()).append(" from the report of the same runs ")
                .append("(report.json, report.html). Sections follow Mitchell et al. 2019, *Model Cards for Model Reporting*.\n\n");

        m.append("## Model details\n\n");
        m.append("- Base model: ").append(inline(p.model())).append(", weights read from `").append(code(p.modelOrigin()))
                .append("`.\n");
        m.append("- Task: binary text classification, `").append(code(in.evaluationData().labelNames().get(1)))
                .append("` (positive) against `").append(code(in.evaluationData().labelNames().get(0))).append("`.\n");
        if (p.trainingSetup() != null) {
            m.append("- Fine-tuning: ").append(inline(p.trainingSetup())).append(".\n");
        }
        m.append("- Seed: ").append(p.seed()).append(". Libraries: ");
        for (int i = 0; i < p.libraries().size(); i++) {
            m.append(i == 0 ? "" : ", ").append(inline(p.libraries().get(i).name())).append(' ')
                    .append(inline(p.libraries().get(i).version()));
        }
        m.append(".\n");
        m.append("- Variants (runs):\n");
        for (RunResult r : report.runs()) {
            // The description says how the run was trained; without one, the loss in words.
            String how = r.run().description() != null ? r.run().description() : HtmlReport.training(r.run());
            m.append("  - **").append(inline(r.run().name())).append("**: ").append(inline(how));
            for (PenaltySetting penalty : r.run().penalties()) {
                if (penalty.finalLambda() != penalty.lambda()) {
                    m.append("; weight of ").append(inline(penalty.name())).append(" moved from ")
                            .append(Format.number(penalty.lambda())).append(" to ").append(Format.number(penalty.finalLambda()));
                }
            }
            String dp = PrivacySummary.privacy(r.run());
            m.append(dp == null ? "" : "; " + inline(dp));
            m.append(Double.isNaN(r.threshold()) ? "" : "; decision threshold " + Format.number(r.threshold()))
                    .append(".").append(r.collapse().collapsed() ? " **" + inline(Findings.collapsed(r)) + "**" : "")
                    .append("\n");
        }
        if (p.command() != null) {
            m.append("- Produced by: `").append(code(p.command())).append("`.\n");
        }
        if (in.trainingSweep() != null) {
            SweepSummary sweep = in.trainingSweep();
            long collapsed = sweep.points().stream().filter(dev.fairtune.sweep.SweepPoint::collapsed).count();
            m.append("- How this model was chosen: a sweep of ").append(sweep.points().size()).append(" runs, chosen on the"
                    + " validation data only by the rule: ").append(inline(sweep.rule())).append(". ")
                    .append(inline(sweep.choice())).append(". ").append(collapsed == 0 ? "No run"
                            : collapsed + " run" + (collapsed == 1 ? "" : "s")).append(" collapsed to one class")
                    .append(collapsed == 0 ? "" : " and could not be chosen").append("; the test data were scored once,"
                            + " after the choice.\n");
        }

        m.append("\n## Intended use\n\n");
        if (in.intendedUse() != null) {
            m.append(in.intendedUse().strip()).append("\n\n");
        } else {
            m.append("- Primary use: studying and comparing fine-tuning with and without fairness penalties on the ")
                    .append("data described below; screening short English texts for `")
                    .append(code(in.evaluationData().labelNames().get(1))).append("` as an aid to human reviewers.\n")
                    .append("- Out of scope: automated decisions about people without human review; languages, ")
                    .append("domains or groups other than those evaluated here; any use where the measured gaps below ")
                    .append("are not acceptable.\n\n");
        }

        m.append("## Factors\n\n");
        m.append("- Groups: attribute `").append(code(in.evaluationData().attribute())).append("` with groups ");
        for (int i = 0; i < in.groups().size(); i++) {
            m.append(i == 0 ? "" : ", ").append('`').append(code(in.groups().name(i))).append('`');
        }
        m.append(in.reference() == null ? "; no reference group (only unsigned metrics).\n"
                : "; reference group `" + code(in.reference()) + "` (signed metrics are group minus reference).\n");
        m.append("- Evaluation factors: every rate and metric below is reported per group and across groups. ")
                .append("Factors not recorded in the data (dialect, other identities, intersections with them) were not evaluated.\n");

        m.append("\n## Metrics\n\n");
        m.append("- Headline fairness metric: **").append(inline(metric)).append("** = `")
                .append(code(in.headline().metric().definition().formula())).append("`; ideal ")
                .append(Format.number(in.headline().metric().ideal())).append("; groups: ")
                .append(inline(in.groupPolicy().describe())).append(".\n");
        m.append("- Performance: accuracy, true and false positive rates per group")
                .append(report.runs().stream().anyMatch(r -> !r.scores().isEmpty()) ? ", ROC AUC and the bias AUCs of Borkan et al. 2019" : "")
                .append(".\n");
        if (report.runs().stream().anyMatch(r -> r.counterfactual() != null)) {
            m.append("- Counterfactual: mean |s(x) - s(x')| and the share of decisions that flip when only identity ")
                    .append("terms change.\n");
        }
        m.append("- Uncertainty: ").append(Charts.percent(in.level())).append(" percentile bootstrap intervals, ")
                .append(in.replicates()).append(" replicates resampling test rows within each group, seed ").append(p.seed())
                .append(". Formulas of every metric are in report.json (`definitions`) and docs/metrics.md.\n");

        m.append("\n## Evaluation data\n\n");
        data(m, in.evaluationData());
        m.append("\n## Training data\n\n");
        if (in.trainingData() == null) {
            m.append("Not recorded: this report covers predictions made elsewhere.\n");
        } else {
            data(m, in.trainingData());
        }

        m.append("\n## Quantitative analyses\n\n");
        m.append("Values on the evaluation data, with ").append(Charts.percent(in.level())).append(" intervals.\n\n");
        m.append("| run | accuracy | ").append(table(metric)).append(" | TPR gap | FPR gap |");
        boolean scores = report.runs().stream().anyMatch(r -> !r.scores().isEmpty());
        boolean cf = report.runs().stream().anyMatch(r -> r.counterfactual() != null);
        m.append(scores ? " AUC |" : "").append(cf ? " counterfactual flip rate |" : "").append("\n|---|---|---|---|---|")
                .append(scores ? "---|" : "").append(cf ? "---|" : "").append('\n');
        for (RunResult r : report.runs()) {
            m.append("| ").append(table(r.run().name())).append(" | ")
                    .append(Format.interval(r.rate(Rate.ACCURACY, RunResult.OVERALL))).append(" | ")
                    .append(Format.interval(r.headline())).append(" | ")
                    .append(Format.interval(r.metric(FairnessMetric.TPR_GAP, null))).append(" | ")
                    .append(Format.interval(r.metric(FairnessMetric.FPR_GAP, null))).append(" |");
            if (scores) {
                Interval auc = r.score(ScoreStatistic.AUC, RunResult.OVERALL);
                m.append(' ').append(auc == null ? "no scores" : Format.interval(auc)).append(" |");
            }
            if (cf) {
                m.append(' ').append(r.counterfactual() == null ? "not measured" : Format.interval(r.counterfactual()
                        .get(CounterfactualFairness.Statistic.FLIP_RATE, RunResult.OVERALL).interval())).append(" |");
            }
            m.append('\n');
        }
        for (RunResult r : report.runs()) {
            m.append("\n### ").append(inline(r.run().name())).append(" by group\n\n| group | rows |");
            for (Rate rate : RATES) {
                m.append(' ').append(rate.name()).append(" |");
            }
            m.append("\n|---|---|");
            m.append("---|".repeat(RATES.size())).append('\n');
            for (GroupRates g : r.frame().byGroup()) {
                m.append("| ").append(table(g.group())).append(g.belowMinSize() ? " (small)" : "").append(" | ")
                        .append(g.confusion().count()).append(" |");
                for (Rate rate : RATES) {
                    // Our own number format needs no escaping (and "[a, b]" followed by a space is no link).
                    m.append(' ').append(Format.interval(r.rate(rate, g.group()))).append(" |");
                }
                m.append('\n');
            }
        }
        m.append('\n');
        for (String s : Findings.tradeOffs(report)) {
            m.append("- ").append(prose(s)).append('\n');
        }

        m.append("\n## Ethical considerations\n\n");
        m.append("- The groups are identity categories. A gap between them means the model's errors fall unequally on ")
                .append("people, or texts, associated with those identities; a small gap on this data does not show ")
                .append("the absence of harm on other data or for groups not measured.\n")
                .append("- Fairness penalties trade some accuracy for smaller gaps; which gap matters (false positives, ")
                .append("false negatives, selection rates) depends on who bears each error. Decide it with the people affected.\n")
                .append("- Where group labels are derived from identity words in the text, they are a heuristic: they ")
                .append("miss implicit references and can mislabel texts.\n");
        explanations(m, report);
        privacy(m, report);
        if (in.ethicalConsiderations() != null) {
            m.append("- ").append(in.ethicalConsiderations().strip()).append('\n');
        }

        m.append("\n## Caveats and recommendations\n\n");
        for (String s : Findings.warnings(report)) {
            m.append("- ").append(prose(s)).append('\n');
        }
        if (report.runs().stream().anyMatch(r -> r.explanations() != null)) {
            m.append("- Attributions explain the model, not the texts or the world: a high identity share says that the ")
                    .append("identity word moves this model's score, not that the text is about identity. They depend on ")
                    .append("the baseline and the number of steps (docs/explainability.md); the convergence delta of each ")
                    .append("text says how far the sum of attributions is from the score difference it explains.\n");
        }
        m.append("- Intervals reflect the sampling of the test data only; they do not include the variation between ")
                .append("training runs with different seeds. Repeat training with several seeds before drawing conclusions.\n")
                .append("- Re-measure on data from the deployment setting, and recheck the decision threshold there: ")
                .append("the threshold sweep in report.html shows how accuracy and fairness move with it.\n");
        return m.toString();
    }

    /** The identity-term diagnostic of every explained run, overall and per group. */
    private static void explanations(StringBuilder m, FairnessReport report) {
        for (RunResult r : report.runs()) {
            ExplanationResult e = r.explanations();
            if (e == null) {
                continue;
            }
            m.append("- Reliance on identity words (").append(inline(r.run().name())).append(", ")
                    .append(e.diagnostic().texts().size()).append(" test texts explained): share of the evidence for `")
                    .append(code(report.input().evaluationData().labelNames().get(1))).append("` on identity words ")
                    .append(Format.interval(e.get(IdentityDiagnostic.Kind.IDENTITY_SHARE, IdentityDiagnostic.Scope.OVERALL,
                            "overall")));
            for (String g : e.diagnostic().groups()) {
                Interval share = e.get(IdentityDiagnostic.Kind.IDENTITY_SHARE, IdentityDiagnostic.Scope.GROUP, g);
                m.append("; ").append(inline(g)).append(' ').append(Format.interval(share));
            }
            m.append(". Mean |score change| when the identity terms are swapped: ")
                    .append(Format.interval(e.get(IdentityDiagnostic.Kind.MEAN_ABS_SCORE_CHANGE,
                            IdentityDiagnostic.Scope.OVERALL, "overall"))).append(".\n");
        }
    }

    private static void data(StringBuilder m, DataSummary d) {
        m.append("- ").append(inline(d.name())).append(": ").append(d.rows()).append(" examples");
        if (d.fingerprint() != null) {
            m.append(", SHA-256 `").append(code(d.fingerprint())).append('`');
        }
        m.append(".\n\n| group | `").append(code(d.labelNames().get(0))).append("` | `").append(code(d.labelNames().get(1)))
                .append("` | share positive |\n|---|---|---|---|\n");
        for (DataSummary.GroupCount g : d.groups()) {
            m.append("| ").append(table(g.group())).append(" | ").append(g.negatives()).append(" | ").append(g.positives())
                    .append(" | ").append(g.rows() == 0 ? "undefined (no rows)" : Format.number((double) g.positives() / g.rows()))
                    .append(" |\n");
        }
    }

    /**
     * A finding: run and metric names escaped as {@link #inline}, but the numbers in brackets left
     * as they are ("0.1 [0.0, 0.2]" followed by a comma or full stop is no link).
     */
    private static String prose(String s) {
        return inline(s).replace("\\[", "[").replace("\\]", "]");
    }

    /** Text for a Markdown table cell: pipes escaped, line breaks removed. */
    private static String table(String s) {
        return inline(s).replace("|", "\\|");
    }

    /** Text for running Markdown: line breaks become spaces, markup characters escaped. */
    private static String inline(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.replace('\n', ' ').replace('\r', ' ').toCharArray()) {
            if ("\\`*_[]<>#".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Text inside a code span: backticks would end it, so they become quotes. */
    private static String code(String s) {
        return s.replace('`', '\'').replace('\n', ' ');
    }

    /** Privacy: each run's guarantee (or its absence) and membership audit, when any run has one. */
    private static void privacy(StringBuilder m, FairnessReport report) {
        if (!PrivacySummary.any(report)) {
            m.append("- Privacy: no run was trained with differential privacy, so nothing bounds what the model reveals ")
                    .append("about the people whose texts it was trained on.\n");
            return;
        }
        for (RunResult r : report.runs()) {
            String dp = PrivacySummary.privacy(r.run());
            m.append("- Privacy of **").append(inline(r.run().name())).append("**: ")
                    .append(dp == null ? "not trained with differential privacy" : inline(dp)).append('.');
            for (String a : PrivacySummary.audit(r.run())) {
                m.append(" Membership audit, ").append(inline(a)).append('.');
            }
            m.append('\n');
        }
        m.append("- Differential privacy bounds the influence of one training example, not of a group or a person with ")
                .append("many examples, and it is known to widen group gaps (Bagdasaryan et al. 2019): compare the gaps of ")
                .append("the private and non-private variants above.\n");
    }
}
