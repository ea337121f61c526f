package dev.fairtune.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import dev.fairtune.model.Autograd;
import dev.fairtune.model.GradientTap;
import dev.fairtune.privacy.PrivacyGuarantee;
import dev.fairtune.privacy.RdpAccountant;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradient of a DP-SGD step (Abadi et al. 2016), as Opacus' DP-Adam computes it, and its
 * accountant. For a batch drawn with sampling rate q (expected size {@code E = qN}) and every
 * trainable parameter:
 *
 * <pre>
 *   g_i  = ∇ ℓ_i                      per example, ℓ_i = that example's share of the batch loss x rows
 *   c_i  = min(1, C / (||g_i|| + 1e-6))        ||g_i|| over all trainable parameters together
 *   g̃    = (Σ_i c_i g_i + N(0, σ² C² I)) / E
 * </pre>
 *
 * then {@link AdamW} on g̃ (no further clipping). Per-example gradients are never materialised for
 * whole models: a {@link GradientTap} forward keeps each tapped layer's input X_i and output gradient
 * G_i, the norms come from them, for a linear layer by ghost clipping (Li et al. 2021)
 *
 * <pre>
 *   ||G_iᵀ X_i||_F² = Σ_{t,s} (X_i X_iᵀ)_{ts} (G_i G_iᵀ)_{ts}       when T (d + p) &lt; d p, else from G_iᵀ X_i
 *   ||db_i||² = ||Σ_t G_i[t]||²;  LayerNorm: ||Σ_t G_i[t] ∘ x̂_i[t]||², ||Σ_t G_i[t]||²
 * </pre>
 *
 * and the clipped sum by book-keeping (Bu et al. 2022): {@code Σ_i c_i G_iᵀ X_i = (c ∘ G)ᵀ X} over the
 * batch's stacked rows, one matrix product per layer, so the step costs one forward and one backward
 * of activations plus these products. Examples must not interact in the forward pass (they do not in
 * BERT); the embedding tables must be frozen ({@link GradientTap#getValue}).
 *
 * <p>Every {@link #noisyMean} is one step of the sampled Gaussian mechanism with (q, σ); {@link
 * #guarantee} is the epsilon after a number of them ({@link RdpAccountant}). The noise comes from the engine's generator, reseeded per step from the run's
 * seed (reproducible, not a cryptographic source: do not publish the seed of a release).
 */
public final class DpSgd implements AutoCloseable {

    private final double clipNorm;
    private final double noiseMultiplier;
    private final double samplingRate;
    private final double expectedBatchSize;
    private final double delta;
    private final boolean dropout;
    private final NDManager manager = NDManager.newBaseManager(Device.cpu());
    private final Map<Parameter, NDArray> sums = new IdentityHashMap<>();
    private double normSum;
    private long examples;
    private long clipped;

    /**
     * @param clipNorm C, {@code > 0}
     * @param noiseMultiplier σ, {@code >= 0} (0 gives no privacy: epsilon is infinite)
     * @param samplingRate q in (0, 1]
     * @param datasetSize N; the expected batch size is {@code qN}
     * @param delta the delta of {@link #guarantee}
     * @param dropout whether the forward pass keeps dropout on
     */
    public DpSgd(double clipNorm, double noiseMultiplier, double samplingRate, int datasetSize, double delta,
            boolean dropout) {
        if (!(clipNorm > 0) || !(noiseMultiplier >= 0) || !(samplingRate > 0 && samplingRate <= 1) || datasetSize < 1) {
            throw new IllegalArgumentException("DP-SGD needs C > 0, sigma >= 0, q in (0, 1] and N >= 1, got C " + clipNorm
                    + ", sigma " + noiseMultiplier + ", q " + samplingRate + ", N " + datasetSize);
        }
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.samplingRate = samplingRate;
        this.expectedBatchSize = samplingRate * datasetSize;
        this.delta = delta;
        this.dropout = dropout;
    }

    /** C. */
    public double clipNorm() {
        return clipNorm;
    }

    /** σ. */
    public double noiseMultiplier() {
        return noiseMultiplier;
    }

    /** q. */
    public double samplingRate() {
        return samplingRate;
    }

    /** Whether training forward passes keep dropout on. */
    public boolean dropout() {
        return dropout;
    }

    /** The delta of {@link #guarantee}. */
    public double delta() {
        return delta;
    }

    /** The guarantee after {@code steps} steps: {@link RdpAccountant#guarantee(double, double, long, double)}. */
    public PrivacyGuarantee guarantee(long steps) {
        return RdpAccountant.guarantee(samplingRate, noiseMultiplier, steps, delta);
    }

    /**
     * Adds the clipped per-example gradients of one micro-batch to the step's sum, from the sites
     * of a {@link GradientTap} forward after the backward pass of the summed per-example losses.
     *
     * @param rows the micro-batch's examples B (the sites' first axis)
     * @return each example's gradient norm before clipping
     */
    @SuppressWarnings("try")
    float[] accumulate(List<GradientTap.Site> sites, int rows) {
        for (GradientTap.Site s : sites) { // the sums outlive the scope below, which closes what it creates
            for (Parameter p : List.of(s.weight(), s.bias())) {
                if (p.requiresGradient()) {
                    sumOf(p);
                }
            }
        }
        try (Autograd.Mode g = Autograd.noGrad(); NDScope scope = new NDScope()) {
            NDManager m = sites.isEmpty() ? manager : sites.get(0).probe().getManager();
            NDArray squares = m.zeros(new Shape(rows));
            for (GradientTap.Site s : sites) {
                NDArray[] xg = rowsOf(s);
                NDArray x = xg[0];
                NDArray grad = xg[1];
                if (s.weight().requiresGradient()) {
                    squares = squares.add(s.kind() == GradientTap.Kind.LINEAR ? linearWeightSquares(x, grad)
                            : grad.mul(x).sum(new int[] {1}).square().sum(new int[] {1}));
                }
                if (s.bias().requiresGradient()) {
                    squares = squares.add(grad.sum(new int[] {1}).square().sum(new int[] {1}));
                }
            }
            float[] norms = squares.sqrt().toFloatArray();
            float[] factors = new float[rows];
            for (int i = 0; i < rows; i++) {
                factors[i] = (float) Math.min(1.0, clipNorm / (norms[i] + 1e-6));
                normSum += norms[i];
                clipped += factors[i] < 1 ? 1 : 0;
            }
            examples += rows;
            NDArray c = m.create(factors).reshape(rows, 1, 1);
            for (GradientTap.Site s : sites) {
                NDArray[] xg = rowsOf(s);
                NDArray x = xg[0];
                NDArray gc = xg[1].mul(c);
                if (s.weight().requiresGradient()) {
                    add(s.weight(), s.kind() == GradientTap.Kind.LINEAR
                            ? gc.reshape(-1, gc.getShape().get(2)).transpose().matMul(x.reshape(-1, x.getShape().get(2)))
                            : gc.mul(x).sum(new int[] {0, 1}));
                }
                if (s.bias().requiresGradient()) {
                    add(s.bias(), gc.sum(new int[] {0, 1}));
                }
            }
            scope.suppressNotUsedWarning();
            return norms;
        }
    }

    /** The site's (input, output gradient) as (B, T, ·); a 2-D (B, ·) site becomes T = 1. */
    private static NDArray[] rowsOf(GradientTap.Site s) {
        NDArray x = s.input();
        NDArray g = s.probe().getGradient();
        if (x.getShape().dimension() == 2) {
            return new NDArray[] {x.expandDims(1), g.expandDims(1)};
        }
        return new NDArray[] {x, g};
    }

    /** Per-example {@code ||G_iᵀ X_i||_F²}: by ghost clipping when {@code T (d + p) < d p}, else directly. */
    private static NDArray linearWeightSquares(NDArray x, NDArray g) {
        long t = x.getShape().get(1);
        long d = x.getShape().get(2);
        long p = g.getShape().get(2);
        if (t == 1) {
            return x.square().sum(new int[] {1, 2}).mul(g.square().sum(new int[] {1, 2}));
        }
        if (t * (d + p) < d * p) {
            NDArray xx = x.matMul(x.transpose(0, 2, 1));
            NDArray gg = g.matMul(g.transpose(0, 2, 1));
            return xx.mul(gg).sum(new int[] {1, 2});
        }
        return g.transpose(0, 2, 1).matMul(x).square().sum(new int[] {1, 2});
    }

    private void add(Parameter p, NDArray contribution) {
        sums.get(p).addi(contribution);
    }

    private NDArray sumOf(Parameter p) {
        return sums.computeIfAbsent(p, k -> manager.zeros(p.getArray().getShape(), DataType.FLOAT32));
    }

    /**
     * Ends the step: adds {@code N(0, σ² C²)} to each trainable parameter's clipped sum (zero for a
     * parameter no example reached, even an empty batch gets noise), divides by the expected batch
     * size and counts the step. The returned arrays are what {@link AdamW#step(Map, Map, double,
     * java.util.function.ToDoubleFunction)} reads; it zeroes them for the next step.
     *
     * @param parameters every parameter by name; the trainable ones get a gradient
     * @return the privatised gradient by name, and its global norm in {@link Noisy#norm}
     */
    @SuppressWarnings("try")
    Noisy noisyMean(Map<String, Parameter> parameters) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            if (p.requiresGradient()) {
                out.put(name, sumOf(p)); // outside the scope below
            }
        });
        double squares = 0;
        try (Autograd.Mode g = Autograd.noGrad(); NDScope scope = new NDScope()) {
            for (NDArray sum : out.values()) {
                if (noiseMultiplier > 0) {
                    sum.addi(manager.randomNormal(0, (float) (noiseMultiplier * clipNorm), sum.getShape(), DataType.FLOAT32));
                }
                sum.divi((float) expectedBatchSize);
                double n = sum.norm().getFloat();
                squares += n * n;
            }
            scope.suppressNotUsedWarning();
        }
        double meanNorm = examples == 0 ? Double.NaN : normSum / examples;
        double clippedShare = examples == 0 ? Double.NaN : clipped / (double) examples;
        normSum = 0;
        examples = 0;
        clipped = 0;
        return new Noisy(out, Math.sqrt(squares), meanNorm, clippedShare);
    }

    /**
     * A step's privatised gradient.
     *
     * @param gradients by parameter name
     * @param norm its global L2 norm
     * @param meanExampleNorm the mean per-example gradient norm before clipping (NaN for an empty batch)
     * @param clippedShare the share of examples whose gradient was clipped
     */
    record Noisy(Map<String, NDArray> gradients, double norm, double meanExampleNorm, double clippedShare) {}

    @Override
    public void close() {
        manager.close();
    }
}
