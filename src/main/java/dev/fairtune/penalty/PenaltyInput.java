package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;

/**
 * One batch as the penalties see it: logits {@code (B, C)}, their softmax (computed once here),
 * class labels, group ids, sample weights and, optionally, counterfactual twins.
 *
 * <p>Built by {@link #fromBatch(NDList, NDList, int)} from the slots of {@link BatchSlots}, or by
 * {@link #builder()}. {@link Builder#build()} checks shapes and reads the ids, weights and twin
 * index to the host once (a few hundred numbers at most) to check their ranges, so a bad batch
 * fails with a message instead of silently dropping rows. The arrays it derives (probabilities,
 * masks, unit weights) belong to the managers of the arrays they come from: build the input inside
 * the batch's sub-manager.
 */
public final class PenaltyInput {

    private final NDArray logits;
    private final NDArray probabilities;
    private final NDArray labels;
    private final NDArray groups;
    private final NDArray weights;
    private final boolean weighted;
    private final NDArray groupMask;
    private final int numGroups;
    private final int reference;
    private final int numClasses;
    private final int batchSize;
    private final NDArray counterfactualLogits;
    private final NDArray counterfactualIndex;

    private PenaltyInput(
            NDArray logits,
            NDArray labels,
            NDArray groups,
            NDArray weights,
            int numGroups,
            int reference,
            NDArray counterfactualLogits,
            NDArray counterfactualIndex) {
        this.logits = logits;
        this.numGroups = numGroups;
        this.reference = reference;
        this.batchSize = Math.toIntExact(logits.getShape().get(0));
        this.numClasses = Math.toIntExact(logits.getShape().get(1));
        this.labels = labels;
        this.groups = groups;
        this.probabilities = logits.softmax(1);
        this.weighted = weights != null;
        this.weights =
                weighted
                        ? weights.toType(logits.getDataType(), false)
                        : logits.getManager().ones(new Shape(batchSize), logits.getDataType());
        this.groupMask = groups.oneHot(numGroups, logits.getDataType());
        this.counterfactualLogits = counterfactualLogits;
        this.counterfactualIndex = counterfactualIndex;
    }

    /**
     * Reads a batch through the slots of {@link BatchSlots}.
     *
     * @param labels the labels list (LABELS, GROUPS, optional WEIGHTS, optional
     *     COUNTERFACTUAL_INDEX)
     * @param predictions the predictions list (LOGITS, optional COUNTERFACTUAL_LOGITS)
     * @param numGroups the number of groups {@code G}; group ids run over {@code 0..G-1}
     * @return the checked input, with reference group 0
     * @throws IllegalArgumentException when a required slot is missing or a value is out of range
     */
    public static PenaltyInput fromBatch(NDList labels, NDList predictions, int numGroups) {
        return fromBatch(labels, predictions, numGroups, 0);
    }

    /**
     * Reads a batch through the slots of {@link BatchSlots}, with the id of the reference group
     * that signed penalties compare against ({@link #reference()}).
     *
     * @throws IllegalArgumentException when a required slot is missing or a value is out of range
     */
    public static PenaltyInput fromBatch(NDList labels, NDList predictions, int numGroups, int reference) {
        if (labels.size() <= BatchSlots.GROUPS) {
            throw new IllegalArgumentException(
                    "the labels list must hold class ids at BatchSlots.LABELS (0) and group ids at"
                            + " BatchSlots.GROUPS (1); it holds "
                            + labels.size()
                            + " array(s): build it with BatchSlots.labels(...)");
        }
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException(
                    "the predictions list is empty; it must hold logits (B, C) at BatchSlots.LOGITS");
        }
        Builder builder =
                builder()
                        .setLogits(predictions.get(BatchSlots.LOGITS))
                        .setLabels(labels.get(BatchSlots.LABELS))
                        .setGroups(labels.get(BatchSlots.GROUPS))
                        .setNumGroups(numGroups)
                        .optReference(reference);
        if (BatchSlots.isPresent(labels, BatchSlots.WEIGHTS)) {
            builder.optWeights(labels.get(BatchSlots.WEIGHTS));
        }
        if (labels.size() > BatchSlots.COUNTERFACTUAL_INDEX) {
            NDArray twins =
                    BatchSlots.isPresent(predictions, BatchSlots.COUNTERFACTUAL_LOGITS)
                            ? predictions.get(BatchSlots.COUNTERFACTUAL_LOGITS)
                            : null;
            builder.optCounterfactuals(twins, labels.get(BatchSlots.COUNTERFACTUAL_INDEX));
        } else if (BatchSlots.isPresent(predictions, BatchSlots.COUNTERFACTUAL_LOGITS)) {
            throw new IllegalArgumentException(
                    "the predictions carry twin logits but the labels list has no"
                            + " BatchSlots.COUNTERFACTUAL_INDEX saying which rows they pair with");
        }
        return builder.build();
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
     * Returns the logits.
     *
     * @return logits {@code (B, C)}, float32 or float64
     */
    public NDArray logits() {
        return logits;
    }

