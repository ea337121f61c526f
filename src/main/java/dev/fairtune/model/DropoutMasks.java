package dev.fairtune.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.norm.Dropout;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Inverted dropout with masks drawn in Java: {@code dropout(x) = x ⊙ mask}, each mask element
 * independently 0 with probability p and {@code 1/(1-p)} otherwise, so {@code E[dropout(x)] = x},
 * as {@code torch.nn.functional.dropout} in training. The mask is written straight into an array
 * the engine allocates, in parallel chunks each with its own {@link SplittableRandom} split from
 * this generator, so the masks depend only on the seed and the sequence of calls.
 *
 * <p>Why not the engine's dropout: libtorch's CPU Bernoulli sampler runs serially outside Intel
 * CPUs and took a sixth of a MiniLM training step; these masks cost a few milliseconds.
 */
public final class DropoutMasks {

    /** Elements per parallel chunk. */
    private static final int CHUNK = 1 << 16;
    /** Per-thread chunk buffers, reused so masks make no garbage. */
    private static final ThreadLocal<float[]> BUFFERS = ThreadLocal.withInitial(() -> new float[CHUNK]);

    private SplittableRandom random;

    /** A generator seeded with {@code seed}. */
    public DropoutMasks(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Restarts the generator from {@code seed}. */
    public synchronized void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    /**
     * Applies dropout with drop probability {@code p} to {@code x} (float32); the mask and the
     * result live in {@code x}'s manager. (Off the CPU this falls back to the engine's dropout.) Gradients flow through the product as through torch's
     * dropout.
     *
     * @throws IllegalArgumentException unless 0 ≤ p &lt; 1
     */
    public NDArray apply(NDArray x, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (p == 0) {
            return x;
        }
        if (!x.getDevice().equals(Device.cpu())) {
            return Dropout.dropout(x, (float) p, true).singletonOrThrow();
        }
        NDArray mask = x.getManager().create(x.getShape(), DataType.FLOAT32);
        FloatBuffer out = mask.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        int n = Math.toIntExact(x.size());
        int chunks = (n + CHUNK - 1) / CHUNK;
        SplittableRandom[] streams = new SplittableRandom[chunks];
        synchronized (this) {
            for (int c = 0; c < chunks; c++) {
                streams[c] = random.split();
            }
        }
        // drop when a uniform 32-bit draw falls below p·2^32
        long threshold = (long) Math.rint(p * 0x1p32);
        float keep = (float) (1.0 / (1.0 - p));
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(c -> {
            int from = c * CHUNK;
            int to = Math.min(n, from + CHUNK);
            int len = to - from;
            float[] values = BUFFERS.get();
            SplittableRandom r = streams[c];
            for (int i = 0; i < len; i += 2) {
                long bits = r.nextLong();
                values[i] = (bits >>> 32) < threshold ? 0f : keep;
                if (i + 1 < len) {
                    values[i + 1] = (bits & 0xFFFFFFFFL) < threshold ? 0f : keep;
                }
            }
            out.put(from, values, 0, len);
        });
        return x.mul(mask);
    }
}
