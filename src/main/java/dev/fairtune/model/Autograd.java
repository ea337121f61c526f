package dev.fairtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd controls DJL's API lacks, over the PyTorch engine (the only engine FairTune uses).
 * Grad mode is per thread in PyTorch, and new threads start with it on.
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

    /** Sets the accumulated gradient of a parameter array to zero in place (no-op if it has none). */
    public static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
