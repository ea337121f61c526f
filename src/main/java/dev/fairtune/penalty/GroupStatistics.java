package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/** Masked per-group reductions shared by the penalties; no host reads, no per-element branching. */
final class GroupStatistics {

    private GroupStatistics() {}

    /**
     * Weighted soft rate of each group among the rows selected by {@code condition}:
     * {@code rate_g = sum_i w_i c_i m_ig s_i / sum_i w_i c_i m_ig}, where {@code m} is the group
     * mask. A group with no selected weight is absent: its rate is exactly 0 and depends on no score.
     *
     * @param input the batch
     * @param score soft scores {@code (B)}
     * @param condition 0/1 row selector {@code (B)}, or null for all rows
     * @return rates {@code (G)} and presence {@code (G)} (1 present, 0 absent)
     */
    static Rates rates(PenaltyInput input, NDArray score, NDArray condition) {
        NDArray weight = condition == null ? input.weights() : input.weights().mul(condition);
        NDArray denominator = weight.matMul(input.groupMask());
        NDArray numerator = weight.mul(score).matMul(input.groupMask());
        NDArray present = denominator.gt(0);
        NDArray safe = NDArrays.where(present, denominator, denominator.onesLike());
        return new Rates(numerator.div(safe), present.toType(denominator.getDataType(), false));
    }

    /**
     * Largest difference {@code value_g - value_h} over pairs of present groups; for two groups that
     * are both present this is {@code |value_1 - value_0|}. 0 (with zero gradient) when fewer than
     * two groups are present.
     *
     * @param value per-group values {@code (G)}
     * @param present presence {@code (G)}
     * @return a scalar {@code >= 0}
     */
    static NDArray largestGap(NDArray value, NDArray present) {
        NDArray difference = value.expandDims(1).sub(value.expandDims(0));
        return largestOverPresentPairs(difference, present);
    }

    /**
     * Largest entry of a {@code (G, G)} matrix over pairs of present groups, where entries with an
     * absent group count as 0. The matrix must have a zero diagonal, so the result is {@code >= 0}.
     *
     * @param matrix pairwise values {@code (G, G)}
     * @param present presence {@code (G)}
     * @return a scalar
     */
    static NDArray largestOverPresentPairs(NDArray matrix, NDArray present) {
        NDArray pairs = present.expandDims(1).mul(present.expandDims(0));
        return matrix.mul(pairs).max();
    }

    /**
     * Signed difference of the other group minus the reference group, or 0 (with zero gradient)
     * when either is absent.
     *
     * @param rates two-group rates
     * @param reference the reference group's id, 0 or 1
     * @return a scalar
     */
    static NDArray signedGap(Rates rates, int reference) {
        int other = 1 - reference;
        NDArray both = rates.present().get(reference).mul(rates.present().get(other));
        return rates.rate().get(other).sub(rates.rate().get(reference)).mul(both);
    }

    /** Per-group rates with their presence mask. */
    record Rates(NDArray rate, NDArray present) {}
}
