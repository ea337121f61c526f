package dev.fairtune.sweep;

import dev.fairtune.train.SelectionObjective;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a sweep picks its run, from validation figures only. Collapsed points and points with an
 * undefined figure are never picked ({@link SweepPoint#eligible}).
 *
 * <ul>
 *   <li>{@link BestUnderBound}: the highest task score among the points whose fairness distance is
 *       within the bound ({@code |m - ideal| <= bound}); ties go to the smaller distance, then to the
 *       earlier point. When no point meets the bound, the fairest eligible point is kept and the
 *       choice says that the bound was not met.
 *   <li>{@link Knee}: the knee of the {@link Frontier}. With d the fairness distance and s the task
 *       score, each frontier point is normalised to {@code x = (d - dmin) / (dmax - dmin)}, {@code y =
 *       (s - smin) / (smax - smin)} over the frontier, so its ends are (0, 0) (fairest) and (1, 1)
 *       (most accurate). The knee is the point furthest above the chord joining the ends, the
 *       largest {@code (y - x) / sqrt 2}: the most task score kept per unit of unfairness given up.
 *       When no point lies above the chord (two points, or a convex frontier) the fairer end is
 *       taken; ties go to the fairer point.
 * </ul>
 */
public sealed interface SweepRule {

    /** The task score used. */
    SelectionObjective.Primary primary();

    /** The rule in words, for the output and the model card. */
    String describe();

    /** Applies the rule to the sweep's points, in run order. */
    SweepChoice choose(List<SweepPoint> points);

    /**
     * Best task score subject to a fairness bound.
     *
     * @param primary the task score
     * @param bound the largest acceptable {@code |m - ideal|}, {@code >= 0}
     */
    record BestUnderBound(SelectionObjective.Primary primary, double bound) implements SweepRule {

        /** Checks the fields. */
        public BestUnderBound {
            Objects.requireNonNull(primary, "primary");
            if (!(bound >= 0) || Double.isInfinite(bound)) {
                throw new IllegalArgumentException("the fairness bound must be finite and >= 0, got " + bound);
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "highest validation %s among the runs whose |metric - ideal| <= %s on"
                    + " validation, collapsed runs excluded", name(primary), bound);
        }

        @Override
        public SweepChoice choose(List<SweepPoint> points) {
            Frontier frontier = Frontier.of(points, primary);
            SweepPoint best = null;
            SweepPoint fairest = null;
            for (SweepPoint p : points) {
                if (!p.eligible(primary)) {
                    continue;
                }
                if (fairest == null || p.distance() < fairest.distance()) {
                    fairest = p;
                }
                if (p.distance() <= bound && (best == null || p.primary(primary) > best.primary(primary)
                        || p.primary(primary) == best.primary(primary) && p.distance() < best.distance())) {
                    best = p;
                }
            }
            if (best != null) {
                long within = points.stream().filter(p -> p.eligible(primary) && p.distance() <= bound).count();
                return new SweepChoice(this, frontier, best, true, String.format(Locale.ROOT, "chose %s: validation %s"
                        + " %.4f, %s within the bound (|metric - ideal| = %.4f <= %s)", best.name(), name(primary),
                        best.primary(primary), within == 1 ? "the only run" : "the highest of the " + within + " runs",
                        best.distance(), bound));
            }
            if (fairest != null) {
                return new SweepChoice(this, frontier, fairest, false, String.format(Locale.ROOT, "no run meets the"
                        + " bound %s on validation; kept the fairest run that did not collapse, %s (|metric - ideal| ="
                        + " %.4f, validation %s %.4f)", bound, fairest.name(), fairest.distance(), name(primary),
                        fairest.primary(primary)));
            }
            return SweepChoice.none(this, frontier, points);
        }
    }

    /**
     * The knee of the frontier.
     *
     * @param primary the task score
     */
    record Knee(SelectionObjective.Primary primary) implements SweepRule {

        /** Checks the field. */
        public Knee {
            Objects.requireNonNull(primary, "primary");
        }

        @Override
        public String describe() {
            return "knee of the validation " + name(primary) + "-fairness frontier: after scaling both axes to [0, 1]"
                    + " over the frontier, the point furthest above the line joining its fairest and most accurate"
                    + " ends (the fairer end when none lies above it); collapsed runs excluded";
        }

        @Override
        public SweepChoice choose(List<SweepPoint> points) {
            Frontier frontier = Frontier.of(points, primary);
            List<SweepPoint> f = frontier.points();
            if (f.isEmpty()) {
                return SweepChoice.none(this, frontier, points);
            }
            double[] above = aboveChord(f, primary);
            int knee = 0;
            for (int i = 1; i < f.size(); i++) {
                if (above[i] > above[knee]) {
                    knee = i;
                }
            }
            SweepPoint p = f.get(knee);
            String why = above[knee] > 0
                    ? String.format(Locale.ROOT, "%.3f above the chord of the %d-point frontier", above[knee], f.size())
                    : f.size() == 1 ? "the only point on the frontier"
                    : "no frontier point lies above the chord, so the fairer end";
            return new SweepChoice(this, frontier, p, true, String.format(Locale.ROOT, "chose %s, the knee (%s):"
                    + " validation %s %.4f, |metric - ideal| = %.4f", p.name(), why, name(primary), p.primary(primary),
                    p.distance()));
        }

        /**
         * Each frontier point's signed distance above the chord, {@code (y - x) / sqrt 2} in the
         * normalised coordinates (0 on an axis of zero extent).
         */
        static double[] aboveChord(List<SweepPoint> f, SelectionObjective.Primary primary) {
            double dMin = f.get(0).distance();
            double dMax = f.get(f.size() - 1).distance();
            double sMin = Double.POSITIVE_INFINITY;
            double sMax = Double.NEGATIVE_INFINITY;
            for (SweepPoint p : f) {
                sMin = Math.min(sMin, p.primary(primary));
                sMax = Math.max(sMax, p.primary(primary));
            }
            double[] out = new double[f.size()];
            for (int i = 0; i < out.length; i++) {
                double x = dMax > dMin ? (f.get(i).distance() - dMin) / (dMax - dMin) : 0;
                double y = sMax > sMin ? (f.get(i).primary(primary) - sMin) / (sMax - sMin) : 0;
                out[i] = (y - x) / Math.sqrt(2);
            }
            return out;
        }
    }

    private static String name(SelectionObjective.Primary primary) {
        return switch (primary) {
            case AUC -> "AUC";
            case ACCURACY -> "accuracy";
            case NEGATIVE_LOSS -> "minus loss";
        };
    }

    /** The collapsed points' names, for a choice that found nothing eligible. */
    static List<String> collapsedNames(List<SweepPoint> points) {
        List<String> out = new ArrayList<>();
        for (SweepPoint p : points) {
            if (p.collapsed()) {
                out.add(p.name());
            }
        }
        return out;
    }
}
