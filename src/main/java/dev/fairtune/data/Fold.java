package dev.fairtune.data;

/**
 * One fold of a (repeated) k-fold cross-validation: the fold's examples are the test part, all
 * others the training part.
 *
 * @param repeat the repetition, from 0
 * @param fold the fold within the repetition, from 0
 * @param train the examples outside the fold
 * @param test the examples in the fold
 */
public record Fold(int repeat, int fold, TextDataset train, TextDataset test) {}