    /**
     * Returns the softmax of the logits over the class axis.
     *
     * @return probabilities {@code (B, C)}
     */
    public NDArray probabilities() {
        return probabilities;
    }

    /**
     * Returns the softmax probability of one class.
     *
     * @param classId the class
     * @return scores {@code (B)}
     */
    public NDArray score(int classId) {
        checkClass(classId);
        return probabilities.get(":, " + classId);
    }

    /**
     * Returns 1 where the label equals {@code classId} and 0 elsewhere.
     *
     * @param classId the class
     * @return a mask {@code (B)} in the logits' data type
     */
    public NDArray labelMask(int classId) {
        checkClass(classId);
        return labels.eq(classId).toType(logits.getDataType(), false);
    }

    /**
     * Returns the class labels.
     *
     * @return int64 {@code (B)}
     */
    public NDArray labels() {
        return labels;
    }

    /**
     * Returns the group ids.
     *
     * @return int64 {@code (B)} with values in {@code 0..G-1}
     */
    public NDArray groups() {
        return groups;
    }

    /**
     * Returns the one-hot group membership: entry {@code (i, g)} is 1 when row {@code i} belongs to
     * group {@code g}.
     *
     * @return a mask {@code (B, G)} in the logits' data type
     */
    public NDArray groupMask() {
        return groupMask;
    }

    /**
     * Returns the sample weights: the WEIGHTS slot, or ones when it is absent.
     *
     * @return non-negative weights {@code (B)} in the logits' data type
     */
    public NDArray weights() {
        return weights;
    }

    /**
     * Returns whether sample weights were given.
     *
     * @return false when {@link #weights()} are all ones because none were given
     */
    public boolean hasSampleWeights() {
        return weighted;
    }

    /**
     * Returns the number of groups {@code G}.
     *
     * @return G
     */
    public int numGroups() {
        return numGroups;
    }

    /**
     * Returns the id of the reference group: signed penalties are group minus reference, as the
     * signed metrics of {@code fairness} (default 0; the trainer passes the data's reference).
     *
     * @return the reference group's id
     */
    public int reference() {
        return reference;
    }

    /**
     * Returns the number of classes {@code C}.
     *
     * @return C
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Returns the batch size {@code B}.
     *
     * @return B
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Returns whether the step produced counterfactual data (possibly no pairs in this batch).
     *
     * @return true when {@link #counterfactualIndex()} is present
     */
    public boolean hasCounterfactuals() {
        return counterfactualIndex != null;
    }

    /**
     * Returns the batch row of each counterfactual twin.
     *
     * @return int64 {@code (P)}, empty when the batch has no pairs; empty optional when the step
     *     produced no counterfactual data
     */
    public Optional<NDArray> counterfactualIndex() {
        return Optional.ofNullable(counterfactualIndex);
    }

