/**
 * Identity terms: the project's lexicon of identity terms by category (gender, religion, sexual
 * orientation, race and ethnicity, disability, age) with their counterfactual swap partners, group
 * derivation for data sets without a group column, and counterfactual rewriting.
 *
 * <p>Matching is case-insensitive on word boundaries (a term is not matched inside a longer word:
 * "he" is not found in "the"); in multi-word terms a space and a hyphen are interchangeable.
 */
package dev.fairtune.data.identity;
