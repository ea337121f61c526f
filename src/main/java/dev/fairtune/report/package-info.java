/**
 * Reports of fairness-aware fine-tuning runs: a JSON file (every metric with its bootstrap
 * interval, and the provenance of the runs), a self-contained HTML page with inline SVG charts
 * (JFreeChart through JFreeSVG), and a model card in Markdown (the sections of Mitchell et al. 2019,
 * "Model Cards for Model Reporting").
 *
 * <p>Input is typed records ({@link dev.fairtune.report.ReportInput}): per run the epoch curves
 * ({@link dev.fairtune.report.EpochMetrics}), the penalties and their weights, and the final
 * evaluation as {@link dev.fairtune.fairness.Observations}; the data summaries and the
 * {@link dev.fairtune.report.Provenance}. {@link dev.fairtune.report.FairnessReport#compute}
 * measures everything once with the metric package's classes, and the three writers only format
 * that result, so the JSON, the page and the card show the same numbers. Files are written to a
 * temporary file and moved into place ({@link dev.fairtune.io.AtomicFiles}), so a failed run
 * leaves no half-written report. The layout of the files: docs/report.md.
 */
package dev.fairtune.report;
