package dev.fairtune.report;

/**
 * One penalty of a run's loss {@code CE + sum_i lambda_i penalty_i}, for provenance.
 *
 * @param name the penalty's name ({@code FairnessPenalty.name()})
 * @param approximates the metric it approximates ({@code FairnessPenalty.approximates()}), as a name
 * @param lambda its weight at the start of training
 * @param finalLambda its weight at the end (equal to {@code lambda} unless a Lagrangian trainer moved it)
 */
public record PenaltySetting(String name, String approximates, double lambda, double finalLambda) {
    /** Checks the fields. */
    public PenaltySetting {
        if (name == null || name.isBlank() || approximates == null) {
            throw new IllegalArgumentException("a penalty needs a name and the metric it approximates");
        }
        if (!(lambda >= 0) || !(finalLambda >= 0) || Double.isInfinite(lambda) || Double.isInfinite(finalLambda)) {
            throw new IllegalArgumentException("penalty " + name + ": lambdas must be finite and >= 0, got "
                    + lambda + " and " + finalLambda);
        }
    }

    /** A penalty whose weight stays fixed. */
    public static PenaltySetting fixed(String name, String approximates, double lambda) {
        return new PenaltySetting(name, approximates, lambda, lambda);
    }
}
