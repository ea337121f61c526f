/**
 * Explanations of a fine-tuned classifier's decisions: Integrated Gradients and gradient x input
 * on the input token embeddings ({@link dev.fairtune.explain.Explainer}), merged from sub-word
 * tokens to words ({@link dev.fairtune.explain.WordAttribution}), and the identity-term diagnostic
 * over a data set ({@link dev.fairtune.explain.IdentityDiagnostic}): how much of the evidence for
 * the positive class a model puts on identity words, and how much its score moves when they are
 * swapped. Used by the {@code explain} command and the report; docs/explainability.md.
 */
package dev.fairtune.explain;
