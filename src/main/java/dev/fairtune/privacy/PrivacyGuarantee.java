package dev.fairtune.privacy;

/**
 * An (epsilon, delta) differential-privacy guarantee read off a Rényi DP curve: for any two
 * training sets that differ in one example (added or removed), and any set S of outcomes of the
 * whole training run, {@code P[run on D in S] <= e^epsilon * P[run on D' in S] + delta}.
 *
 * @param epsilon the epsilon; {@code +Infinity} when no noise was added ({@code sigma = 0}), 0 before any step
 * @param delta the delta it holds with, in (0, 1)
 * @param order the Rényi order alpha at which the bound is tightest (NaN when no step was taken)
 * @param conversion how the Rényi bound was converted
 */
public record PrivacyGuarantee(double epsilon, double delta, double order, RdpAccountant.Conversion conversion) {

    /** Checks the fields. */
    public PrivacyGuarantee {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must lie in (0, 1), got " + delta);
        }
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        }
    }
}
