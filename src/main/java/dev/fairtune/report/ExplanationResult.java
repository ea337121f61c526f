package dev.fairtune.report;

import dev.fairtune.explain.IdentityDiagnostic;
import dev.fairtune.fairness.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's identity-term diagnostic with bootstrap intervals: texts are resampled within their
 * group, as the test rows are for every other statistic of the report (same replicates count,
 * level and seed).
 *
 * @param diagnostic the explained texts and their statistics
 * @param estimates every statistic of the diagnostic with its interval, in the diagnostic's order
 */
public record ExplanationResult(IdentityDiagnostic diagnostic, List<Estimate> estimates) {

    /**
     * One statistic with its interval.
     *
     * @param statistic what and over which texts
     * @param interval the value and its interval
     */
    public record Estimate(IdentityDiagnostic.Statistic statistic, Interval interval) {
    }

    /** Copies the list. */
    public ExplanationResult {
        estimates = List.copyOf(estimates);
    }

    static ExplanationResult compute(IdentityDiagnostic d, ReportInput in) {
        int[] group = d.texts().stream().mapToInt(IdentityDiagnostic.Text::group).toArray();
        Value[] estimates = d.compute();
        List<Interval> intervals = new RowBootstrap(group, d.groups().size()).intervals(estimates,
                (rows, out) -> System.arraycopy(d.compute(rows), 0, out, 0, out.length), in.replicates(), in.level(),
                in.provenance().seed());
        List<Estimate> out = new ArrayList<>();
        for (int s = 0; s < estimates.length; s++) {
            out.add(new Estimate(d.statistics().get(s), intervals.get(s)));
        }
        return new ExplanationResult(d, out);
    }

    /** The interval of one statistic. */
    public Interval get(IdentityDiagnostic.Kind kind, IdentityDiagnostic.Scope scope, String name) {
        for (Estimate e : estimates) {
            if (e.statistic().equals(new IdentityDiagnostic.Statistic(kind, scope, name))) {
                return e.interval();
            }
        }
        throw new IllegalArgumentException("no statistic " + kind + " " + scope + " " + name);
    }
}
