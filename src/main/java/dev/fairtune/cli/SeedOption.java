package dev.fairtune.cli;

import picocli.CommandLine.Option;

/**
 * {@code --seed}, one option of every command that draws random numbers; its default is the
 * library preset's ({@link TrainerDefaults}).
 */
final class SeedOption {
    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice: data splits, shuffling, "
            + "dropout, new weights and the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;
}
