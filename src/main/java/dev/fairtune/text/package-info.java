/**
 * Tokenization over HuggingFace fast tokenizers: truncation, padding to the longest text of each
 * batch, attention masks, text pairs ({@link dev.fairtune.text.TextEncoder}, {@link
 * dev.fairtune.text.EncodedBatch}).
 */
package dev.fairtune.text;
