/**
 * The built-in demo data set: short comments labelled benign or abusive, generated from the
 * project's own templates, with a planted identity shortcut in the training split. See
 * {@link dev.fairtune.data.demo.DemoDataset} and docs/data-formats.md.
 */
package dev.fairtune.data.demo;
