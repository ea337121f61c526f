/**
 * Tokenization over HuggingFace tokenizers: truncation, dynamic padding, attention masks, text pairs.
 */
package dev.fairtune.text;
