package dev.fairtune.train;

import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;

import dev.fairtune.model.Autograd;

import java.util.Collection;

/**
 * Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_}: with g the gradients
 * of all trainable parameters,
 *
 * <pre>
 *   norm = sqrt(sum_p ||g_p||²)
 *   if norm &gt; maxNorm:  g_p ← g_p * maxNorm / (norm + 1e-6)   for every p
 * </pre>
 *
 * (DJL's {@code optClipGrad} clamps element-wise and, in the PyTorch engine, only from above.)
 */
public final class GradientClipping {

    private final double maxNorm;

    /**
     * Clips to {@code maxNorm}; {@code Double.POSITIVE_INFINITY} only measures the norm.
     *
     * @throws IllegalArgumentException unless {@code maxNorm > 0}
     */
    public GradientClipping(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be > 0, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    /** The norm gradients are clipped to. */
    public double maxNorm() {
        return maxNorm;
    }

    /**
     * The global L2 norm of the gradients of the trainable {@code parameters}, {@code sqrt(sum_p
     * ||g_p||²)} (NaN or infinite when a gradient is).
     */
    public static double norm(Collection<Parameter> parameters) {
        try (NDScope scope = new NDScope()) {
            double sumSquares = 0;
            for (Parameter p : parameters) {
                if (p.requiresGradient()) {
                    double n = p.getArray().getGradient().norm().getFloat();
                    sumSquares += n * n;
                }
            }
            scope.suppressNotUsedWarning();
            return Math.sqrt(sumSquares);
        }
    }

    /** The factor gradients with global norm {@code norm} are multiplied by: 1 when within bounds. */
    public double scale(double norm) {
        return norm > maxNorm ? maxNorm / (norm + 1e-6) : 1.0;
    }

    /**
     * Measures the global norm and scales the gradients in place when it exceeds the maximum. (A
     * {@link TrainingStep} instead hands {@link #scale} to {@link AdamW}, which applies it while
     * reading the gradients, saving a pass over them.)
     *
     * @return the norm before clipping
     */
    @SuppressWarnings("try") // the guard works by existing
    public double clip(Collection<Parameter> parameters) {
        double norm = norm(parameters);
        double scale = scale(norm);
        if (scale != 1.0) {
            try (Autograd.Mode g = Autograd.noGrad(); NDScope scope = new NDScope()) {
                for (Parameter p : parameters) {
                    if (p.requiresGradient()) {
                        p.getArray().getGradient().muli((float) scale);
                    }
                }
                scope.suppressNotUsedWarning();
            }
        }
        return norm;
    }
}
