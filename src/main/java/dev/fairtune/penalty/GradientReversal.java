package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;

/**
 * Gradient reversal (Ganin and Lempitsky 2015): the identity on the way forward, {@code -alpha}
 * times the incoming gradient on the way back.
 */
public final class GradientReversal {

    private GradientReversal() {}

    /**
     * Applies the reversal: {@code y = sg(x) + (x - sg(x)) * (-alpha)}, where {@code sg} stops the
     * gradient. Forward, {@code x - sg(x)} is exactly 0, so {@code y} equals {@code x} bit for bit;
     * backward, {@code dy/dx = -alpha}.
     *
     * @param x the input
     * @param alpha the reversal strength, finite and {@code >= 0} (0 blocks the gradient)
     * @return {@code x}, with reversed gradient
     */
    public static NDArray apply(NDArray x, double alpha) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
        }
        NDArray stopped = x.stopGradient();
        return stopped.add(Scalars.times(x.sub(stopped), -alpha));
    }
}
