/**
 * A pure-Java client for the HuggingFace hub that turns a repo id and a revision into a local model
 * directory (config.json, tokenizer.json, safetensors weights) kept in HuggingFace's own cache layout,
 * so the Python tools and this library share one cache.
 *
 * <p>Entry point: {@link dev.fairtune.model.hub.HuggingFaceHub} built from
 * {@link dev.fairtune.model.hub.HubSettings} (read from the {@code HF_*} environment variables or set
 * with a builder). Every failure is a {@link dev.fairtune.model.hub.HubException} whose
 * {@link dev.fairtune.model.hub.HubException.Reason} classifies it and whose message says what to do
 * next. Nothing is ever written outside the cache directory: repo ids, revisions and file names (also
 * those read from a sharded checkpoint's index) are checked against an allow-list before use.
 */
package dev.fairtune.model.hub;
