package dev.fairtune.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link MetricFrame} as plain-text tables. */
final class FrameTable {
    private final StringBuilder out = new StringBuilder();
    private final List<String> undefined = new ArrayList<>();

    private FrameTable() {
    }

    static String render(MetricFrame f) {
        FrameTable t = new FrameTable();
        t.write(f);
        return t.out.toString();
    }

    private void write(MetricFrame f) {
        out.append(String.format(Locale.ROOT, "%d groups, %d rows; reference group: %s; minimum group size: %d%n",
                f.groups().size(), f.overall().confusion().count(), f.reference() == null ? "none" : f.reference(),
                f.minGroupSize()));
        List<GroupRates> rows = new ArrayList<>();
        rows.add(f.overall());
        rows.addAll(f.byGroup());
        int w = 12;
        for (String g : f.groups()) {
            w = Math.max(w, g.length() + 2);
        }
        final int nameWidth = w;

        section("Counts by group" + (f.minGroupSize() > 0 ? " (* fewer rows than " + f.minGroupSize() + ")" : ""));
        header(nameWidth, List.of("n", "weight", "TP", "FP", "TN", "FN"), 12);
        for (GroupRates r : rows) {
            Confusion c = r.confusion();
            cell(r.group() + (r.belowMinSize() ? "*" : ""), nameWidth);
            cells(12, String.valueOf(c.count()), number(c.weight()), String.valueOf(c.tp()), String.valueOf(c.fp()),
                    String.valueOf(c.tn()), String.valueOf(c.fn()));
        }

        section("Rates by group");
        List<Rate> rates = new ArrayList<>(MetricFrame.DEFAULT_RATES);
        List<String> labels = new ArrayList<>();
        for (Rate r : rates) {
            labels.add(label(r));
        }
        header(nameWidth, labels, 9);
        for (GroupRates r : rows) {
            cell(r.group(), nameWidth);
            for (Rate rate : rates) {
                cell(value(r.get(rate), label(rate) + " of " + r.group()), 9);
            }
            out.append('\n');
        }

        section("Rates across groups");
        List<Aggregation> across = new ArrayList<>();
        List<String> aggLabels = new ArrayList<>();
        for (Aggregation a : Aggregation.values()) {
            if (!a.needsReference()) {
                across.add(a);
                aggLabels.add(a.name());
            }
        }
        header(10, aggLabels, 22);
        for (Rate r : f.rates()) {
            cell(label(r), 10);
            for (Aggregation a : across) {
                cell(value(f.aggregate(r, a, null), a + " of " + label(r)), 22);
            }
            out.append('\n');
        }

        if (f.reference() != null) {
            for (Aggregation a : Aggregation.values()) {
                if (!a.needsReference()) {
                    continue;
                }
                section("Rates, group " + (a == Aggregation.DIFFERENCE ? "minus" : "over") + " reference (" + f.reference() + ")");
                List<String> rl = new ArrayList<>();
                for (Rate r : f.rates()) {
                    rl.add(label(r));
                }
                header(nameWidth, rl, 9);
                for (String g : f.groups()) {
                    if (g.equals(f.reference())) {
                        continue;
                    }
                    cell(g, nameWidth);
                    for (Rate r : f.rates()) {
                        cell(value(f.aggregate(r, a, g), a + " of " + label(r) + ", " + g + " vs " + f.reference()), 9);
                    }
                    out.append('\n');
                }
            }
        }

        section("Named metrics" + (f.reference() == null ? "" : " (signed ones: group minus/over " + f.reference() + ")"));
        int mw = 0;
        for (FairnessMetric m : FairnessMetric.values()) {
            mw = Math.max(mw, m.name().length() + 2);
        }
        cell("", mw);
        cell("group", nameWidth);
        out.append("value\n");
        for (MetricValue m : f.metrics()) {
            cell(m.metric().name(), mw);
            cell(m.group() == null ? "all groups" : m.group(), nameWidth);
            cell(value(m.value(), m.metric() + (m.group() == null ? "" : " of " + m.group() + " vs " + m.reference())), 12);
            out.append('\n');
        }

        ScoreSummary s = f.scores();
        if (s != null) {
            section(String.format(Locale.ROOT, "Scores (calibration error with %d bins)", s.calibrationBins()));
            header(nameWidth, List.of("n", "positives", "negatives", "AUC", "BPSN AUC", "BNSP AUC", "calib.err"), 11);
            for (GroupScores g : s.byGroup()) {
                cell(g.group(), nameWidth);
                cells(11, String.valueOf(g.count()), String.valueOf(g.positives()), String.valueOf(g.negatives()),
                        value(g.auc(), "AUC of " + g.group()), value(g.bpsnAuc(), "BPSN AUC of " + g.group()),
                        value(g.bnspAuc(), "BNSP AUC of " + g.group()),
                        value(g.calibrationError(), "calibration error of " + g.group()));
            }
            String p = number(s.powerMeanExponent());
            out.append(String.format(Locale.ROOT, "overall AUC %s, calibration error %s%n",
                    value(s.overallAuc(), "overall AUC"), value(s.overallCalibrationError(), "overall calibration error")));
            out.append(String.format(Locale.ROOT, "power means (p = %s): subgroup AUC %s, BPSN AUC %s, BNSP AUC %s; bias score %s%n",
                    p, value(s.subgroupAucMean(), "power mean of subgroup AUCs"),
                    value(s.bpsnAucMean(), "power mean of BPSN AUCs"), value(s.bnspAucMean(), "power mean of BNSP AUCs"),
                    value(s.biasScore(), "bias score")));
        }

        if (!undefined.isEmpty()) {
            section("Undefined values (NaN)");
            for (String u : undefined) {
                out.append("  ").append(u).append('\n');
            }
        }
    }

    private void section(String title) {
        out.append('\n').append(title).append('\n');
    }

    private void header(int first, List<String> labels, int width) {
        cell("", first);
        for (String l : labels) {
            cell(l, width);
        }
        out.append('\n');
    }

    private void cell(String s, int width) {
        out.append(s);
        for (int i = s.length(); i < width; i++) {
            out.append(' ');
        }
        if (s.length() >= width) {
            out.append(' ');
        }
    }

    private void cells(int width, String... values) {
        for (String v : values) {
            cell(v, width);
        }
        out.append('\n');
    }

    private String value(Value v, String what) {
        if (v.isDefined()) {
            return String.format(Locale.ROOT, "%.6f", v.value());
        }
        undefined.add(what + ": " + v.describe());
        return "NaN";
    }

    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        return String.format(Locale.ROOT, "%.6f", d);
    }

    static String label(Rate r) {
        return switch (r) {
            case SELECTION_RATE -> "SR";
            case BASE_RATE -> "BR";
            case ACCURACY -> "ACC";
            case ERROR_RATE -> "ERR";
            case BALANCED_ACCURACY -> "BAL_ACC";
            case COUNT -> "n";
            case WEIGHT -> "weight";
            default -> r.name();
        };
    }
}
