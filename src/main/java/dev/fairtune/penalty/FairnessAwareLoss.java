package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Task loss plus weighted fairness penalties, as a DJL {@link Loss}:
 *
 * <pre>
 *   total = CE + sum_i lambda_i * penalty_i
 *   CE    = sum_b w_b * (-log softmax(z_b)[y_b]) / sum_b w_b     (plain mean without weights)
 * </pre>
 *
 * <p>Being a {@code Loss}, it plugs into the unchanged training step ({@code loss.evaluate(labels,
 * predictions)}, then backward), reading the batch through the slots of {@link BatchSlots}; a step
 * that builds its own {@link PenaltyInput} calls {@link #evaluate(PenaltyInput)}. The weighted
 * cross-entropy is normalised by the batch's total weight, so it does not depend on the scale of
 * the weights; with reweighing weights (mean 1) it is close to the plain weighted mean.
 *
 * <p>The lambdas can be changed between steps ({@link #setLambda(int, double)}), e.g. by a
 * Lagrangian trainer's dual ascent. Every penalty is computed at every evaluation, even when its
 * lambda is 0, so its value is always available for monitoring and for the dual update. {@link
 * #lastComponents()} returns the parts of the last evaluation as typed values with one small host
 * read (the parts are kept, detached, in one array of {@code K + 2} numbers), which must happen
 * before the batch's manager is closed.
 *
 * <p>Not thread-safe: evaluate and change lambdas on the training thread.
 */
public final class FairnessAwareLoss extends Loss {

    private final int numGroups;
    private final int reference;
    private final List<FairnessPenalty> penalties;
    private final double[] lambdas;
    private NDArray lastValues;
    private double[] lastLambdas;
    private LossComponents lastRead;

    private FairnessAwareLoss(Builder builder) {
        super(builder.name);
        this.numGroups = builder.numGroups;
        this.reference = builder.reference;
        this.penalties = List.copyOf(builder.penalties);
        this.lambdas = builder.lambdas.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Computes the total loss from the slots of {@link BatchSlots}.
     *
     * @param labels the labels list
     * @param predictions the predictions list
     * @return the total loss, a scalar
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return evaluate(PenaltyInput.fromBatch(labels, predictions, numGroups, reference));
    }

    /**
     * Computes the total loss on a prepared input.
     *
     * @param input the batch
     * @return the total loss, a scalar
     */
    public NDArray evaluate(PenaltyInput input) {
        if (input.numGroups() != numGroups) {
            throw new IllegalArgumentException(
                    "this loss was built for " + numGroups + " groups, the input declares "
                            + input.numGroups());
        }
        NDArray crossEntropy = crossEntropy(input);
        NDArray total = crossEntropy;
        NDList parts = new NDList(penalties.size() + 2);
        parts.add(crossEntropy.stopGradient());
        for (int i = 0; i < penalties.size(); i++) {
            FairnessPenalty penalty = penalties.get(i);
            NDArray value = penalty.compute(input);
            if (!value.getShape().isScalar()) {
                throw new IllegalStateException(
                        "penalty " + penalty.name() + " returned shape " + value.getShape()
                                + "; a penalty must return a scalar");
            }
            total = total.add(Scalars.times(value, lambdas[i]));
            parts.add(value.stopGradient());
        }
        parts.add(0, total.stopGradient());
        lastValues = NDArrays.stack(parts);
        lastLambdas = lambdas.clone();
        lastRead = null;
        return total;
    }

    /**
     * Each row's cross-entropy, {@code CE_b = -log softmax(z_b)[y_b]}.
     *
     * @param logits (B, classes)
     * @param labels (B) class ids
     * @param classes the number of classes
     * @return (B), in the logits' data type
     */
    public static NDArray crossEntropies(NDArray logits, NDArray labels, int classes) {
        NDArray target = labels.oneHot(classes, logits.getDataType());
        return logits.logSoftmax(1).mul(target).sum(new int[] {1}).neg();
    }

    /**
     * Returns the weighted cross-entropy of the batch.
     *
     * @param input the batch
     * @return {@code sum_b w_b CE_b / sum_b w_b}, 0 when every weight is 0
     */
    public static NDArray crossEntropy(PenaltyInput input) {
        NDArray perExample = crossEntropies(input.logits(), input.labels(), input.numClasses());
        NDArray weight = input.weights();
        NDArray total = weight.sum();
        NDArray safeTotal = NDArrays.where(total.gt(0), total, total.onesLike());
        return weight.mul(perExample).sum().div(safeTotal);
    }

    /**
     * Returns the parts of the last evaluation, read to the host on the first call after it.
     *
     * @return the components, or empty before the first evaluation
     * @throws IllegalStateException when the batch's manager was closed before this call
     */
    public Optional<LossComponents> lastComponents() {
        if (lastValues == null) {
            return Optional.empty();
        }
        if (lastRead == null) {
            if (lastValues.isReleased()) {
                throw new IllegalStateException(
                        "the last loss values were freed with their batch's NDManager: call"
                                + " lastComponents() after backward and before closing the batch");
            }
            double[] values = lastValues.toType(DataType.FLOAT64, false).toDoubleArray();
            List<LossComponents.Term> terms = new ArrayList<>(penalties.size());
            for (int i = 0; i < penalties.size(); i++) {
                terms.add(new LossComponents.Term(penalties.get(i), lastLambdas[i], values[i + 2]));
            }
            lastRead = new LossComponents(values[0], values[1], terms);
        }
        return Optional.of(lastRead);
    }

    /**
     * Returns the penalties, in order.
     *
     * @return an unmodifiable list
     */
    public List<FairnessPenalty> getPenalties() {
        return penalties;
    }

    /**
     * Returns the number of groups this loss expects.
     *
     * @return G
     */
    public int getNumGroups() {
        return numGroups;
    }

    /**
     * Returns the current weight of a penalty.
     *
     * @param index the penalty's position in {@link #getPenalties()}
     * @return lambda
     */
    public double getLambda(int index) {
        return lambdas[checkIndex(index)];
    }

    /**
     * Sets the weight of a penalty; it applies from the next evaluation.
     *
     * @param index the penalty's position in {@link #getPenalties()}
     * @param lambda finite and {@code >= 0}
     */
    public void setLambda(int index, double lambda) {
        lambdas[checkIndex(index)] = checkLambda(lambda, penalties.get(index));
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= penalties.size()) {
            throw new IndexOutOfBoundsException(
                    "penalty index " + index + " is out of range: this loss has " + penalties.size()
                            + " penalties");
        }
        return index;
    }

    private static double checkLambda(double lambda, FairnessPenalty penalty) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException(
                    "lambda for " + penalty.name() + " must be finite and >= 0, got " + lambda
                            + " (a negative weight would reward unfairness)");
        }
        return lambda;
    }

    /** Builder for {@link FairnessAwareLoss}: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {

        private String name = "fairness_aware_loss";
        private int numGroups = -1;
        private int reference;
        private final List<FairnessPenalty> penalties = new ArrayList<>();
        private final List<Double> lambdas = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the number of groups {@code G} of the GROUPS slot.
         *
         * @param numGroups {@code G >= 1}
         * @return this builder
         */
        public Builder setNumGroups(int numGroups) {
            this.numGroups = numGroups;
            return this;
        }

        /**
         * Sets the reference group that signed penalties compare against (default 0).
         *
         * @param reference a group id in {@code 0..G-1}
         * @return this builder
         */
        public Builder optReference(int reference) {
            this.reference = reference;
            return this;
        }

        /**
         * Adds a penalty with its initial weight.
         *
         * @param penalty the penalty
         * @param lambda finite and {@code >= 0}
         * @return this builder
         */
        public Builder addPenalty(FairnessPenalty penalty, double lambda) {
            if (penalty == null) {
                throw new IllegalArgumentException("penalty must not be null");
            }
            penalties.add(penalty);
            lambdas.add(checkLambda(lambda, penalty));
            return this;
        }

        /**
         * Sets the loss's name (default {@code "fairness_aware_loss"}).
         *
         * @param name the name DJL's accumulators report
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Builds the loss; with no penalty it is the plain (weighted) cross-entropy.
         *
         * @return the loss
         */
        public FairnessAwareLoss build() {
            if (numGroups < 1) {
                throw new IllegalArgumentException(
                        "setNumGroups(G) with G >= 1 is required, got " + numGroups);
            }
            if (reference < 0 || reference >= numGroups) {
                throw new IllegalArgumentException(
                        "the reference group id must lie in 0.." + (numGroups - 1) + ", got " + reference);
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            return new FairnessAwareLoss(this);
        }
    }
}
