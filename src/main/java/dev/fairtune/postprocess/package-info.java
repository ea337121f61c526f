/**
 * Post-processing mitigation: group-specific (and, for equalized odds, randomized) decision
 * thresholds fitted on a trained model's scores, after Hardt, Price and Srebro 2016. See {@link
 * dev.fairtune.postprocess.ThresholdPostProcessor}.
 */
package dev.fairtune.postprocess;