    /**
     * Returns the logits of the counterfactual twins.
     *
     * @return {@code (P, C)} in the order of {@link #counterfactualIndex()}; empty optional when
     *     there are no pairs
     */
    public Optional<NDArray> counterfactualLogits() {
        return Optional.ofNullable(counterfactualLogits);
    }

    private void checkClass(int classId) {
        if (classId < 0 || classId >= numClasses) {
            throw new IllegalArgumentException(
                    "class " + classId + " is out of range: the logits have " + numClasses
                            + " classes (0.." + (numClasses - 1) + ")");
        }
    }

    /** Builder for {@link PenaltyInput}: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {

        private NDArray logits;
        private NDArray labels;
        private NDArray groups;
        private int numGroups = -1;
        private int reference;
        private NDArray weights;
        private NDArray counterfactualLogits;
        private NDArray counterfactualIndex;

        private Builder() {}

        /**
         * Sets the logits.
         *
         * @param logits float32 or float64, {@code (B, C)} with {@code C >= 2}
         * @return this builder
         */
        public Builder setLogits(NDArray logits) {
            this.logits = logits;
            return this;
        }

        /**
         * Sets the class labels.
         *
         * @param labels integer-valued class ids {@code (B)} or {@code (B, 1)}
         * @return this builder
         */
        public Builder setLabels(NDArray labels) {
            this.labels = labels;
            return this;
        }

