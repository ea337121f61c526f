package dev.fairtune.report;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Value;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's charts, drawn by JFreeChart and written as SVG elements by JFreeSVG for inlining in
 * the HTML page. Run {@code i} has the same colour in every chart. Undefined values are not drawn
 * (the page's tables list them with their reasons).
 */
final class Charts {
    /** Colour-blind-safe palette (Okabe and Ito 2008), one colour per run. */
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color GRID = new Color(0xDDDDDD);

    private Charts() {
    }

    static Color color(int run) {
        return PALETTE[run % PALETTE.length];
    }

    /** Per-group TPR and FPR of every run on the test data, with intervals; two panels sharing the y axis. */
    static JFreeChart groupRates(FairnessReport report) {
        List<String> groups = report.input().groups().names();
        NumberAxis y = rateAxis("rate on the test data");
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(y);
        plot.setGap(18);
        int runs = report.runs().size();
        for (Rate rate : List.of(Rate.TPR, Rate.FPR)) {
            YIntervalSeriesCollection data = new YIntervalSeriesCollection();
            for (int r = 0; r < runs; r++) {
                RunResult run = report.runs().get(r);
                YIntervalSeries s = new YIntervalSeries(run.run().name());
                for (int g = 0; g < groups.size(); g++) {
                    Interval i = run.rate(rate, groups.get(g));
                    if (i.estimate().isDefined()) {
                        double x = g + (runs == 1 ? 0 : (r - (runs - 1) / 2.0) * 0.5 / runs);
                        double lo = i.lower().isDefined() ? i.lower().value() : i.estimate().value();
                        double hi = i.upper().isDefined() ? i.upper().value() : i.estimate().value();
                        s.add(x, i.estimate().value(), lo, hi);
                    }
                }
                data.addSeries(s);
            }
            SymbolAxis x = new SymbolAxis((rate == Rate.TPR ? "True positive rate" : "False positive rate") + " by group",
                    groups.toArray(new String[0]));
            x.setRange(-0.6, groups.size() - 0.4);
            x.setGridBandsVisible(false);
            x.setLabelFont(LABEL);
            XYErrorRenderer renderer = new XYErrorRenderer();
            renderer.setDefaultLinesVisible(false);
            renderer.setDrawXError(false);
            renderer.setCapLength(8);
            renderer.setErrorStroke(new BasicStroke(1.6f));
            style(renderer, runs, 5);
            renderer.setDefaultSeriesVisibleInLegend(rate == Rate.TPR);
            XYPlot sub = new XYPlot(data, x, null, renderer);
            grid(sub);
            plot.add(sub);
        }
        return chart("True and false positive rates by group (" + percent(report.input().level()) + " intervals)", plot);
    }

    /** The headline metric against accuracy: validation epochs joined in order, and the test result with intervals. */
    static JFreeChart fairnessVsAccuracy(FairnessReport report) {
        String metric = report.input().headline().label(report.input().reference());
        XYSeriesCollection epochs = new XYSeriesCollection();
        XYIntervalSeriesCollection tests = new XYIntervalSeriesCollection();
        int runs = report.runs().size();
        for (int r = 0; r < runs; r++) {
            RunResult run = report.runs().get(r);
            XYSeries s = new XYSeries(run.run().name() + ": validation, by epoch", false, true);
            for (EpochMetrics e : run.run().epochs()) {
                if (e.fairness().isDefined() && e.accuracy().isDefined()) {
                    s.add(e.fairness().value(), e.accuracy().value());
                }
            }
            epochs.addSeries(s);
            XYIntervalSeries t = new XYIntervalSeries(run.run().name() + ": test");
            Interval f = run.headline();
            Interval a = run.rate(Rate.ACCURACY, RunResult.OVERALL);
            if (f.estimate().isDefined() && a.estimate().isDefined()) {
                t.add(f.estimate().value(), lo(f), hi(f), a.estimate().value(), lo(a), hi(a));
            }
            tests.addSeries(t);
        }
        NumberAxis x = new NumberAxis(metric + " (lower is fairer)");
        x.setAutoRangeIncludesZero(true);
        NumberAxis y = new NumberAxis("accuracy");
        y.setAutoRangeIncludesZero(false);
        for (NumberAxis axis : List.of(x, y)) {
            axis.setLabelFont(LABEL);
        }
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        style(lines, runs, 4);
        lines.setDefaultItemLabelGenerator(epochLabels(report));
        lines.setDefaultItemLabelsVisible(true);
        lines.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int r = 0; r < runs; r++) {
            lines.setSeriesStroke(r, new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {4f, 3f}, 0f));
        }
        XYErrorRenderer errors = new XYErrorRenderer();
        errors.setDefaultLinesVisible(false);
        errors.setCapLength(6);
        errors.setErrorStroke(new BasicStroke(1.4f));
        style(errors, runs, 7);
        XYPlot plot = new XYPlot(tests, x, y, errors);
        plot.setDataset(1, epochs);
        plot.setRenderer(1, lines);
        grid(plot);
        return chart("Fairness against accuracy, across epochs and runs", plot);
    }

    /**
     * A sweep's accuracy-fairness frontier: each run's validation point (distance of the fairness
     * metric from its ideal against the task score), the frontier joined fairest first, collapsed runs
     * as red crosses (never on the frontier nor chosen), the test points of the report's runs that
     * belong to the sweep, and a ring around the chosen run's validation point; null without a sweep.
     */
    static JFreeChart frontier(FairnessReport report) {
        SweepSummary sweep = report.input().trainingSweep();
        if (sweep == null) {
            return null;
        }
        XYSeries front = new XYSeries("validation frontier", false, true);
        XYSeries others = new XYSeries("validation, dominated", false, true);
        XYSeries collapsed = new XYSeries("validation, collapsed to one class (never chosen)", false, true);
        XYSeries post = new XYSeries("validation, post-processing (needs the group at prediction)", false, true);
        XYSeries test = new XYSeries("test (runs in this report)", false, true);
        List<org.jfree.chart.annotations.XYAnnotation> notes = new java.util.ArrayList<>();
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        for (dev.fairtune.sweep.SweepPoint p : sweep.points()) {
            double y = p.primary(sweep.primary());
            double x = p.distance();
            if (Double.isNaN(x) || Double.isNaN(y)) {
                continue;
            }
            XYSeries target = p.collapsed() ? collapsed : sweep.frontier().contains(p.name()) ? front
                    : p.kind() == dev.fairtune.sweep.SweepPoint.Kind.POST_PROCESSING ? post : others;
            target.add(x, y);
            org.jfree.chart.annotations.XYTextAnnotation label = new org.jfree.chart.annotations.XYTextAnnotation(
                    p.name(), x, y);
            label.setFont(small);
            label.setTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
            label.setPaint(p.collapsed() ? new Color(0xB00020) : Color.DARK_GRAY);
            notes.add(label);
            if (p.name().equals(sweep.chosen())) {
                notes.add(new RingAnnotation(x, y));
            }
        }
        double ideal = report.input().headline().metric().ideal();
        for (RunResult r : report.runs()) {
            boolean inSweep = sweep.points().stream().anyMatch(p -> p.name().equals(r.run().name()));
            Interval f = r.headline();
            Interval score = sweep.primary() == dev.fairtune.train.SelectionObjective.Primary.ACCURACY
                    ? r.rate(Rate.ACCURACY, RunResult.OVERALL) : r.score(dev.fairtune.fairness.ScoreStatistic.AUC, RunResult.OVERALL);
            if (inSweep && f.estimate().isDefined() && score.estimate().isDefined()) {
                double x = Math.abs(f.estimate().value() - ideal);
                test.add(x, score.estimate().value());
                org.jfree.chart.annotations.XYTextAnnotation label = new org.jfree.chart.annotations.XYTextAnnotation(
                        r.run().name() + " (test)", x, score.estimate().value());
                label.setFont(small);
                label.setTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
                label.setPaint(color(3));
                notes.add(label);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries series : List.of(front, others, collapsed, post, test)) {
            data.addSeries(series);
        }
        String name = sweep.primary() == dev.fairtune.train.SelectionObjective.Primary.ACCURACY ? "accuracy" : "AUC";
        NumberAxis x = new NumberAxis("|" + sweep.metric() + " - ideal| (lower is fairer)");
        x.setAutoRangeIncludesZero(false); // a margin left of 0, so that points at 0 (collapsed runs) show whole
        x.setAutoRangeStickyZero(false);
        x.setLowerMargin(0.04);
        x.setUpperMargin(0.15); // room for the labels of the rightmost points
        NumberAxis y = new NumberAxis(name);
        y.setAutoRangeIncludesZero(false);
        for (NumberAxis axis : List.of(x, y)) {
            axis.setLabelFont(LABEL);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, true);
        for (int i = 1; i < 5; i++) {
            r.setSeriesLinesVisible(i, false);
        }
        Color[] paints = {color(0), new Color(0x999999), new Color(0xB00020), color(2), color(3)};
        java.awt.geom.Path2D.Double cross = new java.awt.geom.Path2D.Double();
        cross.moveTo(-5, -5);
        cross.lineTo(5, 5);
        cross.moveTo(-5, 5);
        cross.lineTo(5, -5);
        Shape[] shapes = {new Ellipse2D.Double(-4, -4, 8, 8), new Ellipse2D.Double(-3.5, -3.5, 7, 7), cross,
            new Rectangle2D.Double(-4, -4, 8, 8), shape(2, 5)};
        for (int i = 0; i < 5; i++) {
            r.setSeriesPaint(i, paints[i]);
            r.setSeriesShape(i, shapes[i]);
            r.setSeriesStroke(i, new BasicStroke(i == 2 ? 2.2f : 1.8f));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        notes.forEach(plot::addAnnotation);
        grid(plot);
        return chart("Validation frontier of the sweep; the chosen run is ringed", plot);
    }

    /** A ring of fixed size in screen units around a data point. */
    private static final class RingAnnotation extends org.jfree.chart.annotations.AbstractXYAnnotation {
        private static final long serialVersionUID = 1L;
        private final double x;
        private final double y;

        RingAnnotation(double x, double y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public void draw(java.awt.Graphics2D g, XYPlot plot, Rectangle2D area,
                org.jfree.chart.axis.ValueAxis domain, org.jfree.chart.axis.ValueAxis range, int index,
                org.jfree.chart.plot.PlotRenderingInfo info) {
            double sx = domain.valueToJava2D(x, area, plot.getDomainAxisEdge());
            double sy = range.valueToJava2D(y, area, plot.getRangeAxisEdge());
            g.setPaint(Color.BLACK);
            g.setStroke(new BasicStroke(2.2f));
            g.draw(new Ellipse2D.Double(sx - 10, sy - 10, 20, 20));
        }
    }

    /** Training loss per step, and validation accuracy and headline per epoch; null when no run has epochs. */
    static JFreeChart trainingCurves(FairnessReport report) {
        if (report.runs().stream().allMatch(r -> r.run().epochs().isEmpty())) {
            return null;
        }
        int runs = report.runs().size();
        XYSeriesCollection loss = new XYSeriesCollection();
        XYSeriesCollection accuracy = new XYSeriesCollection();
        XYSeriesCollection fairness = new XYSeriesCollection();
        for (RunResult run : report.runs()) {
            List<EpochMetrics> epochs = run.run().epochs();
            XYSeries l = new XYSeries(run.run().name(), false, true);
            List<Double> steps = run.run().stepLosses();
            long previous = 0;
            int epoch = 0;
            for (int k = 1; k <= steps.size() && !epochs.isEmpty(); k++) {
                while (epoch < epochs.size() - 1 && k > epochs.get(epoch).step()) {
                    previous = epochs.get(epoch).step();
                    epoch++;
                }
                long span = Math.max(1, epochs.get(epoch).step() - previous);
                l.add(epoch + (double) (k - previous) / span, steps.get(k - 1));
            }
            loss.addSeries(l);
            XYSeries a = new XYSeries(run.run().name(), false, true);
            XYSeries f = new XYSeries(run.run().name(), false, true);
            for (EpochMetrics e : epochs) {
                if (e.accuracy().isDefined()) {
                    a.add(e.epoch(), e.accuracy().value());
                }
                if (e.fairness().isDefined()) {
                    f.add(e.epoch(), e.fairness().value());
                }
            }
            accuracy.addSeries(a);
            fairness.addSeries(f);
        }
        NumberAxis x = new NumberAxis("epoch");
        x.setLabelFont(LABEL);
        x.setAutoRangeIncludesZero(true);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(14);
        plot.add(panel(loss, "training loss per step", runs, false, true), 2);
        plot.add(panel(accuracy, "val. accuracy", runs, true, false), 1);
        plot.add(panel(fairness, "val. " + abbreviation(report.input().headline()), runs, true, false), 1);
        return chart("Training curves", plot);
    }

    /** Accuracy and the headline metric on the test data at each threshold; a dashed line marks each run's threshold. */
    static JFreeChart thresholdSweep(FairnessReport report) {
        if (report.runs().stream().allMatch(r -> r.sweep().isEmpty())) {
            return null;
        }
        int runs = report.runs().size();
        XYSeriesCollection accuracy = new XYSeriesCollection();
        XYSeriesCollection fairness = new XYSeriesCollection();
        for (RunResult run : report.runs()) {
            XYSeries a = new XYSeries(run.run().name(), false, true);
            XYSeries f = new XYSeries(run.run().name(), false, true);
            for (RunResult.SweepPoint p : run.sweep()) {
                add(a, p.threshold(), p.accuracy());
                add(f, p.threshold(), p.headline());
            }
            accuracy.addSeries(a);
            fairness.addSeries(f);
        }
        NumberAxis x = new NumberAxis("decision threshold (score at or above it: positive)");
        x.setLabelFont(LABEL);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(14);
        XYPlot top = panel(accuracy, "test accuracy", runs, false, true);
        XYPlot bottom = panel(fairness, "test " + abbreviation(report.input().headline()), runs, false, false);
        for (int r = 0; r < runs; r++) {
            double t = report.runs().get(r).threshold();
            if (!Double.isNaN(t)) {
                for (XYPlot p : List.of(top, bottom)) {
                    ValueMarker m = new ValueMarker(t, color(r), new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0f));
                    p.addDomainMarker(m);
                }
            }
        }
        plot.add(top, 1);
        plot.add(bottom, 1);
        return chart("Threshold sweep on the test data", plot);
    }

    /**
     * The chart as an {@code <svg>} element with the given id, its own size and a view box, so it
     * scales with the page; the id prefixes its internal references, keeping several charts on one
     * page apart.
     */
    static String svg(JFreeChart chart, String id, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id + "-");
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        return g.getSVGElement(id, true, new ViewBox(0, 0, width, height), null, null);
    }

    private static XYPlot panel(XYSeriesCollection data, String label, int runs, boolean shapes, boolean legend) {
        NumberAxis y = new NumberAxis(label);
        y.setLabelFont(LABEL);
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
        style(r, runs, 4);
        for (int i = 0; i < runs; i++) {
            r.setSeriesStroke(i, new BasicStroke(shapes ? 1.8f : 1.4f));
        }
        r.setDefaultSeriesVisibleInLegend(legend);
        XYPlot p = new XYPlot(data, null, y, r);
        grid(p);
        return p;
    }

    private static void add(XYSeries s, double x, Value v) {
        if (v.isDefined()) {
            s.add(x, v.value());
        }
    }

    private static void style(XYLineAndShapeRenderer r, int runs, double radius) {
        for (int i = 0; i < runs; i++) {
            r.setSeriesPaint(i, color(i));
            r.setSeriesShape(i, shape(i, radius));
            r.setSeriesFillPaint(i, color(i));
        }
        r.setUseFillPaint(true);
    }

    private static Shape shape(int run, double radius) {
        double d = 2 * radius;
        return switch (run % 3) {
            case 0 -> new Ellipse2D.Double(-radius, -radius, d, d);
            case 1 -> new Rectangle2D.Double(-radius, -radius, d, d);
            default -> new java.awt.geom.Path2D.Double() {
                {
                    moveTo(0, -radius * 1.2);
                    lineTo(radius * 1.2, radius);
                    lineTo(-radius * 1.2, radius);
                    closePath();
                }
            };
        };
    }

    private static XYItemLabelGenerator epochLabels(FairnessReport report) {
        return (dataset, series, item) -> {
            // Labels name the epoch of each validation point; points left out (undefined) shift nothing
            // visible because labels are read from the series' own order.
            List<EpochMetrics> epochs = report.runs().get(series).run().epochs().stream()
                    .filter(e -> e.fairness().isDefined() && e.accuracy().isDefined()).toList();
            return item < epochs.size() ? "e" + epochs.get(item).epoch() : null;
        };
    }

    private static NumberAxis rateAxis(String label) {
        NumberAxis y = new NumberAxis(label);
        // A little room beyond [0, 1] keeps points and bars at 0 or 1 in view.
        y.setRange(-0.03, 1.03);
        y.setLabelFont(LABEL);
        return y;
    }

    private static void grid(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(GRID);
        p.setRangeGridlinePaint(GRID);
        p.setDomainGridlineStroke(new BasicStroke(0.8f));
        p.setRangeGridlineStroke(new BasicStroke(0.8f));
        p.setOutlinePaint(new Color(0x999999));
        p.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart c = new JFreeChart(title, TITLE, plot, true);
        c.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = c.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        legend.setItemFont(LABEL);
        c.setPadding(new RectangleInsets(6, 6, 6, 6));
        return c;
    }

    private static double lo(Interval i) {
        return i.lower().isDefined() ? i.lower().value() : i.estimate().value();
    }

    private static double hi(Interval i) {
        return i.upper().isDefined() ? i.upper().value() : i.estimate().value();
    }

    /**
     * A short name for a metric label on a narrow axis: "TPR gap", "FPR gap", else the initials
     * ("EQUALIZED_ODDS_DIFFERENCE" gives "EOD"), followed by the label's group part if any.
     */
    static String abbreviation(MetricSpec h) {
        String name = h.metric().name();
        String shortName;
        if (name.endsWith("_GAP")) {
            shortName = name.substring(0, name.length() - 4) + " gap";
        } else {
            StringBuilder b = new StringBuilder();
            for (String word : name.split("_")) {
                b.append(word.charAt(0));
            }
            shortName = b.toString();
        }
        return h.group() == null ? shortName : shortName + " (" + h.group() + ")";
    }

    static String percent(double level) {
        double p = level * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
    }
}
