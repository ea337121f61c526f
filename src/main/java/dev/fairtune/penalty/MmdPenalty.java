package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.fairtune.fairness.Criterion;
import java.util.Locale;

/**
 * Squared maximum mean discrepancy between the groups' score distributions, as in MinDiff (Prost et
 * al. 2019): 0 if and only if the (weighted, empirical) distributions coincide.
 *
 * <p>With scores {@code s_i = p_i[k]} (positive class {@code k}, default 1), rows optionally
 * restricted to one label {@code y_i = l} (MinDiff restricts to negatives to approximate an FPR gap),
 * and within-group weights {@code a_ig = w_i [g_i = g] / sum_{j in g} w_j}:
 *
 * <pre>
 *   A_gh   = sum_ij a_ig a_jh k(s_i, s_j)
 *   MMD2_gh = A_gg + A_hh - 2 A_gh          (the biased V-statistic, diagonal included)
 *   penalty = max over present groups g, h of MMD2_gh   (two groups: MMD2_01)
 * </pre>
 *
 * <p>Kernels with bandwidth {@code l} (MinDiff's {@code kernel_length}, default 0.1):
 * Gaussian {@code exp(-(x - y)^2 / l^2)}, Laplacian {@code exp(-|x - y| / l)}. The squared MMD is
 * used, not its square root, whose gradient diverges at 0. Values lie in {@code [0, 2]}.
 *
 * <p>Missing groups: a group with no selected row (or only zero weight) is absent; the penalty is
 * the largest MMD over present pairs and is 0 when fewer than two groups are present.
 */
public final class MmdPenalty implements FairnessPenalty {

    /** The kernel on scores. */
    public enum Kernel {
        /** {@code exp(-(x - y)^2 / l^2)}. */
        GAUSSIAN,
        /** {@code exp(-|x - y| / l)}. */
        LAPLACIAN
    }

    private final Kernel kernel;
    private final double bandwidth;
    private final int positiveClass;
    private final Integer onlyLabel;

    private MmdPenalty(Builder builder) {
        this.kernel = builder.kernel;
        this.bandwidth = builder.bandwidth;
        this.positiveClass = builder.positiveClass;
        this.onlyLabel = builder.onlyLabel;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns e.g. {@code "mmd_gaussian(0.1)"} or {@code "mmd_laplacian(0.1)|y=0"}. */
    @Override
    public String name() {
        return "mmd_" + kernel.name().toLowerCase(Locale.ROOT) + "(" + bandwidth + ")"
                + (positiveClass == 1 ? "" : "@" + positiveClass)
                + (onlyLabel == null ? "" : "|y=" + onlyLabel);
    }

    /** {@inheritDoc} */
    @Override
    public Criterion approximates() {
        return Criterion.Other.SCORE_DISTRIBUTION;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray compute(PenaltyInput input) {
        NDArray score = input.score(positiveClass);
        NDArray weight =
                onlyLabel == null ? input.weights() : input.weights().mul(input.labelMask(onlyLabel));
        NDArray weightedMask = input.groupMask().mul(weight.expandDims(1));
        NDArray total = weightedMask.sum(new int[] {0});
        NDArray present = total.gt(0);
        NDArray safe = NDArrays.where(present, total, total.onesLike());
        NDArray within = weightedMask.div(safe.expandDims(0));

        NDArray difference = score.expandDims(1).sub(score.expandDims(0));
        NDArray gram =
                kernel == Kernel.GAUSSIAN
                        ? Scalars.times(difference.square(), -1 / (bandwidth * bandwidth)).exp()
                        : Scalars.times(difference.abs(), -1 / bandwidth).exp();
        NDArray cross = within.transpose().matMul(gram).matMul(within);
        NDArray self = cross.diagonal();
        NDArray mmd = self.expandDims(1).add(self.expandDims(0)).sub(Scalars.times(cross, 2));
        return GroupStatistics.largestOverPresentPairs(
                mmd, present.toType(mmd.getDataType(), false));
    }

    /** Builder for {@link MmdPenalty}. */
    public static final class Builder {

        private Kernel kernel = Kernel.GAUSSIAN;
        private double bandwidth = 0.1;
        private int positiveClass = 1;
        private Integer onlyLabel;

        private Builder() {}

        /**
         * Sets the kernel (default Gaussian).
         *
         * @param kernel the kernel
         * @return this builder
         */
        public Builder optKernel(Kernel kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * Sets the kernel bandwidth {@code l} (default 0.1, MinDiff's default). A good first guess
         * is the standard deviation of the scores.
         *
         * @param bandwidth {@code > 0}
         * @return this builder
         */
        public Builder optBandwidth(double bandwidth) {
            this.bandwidth = bandwidth;
            return this;
        }

        /**
         * Sets the class whose probability is the score (default 1).
         *
         * @param positiveClass a class id
         * @return this builder
         */
        public Builder optPositiveClass(int positiveClass) {
            this.positiveClass = positiveClass;
            return this;
        }

        /**
         * Compares the groups only on rows with this label, e.g. 0 for MinDiff's FPR setting.
         *
         * @param label a class id
         * @return this builder
         */
        public Builder optOnlyLabel(int label) {
            this.onlyLabel = label;
            return this;
        }

        /**
         * Builds the penalty.
         *
         * @return the penalty
         */
        public MmdPenalty build() {
            if (kernel == null) {
                throw new IllegalArgumentException("kernel must not be null");
            }
            if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
                throw new IllegalArgumentException(
                        "bandwidth must be finite and > 0, got " + bandwidth
                                + "; try the standard deviation of the scores (MinDiff uses 0.1)");
            }
            if (positiveClass < 0 || (onlyLabel != null && onlyLabel < 0)) {
                throw new IllegalArgumentException(
                        "class ids must be >= 0, got positiveClass=" + positiveClass
                                + ", onlyLabel=" + onlyLabel);
            }
            return new MmdPenalty(this);
        }
    }
}
