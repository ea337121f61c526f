package dev.fairtune.sweep;

import dev.fairtune.train.SelectionObjective;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The accuracy-fairness Pareto frontier of a sweep on validation: the eligible points ({@link
 * SweepPoint#eligible}: not collapsed, figures defined) that no other eligible point dominates.
 * Point p dominates q when
 *
 * <pre>  primary(p) &gt;= primary(q)  and  distance(p) &lt;= distance(q),  one of them strictly</pre>
 *
 * (higher task score, smaller distance of the fairness metric from its ideal). Two points with equal
 * figures are both kept. The frontier is listed from the fairest point (smallest distance) to the
 * most accurate; along it both figures rise.
 *
 * <p>Collapsed points are never on the frontier: a model that predicts one class has every rate gap
 * 0, which would otherwise put it at the frontier's fair end.
 *
 * @param primary the task score of the y axis
 * @param points the frontier, from the smallest distance to the largest
 */
public record Frontier(SelectionObjective.Primary primary, List<SweepPoint> points) {

    /** Copies the list. */
    public Frontier {
        points = List.copyOf(points);
    }

    /** The frontier of {@code candidates} under {@code primary}. */
    public static Frontier of(List<SweepPoint> candidates, SelectionObjective.Primary primary) {
        List<SweepPoint> out = new ArrayList<>();
        for (SweepPoint p : candidates) {
            if (!p.eligible(primary)) {
                continue;
            }
            boolean dominated = false;
            for (SweepPoint q : candidates) {
                if (q != p && q.eligible(primary) && dominates(q, p, primary)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingDouble(SweepPoint::distance).thenComparingDouble(p -> p.primary(primary)));
        return new Frontier(primary, out);
    }

    /** Whether p dominates q. */
    static boolean dominates(SweepPoint p, SweepPoint q, SelectionObjective.Primary primary) {
        double pp = p.primary(primary);
        double qp = q.primary(primary);
        return pp >= qp && p.distance() <= q.distance() && (pp > qp || p.distance() < q.distance());
    }

    /** Whether {@code point} is on the frontier. */
    public boolean contains(SweepPoint point) {
        return points.contains(point);
    }
}
