package dev.fairtune.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named float32 tensor as read from a checkpoint file, before it becomes an {@link NDArray}.
 *
 * <p>The values are row-major float32 in a direct buffer of native byte order. {@link
 * #toNDArray(NDManager)} copies them, so one {@code TensorData} may feed several arrays.
 *
 * @param name the tensor's name in HuggingFace state-dict naming
 * @param shape the tensor's dimensions
 * @param data {@code product(shape)} float32 values, row-major, native order, position 0
 * @param file the file the tensor came from (for error messages)
 */
public record TensorData(String name, long[] shape, ByteBuffer data, String file) {

    /** Checks that the data holds exactly {@code product(shape)} floats. */
    public TensorData {
        long n = elementCount(shape);
        if (data.capacity() != n * Float.BYTES || !data.isDirect() || data.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException(
                    name + ": expected a direct native-order buffer of " + n * Float.BYTES
                            + " bytes for shape " + Arrays.toString(shape) + ", got " + data);
        }
        shape = shape.clone();
    }

    /** Wraps Java floats (copied) as a tensor. */
    public static TensorData of(String name, long[] shape, float[] values, String file) {
        ByteBuffer buf = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        buf.asFloatBuffer().put(values);
        return new TensorData(name, shape, buf, file);
    }

    /** Number of elements, the product of the dimensions (1 for a scalar). */
    public long size() {
        return elementCount(shape);
    }

    /** The dimensions as a DJL shape. */
    public Shape djlShape() {
        return new Shape(shape);
    }

    /** The values as a Java array (a copy). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(size())];
        data.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer().get(out);
        return out;
    }

    /**
     * Creates a float32 array in {@code manager} holding a copy of the values, in memory the engine
     * owns (not Java direct memory) on the CPU.
     */
    public NDArray toNDArray(NDManager manager) {
        if (!manager.getDevice().equals(Device.cpu())) {
            return manager.create(data.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer(), djlShape(), DataType.FLOAT32);
        }
        NDArray array = manager.create(djlShape(), DataType.FLOAT32);
        array.toByteBuffer(true).order(ByteOrder.nativeOrder()).put(data.duplicate().clear());
        return array;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t
                && name.equals(t.name)
                && Arrays.equals(shape, t.shape)
                && data.equals(t.data)
                && file.equals(t.file);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "TensorData[" + name + " " + Arrays.toString(shape) + " from " + file + "]";
    }

    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
