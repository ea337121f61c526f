/**
 * The main job as one library call: read data are split, each planned run is fine-tuned from the
 * same pretrained weights, its test split scored (with counterfactual twins), measured and
 * reported ({@link dev.fairtune.job.FineTuneJob}). The {@code fairtune} commands only parse
 * options into a job and print what it returns.
 */
package dev.fairtune.job;
