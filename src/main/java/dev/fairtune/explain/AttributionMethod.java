package dev.fairtune.explain;

/** How token attributions are computed; both act on the input token embeddings e (T x H). */
public enum AttributionMethod {
    /**
     * Integrated Gradients (Sundararajan et al. 2017): {@code aᵢ = Σ_h (eᵢₕ - e'ᵢₕ) ∫₀¹ ∂f(e' + α(e -
     * e'))/∂eᵢₕ dα} with e' the baseline; complete: {@code Σᵢ aᵢ = f(e) - f(e')}.
     */
    INTEGRATED_GRADIENTS,
    /** Gradient x input: {@code aᵢ = Σ_h eᵢₕ ∂f(e)/∂eᵢₕ}; one backward pass, no baseline, not complete. */
    GRADIENT_X_INPUT
}
