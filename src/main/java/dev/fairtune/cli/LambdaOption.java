package dev.fairtune.cli;

import picocli.CommandLine.Option;

/** {@code --lambda}: the weight of a fixed-weight penalty ({@code train}, {@code demo}). */
final class LambdaOption {
    @Option(names = "--lambda", paramLabel = "L", defaultValue = "1",
            description = "The penalty's weight (default: ${DEFAULT-VALUE}).")
    double lambda;

    /**
     * The weight.
     *
     * @throws IllegalArgumentException when it is negative, infinite or not a number
     */
    double value() {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("--lambda must be a finite number >= 0, got " + lambda);
        }
        return lambda;
    }
}
