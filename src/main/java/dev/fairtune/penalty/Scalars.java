package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Arithmetic with Java numbers that keeps the array's floating type. */
final class Scalars {

    private Scalars() {}

    /**
     * Returns {@code x * c} in the data type of {@code x}. A Java double becomes a float64 scalar,
     * which would promote a 0-dimensional float32 {@code x} to float64; this passes a float instead.
     * The factor is an array of {@code x}'s manager, never {@code x.mul(Number)}: DJL frees that
     * temporary scalar while autograd still holds it for the backward pass (see docs/model.md).
     *
     * @param x a float32 or float64 array
     * @param c the factor
     * @return {@code x * c}
     */
    static NDArray times(NDArray x, double c) {
        NDArray factor = x.getDataType() == DataType.FLOAT64 ? x.getManager().create(c) : x.getManager().create((float) c);
        return x.mul(factor);
    }
}
