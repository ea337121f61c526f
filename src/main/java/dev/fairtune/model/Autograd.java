package dev.fairtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd helpers over the PyTorch engine (the only engine FairTune uses). Grad mode is per
 * thread in PyTorch, and new threads start with it on.
 *
 * <p><b>Scalars in a graph.</b> DJL's {@code NDArray.mul(Number)} (and {@code add}, {@code sub},
 * {@code div}, {@code maximum}, ... with a {@code Number}) wraps the number in an array backed by
 * a Java buffer and frees that array as soon as the operation returns, while autograd keeps the
 * scalar for the backward pass: after a garbage collection the backward pass reads freed memory
 * and gradients silently go wrong. Inside anything that is differentiated (the encoder, losses,
 * fairness penalties), multiply by {@link #scalar} instead: {@code x.mul(Autograd.scalar(x, λ))}.
 */
public final class Autograd {

    private Autograd() {}

    /** Restores the previous grad mode on close. */
    public static final class Mode implements AutoCloseable {
        private final boolean previous;

        private Mode(boolean enabled) {
            previous = JniUtils.isGradMode();
            JniUtils.setGradMode(enabled);
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }

    /**
     * Turns gradient recording off on this thread until the returned guard closes: for inference
     * and for in-place parameter updates.
     */
    public static Mode noGrad() {
        return new Mode(false);
    }

    /**
     * A 0-dimensional float32 array holding {@code value}, in engine memory and in {@code like}'s
     * manager: safe to use as an operand in a differentiated expression.
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value);
    }

    /** Sets the accumulated gradient of a parameter array to zero in place (no-op if it has none). */
    public static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
