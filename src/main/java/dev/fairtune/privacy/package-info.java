/**
 * Differential privacy in pure Java, with no DJL import (like {@code fairness}), so it can be
 * tested and reused alone: the {@link dev.fairtune.privacy.RdpAccountant} of the Poisson-subsampled
 * Gaussian mechanism that DP-SGD runs at every step (Rényi DP of Mironov, Talwar and Zhang 2019,
 * converted to an (epsilon, delta) {@link dev.fairtune.privacy.PrivacyGuarantee}; and the inverse,
 * the noise multiplier for a target epsilon), and the {@link dev.fairtune.privacy.MembershipAudit}
 * (the loss-threshold attack of Yeom et al. 2018 and a difficulty-calibrated variant) that
 * measures what a trained model leaks about its training rows. The DP-SGD step itself (per-example
 * clipping and noise) lives with the trainer, {@code dev.fairtune.train.DpSgd}. What the guarantee
 * covers and what it does not: docs/privacy.md.
 */
package dev.fairtune.privacy;