        /**
         * Sets the group ids.
         *
         * @param groups integer-valued group ids in {@code 0..G-1}, {@code (B)} or {@code (B, 1)}
         * @return this builder
         */
        public Builder setGroups(NDArray groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Sets the number of groups.
         *
         * @param numGroups {@code G >= 1}; a group may be missing from a batch
         * @return this builder
         */
        public Builder setNumGroups(int numGroups) {
            this.numGroups = numGroups;
            return this;
        }

        /**
         * Sets the reference group of signed penalties (default 0).
         *
         * @param reference a group id in {@code 0..G-1}
         * @return this builder
         */
        public Builder optReference(int reference) {
            this.reference = reference;
            return this;
        }

        /**
         * Sets sample weights.
         *
         * @param weights finite, non-negative, {@code (B)} or {@code (B, 1)}
         * @return this builder
         */
        public Builder optWeights(NDArray weights) {
            this.weights = weights;
            return this;
        }

        /**
         * Sets the counterfactual twins.
         *
         * @param twinLogits logits of the twins {@code (P, C)}; may be null when {@code P = 0}
         * @param rowIndex integer-valued batch row of each twin {@code (P)}; empty when the batch
         *     has no pairs
         * @return this builder
         */
        public Builder optCounterfactuals(NDArray twinLogits, NDArray rowIndex) {
            this.counterfactualLogits = twinLogits;
            this.counterfactualIndex = rowIndex;
            return this;
        }

        /**
         * Checks everything and builds the input.
         *
         * @return the input
         * @throws IllegalArgumentException with what is wrong and how to fix it
         */
        public PenaltyInput build() {
            require(logits != null, "logits are not set: call setLogits with a (B, C) array");
            require(labels != null, "labels are not set: call setLabels with class ids (B)");
            require(groups != null, "groups are not set: call setGroups with group ids (B)");
            require(numGroups >= 1, "numGroups is not set: call setNumGroups(G) with G >= 1");
            require(reference >= 0 && reference < numGroups, "the reference group id must lie in 0.."
                    + (numGroups - 1) + ", got " + reference);
            DataType type = logits.getDataType();
            require(
                    type == DataType.FLOAT32 || type == DataType.FLOAT64,
                    "logits must be float32 or float64, got " + type);
            Shape shape = logits.getShape();
            require(
                    shape.dimension() == 2 && shape.get(1) >= 2,
                    "logits must have shape (B, C) with C >= 2 classes, got " + shape);
            long batch = shape.get(0);
            require(batch >= 1, "the batch is empty: logits have shape " + shape);
            NDArray flatLabels = column(labels, batch, "labels");
            NDArray flatGroups = column(groups, batch, "groups");
            NDArray flatWeights = weights == null ? null : column(weights, batch, "weights");
            NDArray flatIndex = null;
            long pairs = 0;
            if (counterfactualIndex != null) {
                require(
                        counterfactualIndex.getShape().dimension() <= 2,
                        "the counterfactual index must have shape (P), got "
                                + counterfactualIndex.getShape());
                pairs = counterfactualIndex.size();
                flatIndex = counterfactualIndex.reshape(pairs);
                if (pairs > 0) {
                    require(
                            counterfactualLogits != null,
                            "the batch has " + pairs + " counterfactual twins but no twin logits:"
                                    + " put them (P, C) at BatchSlots.COUNTERFACTUAL_LOGITS");
                    require(
                            counterfactualLogits.getShape().equals(new Shape(pairs, shape.get(1))),
                            "twin logits must have shape (" + pairs + ", " + shape.get(1)
                                    + ") to match the counterfactual index, got "
                                    + counterfactualLogits.getShape());
                    require(
                            counterfactualLogits.getDataType() == type,
                            "twin logits must have the logits' data type " + type + ", got "
                                    + counterfactualLogits.getDataType());
                }
            } else {
                require(
                        counterfactualLogits == null,
                        "twin logits were given without their row index");
            }
            checkValues(flatLabels, flatGroups, flatWeights, flatIndex, batch, shape.get(1));
            return new PenaltyInput(
                    logits,
                    flatLabels.toType(DataType.INT64, false),
                    flatGroups.toType(DataType.INT64, false),
                    flatWeights,
                    numGroups,
                    reference,
                    pairs > 0 ? counterfactualLogits : null,
                    flatIndex == null ? null : flatIndex.toType(DataType.INT64, false));
        }

        /** One host read of every id, weight and twin index, checked in Java. */
        private void checkValues(
                NDArray flatLabels,
                NDArray flatGroups,
                NDArray flatWeights,
                NDArray flatIndex,
                long batch,
                long classes) {
            NDList parts = new NDList(flatLabels, flatGroups);
            if (flatWeights != null) {
                parts.add(flatWeights);
            }
            if (flatIndex != null) {
                parts.add(flatIndex);
            }
            NDList asDouble = new NDList(parts.size());
            for (NDArray part : parts) {
                asDouble.add(part.toType(DataType.FLOAT64, false));
            }
            double[] values = NDArrays.concat(asDouble).toDoubleArray();
            int b = Math.toIntExact(batch);
            for (int i = 0; i < b; i++) {
                checkId(values[i], classes, "label", i, "a class id in 0.." + (classes - 1));
                checkId(values[b + i], numGroups, "group", i,
                        "a group id in 0.." + (numGroups - 1) + " (numGroups = " + numGroups + ")");
            }
            int offset = 2 * b;
            if (flatWeights != null) {
                for (int i = 0; i < b; i++) {
                    double w = values[offset + i];
                    require(
                            Double.isFinite(w) && w >= 0,
                            "sample weight of row " + i + " is " + w
                                    + "; weights must be finite and non-negative");
                }
                offset += b;
            }
            for (int p = offset; p < values.length; p++) {
                checkId(values[p], batch, "counterfactual index", p - offset,
                        "a batch row in 0.." + (batch - 1));
            }
        }

        private static void checkId(double value, long bound, String what, int row, String want) {
            require(
                    value == Math.rint(value) && value >= 0 && value < bound,
                    what + " at position " + row + " is " + value + "; expected " + want);
        }

        private static NDArray column(NDArray array, long batch, String what) {
            Shape shape = array.getShape();
            boolean ok =
                    (shape.dimension() == 1 && shape.get(0) == batch)
                            || (shape.dimension() == 2 && shape.get(0) == batch && shape.get(1) == 1);
            require(ok, what + " must have shape (" + batch + ") or (" + batch + ", 1) to match the"
                    + " logits, got " + shape);
            return array.reshape(batch);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
