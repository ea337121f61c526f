package dev.fairtune.report;

import dev.fairtune.fairness.GroupRates;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain-language findings shared by the HTML page and the model card: the trade-off between runs,
 * and the warnings a reader needs before trusting a number (small groups, undefined values, wide
 * or overlapping intervals).
 */
final class Findings {
    /** An interval wider than this is called wide. */
    static final double WIDE = 0.2;

    private Findings() {
    }

    /** The comparison of the runs on the headline metric and accuracy. */
    static List<String> tradeOffs(FairnessReport report) {
        List<String> out = new ArrayList<>();
        ReportInput in = report.input();
        String metric = in.headline().label(in.reference());
        for (RunResult r : report.runs()) {
            out.add(r.run().name() + ": " + metric + " " + Format.interval(r.headline()) + ", accuracy "
                    + Format.interval(r.rate(Rate.ACCURACY, RunResult.OVERALL)) + "."
                    + (r.collapse().collapsed() ? " " + collapsed(r) : "")
                    + (r.headlineLeftOut().isEmpty() ? "" : " " + leftOut(r)));
        }
        if (report.runs().size() >= 2) {
            RunResult base = report.runs().get(0);
            for (RunResult r : report.runs().subList(1, report.runs().size())) {
                Interval f0 = base.headline();
                Interval f1 = r.headline();
                Interval a0 = base.rate(Rate.ACCURACY, RunResult.OVERALL);
                Interval a1 = r.rate(Rate.ACCURACY, RunResult.OVERALL);
                if (!f0.estimate().isDefined() || !f1.estimate().isDefined() || !a0.estimate().isDefined()
                        || !a1.estimate().isDefined() || base.collapse().collapsed() || r.collapse().collapsed()) {
                    continue;
                }
                double df = f1.estimate().value() - f0.estimate().value();
                double da = a1.estimate().value() - a0.estimate().value();
                StringBuilder s = new StringBuilder();
                s.append("Against ").append(base.run().name()).append(", ").append(r.run().name()).append(' ')
                        .append(df <= 0 ? "lowers" : "raises").append(' ').append(metric).append(" by ")
                        .append(Format.number(Math.abs(df))).append(" and ").append(da >= 0 ? "raises" : "lowers")
                        .append(" accuracy by ").append(Format.number(Math.abs(da))).append('.');
                if (overlap(f0, f1)) {
                    s.append(" The two ").append(percent(in)).append(" intervals of ").append(metric)
                            .append(" overlap, so this difference may be noise; evaluate on more data or more seeds.");
                }
                out.add(s.toString());
            }
        }
        return out;
    }

    /** The sentence that marks a collapsed run. */
    static String collapsed(RunResult r) {
        return "Not a fair model: it " + r.collapse().reason() + ", so its gaps are empty, not small; it is not"
                + " compared with the other runs.";
    }

    /** What to be careful about. */
    static List<String> warnings(FairnessReport report) {
        List<String> out = new ArrayList<>();
        ReportInput in = report.input();
        RunResult first = report.runs().get(0);
        for (GroupRates g : first.frame().byGroup()) {
            if (g.belowMinSize()) {
                out.add("Group " + g.group() + " has only " + g.confusion().count() + " test rows (fewer than "
                        + in.minGroupSize() + "): its rates rest on too few examples to trust.");
            }
        }
        for (RunResult r : report.runs()) {
            Interval h = r.headline();
            if (!h.estimate().isDefined()) {
                out.add(r.run().name() + ": " + in.headline().label(in.reference()) + " is undefined ("
                        + h.estimate().describe() + ").");
            } else if (h.isDefined() && h.upper().value() - h.lower().value() > WIDE) {
                out.add(r.run().name() + ": the " + percent(in) + " interval of " + in.headline().label(in.reference())
                        + " is wide (" + Format.interval(h) + "); the test data are too small to pin it down.");
            }
            if (h.undefinedReplicates() > 0 && h.estimate().isDefined()) {
                out.add(r.run().name() + ": " + h.undefinedReplicates() + " of " + h.replicates()
                        + " bootstrap replicates left " + in.headline().label(in.reference())
                        + " undefined; its interval describes only the others.");
            }
        }
        long undefined = report.runs().stream().flatMap(r -> r.metrics().stream())
                .filter(m -> !m.interval().estimate().isDefined()).count();
        if (undefined > 0) {
            out.add(undefined + " metric values are undefined; the tables give each one's reason.");
        }
        return out;
    }

    /** Every undefined value of a run, as "where: reason". */
    static List<String> undefinedValues(RunResult r) {
        List<String> out = new ArrayList<>();
        r.metrics().forEach(m -> undefined(out, m.metric().name() + (m.group() == null ? "" : " (" + m.group() + ")"),
                m.interval().estimate()));
        r.rates().forEach(x -> undefined(out, x.rate().name() + " of " + x.group(), x.interval().estimate()));
        r.scores().forEach(s -> undefined(out, s.statistic().name() + " of " + s.group(), s.interval().estimate()));
        if (r.counterfactual() != null) {
            r.counterfactual().estimates().forEach(e -> undefined(out, e.statistic().name() + " of " + e.group(),
                    e.interval().estimate()));
        }
        return out;
    }

    private static void undefined(List<String> out, String what, Value v) {
        if (!v.isDefined()) {
            out.add(what + ": " + v.describe());
        }
    }

    private static boolean overlap(Interval a, Interval b) {
        if (!a.isDefined() || !b.isDefined()) {
            return true;
        }
        return a.lower().value() <= b.upper().value() && b.lower().value() <= a.upper().value();
    }

    private static String percent(ReportInput in) {
        return Charts.percent(in.level());
    }

    /** Number formatting shared by the page and the card. */
    static final class Format {
        private Format() {
        }

        /** Three decimals, or "undefined". */
        static String number(double d) {
            return Double.isNaN(d) ? "undefined" : String.format(Locale.ROOT, "%.3f", d);
        }

        /** "0.123" or "undefined (no positive labels (B))". */
        static String value(Value v) {
            return v.isDefined() ? number(v.value()) : "undefined (" + v.describe() + ")";
        }

        /** "0.123 [0.100, 0.150]", "0.123 [interval undefined: reason]" or "undefined (reason)". */
        static String interval(Interval i) {
            if (!i.estimate().isDefined()) {
                return value(i.estimate());
            }
            if (!i.isDefined()) {
                return number(i.estimate().value()) + " [interval undefined: " + i.lower().describe() + "]";
            }
            return number(i.estimate().value()) + " [" + number(i.lower().value()) + ", " + number(i.upper().value())
                    + "]";
        }
    }

    /** The groups the group policy left out of a run's headline metric, with the reasons. */
    static String leftOut(RunResult r) {
        return "Left out of it by the omit policy: " + String.join("; ", r.headlineLeftOut().stream()
                .map(l -> l.group() + " (" + l.why() + ")").toList()) + ".";
    }
}
