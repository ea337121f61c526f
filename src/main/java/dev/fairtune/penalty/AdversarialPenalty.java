package dev.fairtune.penalty;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;

import dev.fairtune.fairness.Criterion;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adversarial debiasing (Zhang, Lemoine and Mitchell 2018): a small adversary predicts the group
 * from the classifier's output, through a {@link GradientReversal}. The penalty is the adversary's
 * weighted cross-entropy
 *
 * <pre>  penalty = sum_i w_i CE(adversary(GR_alpha(f_i)), g_i) / sum_i w_i</pre>
 *
 * where {@code f_i} are the centred logits {@code z_i - mean_c z_i} (default) or the probabilities.
 * Minimising the total loss then trains the adversary to predict the group (its parameters get the
 * ordinary gradient, {@code lambda} times) while the classifier receives {@code -alpha * lambda}
 * times that gradient and learns to hide the group: a demographic-parity style objective. With
 * {@link Builder#optConditionOnLabel(boolean)} the adversary also sees the true label, as in the
 * paper's equalized-odds variant; its input is then {@code [onehot(y), f (x) onehot(y)]} (the
 * features in the block of the true class), so even a linear adversary is a separate model per
 * label.
 *
 * <p>The adversary is a DJL {@link Block}: linear ({@code hiddenUnits = 0}, the default) or one
 * hidden ReLU layer, ending in {@code G} logits. Its parameters must be trained by the same
 * optimizer as the classifier; see {@link ClassifierWithAdversary} for how to attach it. Its
 * weights start from Xavier initialisation (biases 0) when it is initialised, either through the
 * model or with {@link #initializeAdversary(NDManager, DataType)}.
 *
 * <p>Missing groups: the cross-entropy is always finite (a batch with one group only teaches the
 * adversary that group's prior). The adversary and the logits must live on the same device.
 */
public final class AdversarialPenalty implements FairnessPenalty {

    /** What the adversary reads from the classifier. */
    public enum Features {
        /** Logits minus their mean over classes (softmax ignores that shift). */
        CENTRED_LOGITS,
        /** Softmax probabilities. */
        PROBABILITIES
    }

    private final int numClasses;
    private final int numGroups;
    private final int hiddenUnits;
    private final Features features;
    private final boolean conditionOnLabel;
    private final double alpha;
    private final SequentialBlock adversary;

    private AdversarialPenalty(Builder builder) {
        this.numClasses = builder.numClasses;
        this.numGroups = builder.numGroups;
        this.hiddenUnits = builder.hiddenUnits;
        this.features = builder.features;
        this.conditionOnLabel = builder.conditionOnLabel;
        this.alpha = builder.alpha;
        this.adversary = new SequentialBlock();
        if (hiddenUnits > 0) {
            adversary.add(Linear.builder().setUnits(hiddenUnits).build());
            adversary.add(Activation.reluBlock());
        }
        adversary.add(Linear.builder().setUnits(numGroups).build());
        adversary.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns e.g. {@code "adversary_linear"} or {@code "adversary_mlp16|y"}. */
    @Override
    public String name() {
        return "adversary_" + (hiddenUnits == 0 ? "linear" : "mlp" + hiddenUnits)
                + (conditionOnLabel ? "|y" : "");
    }

    /** {@inheritDoc} */
    @Override
    public Criterion approximates() {
        return Criterion.Other.GROUP_PREDICTABILITY;
    }

    /**
     * Returns the adversary block: input {@link #adversaryInputShape()}, output {@code (B, G)} group
     * logits.
     *
     * @return the block whose parameters the optimizer must update
     */
    public Block adversary() {
        return adversary;
    }

    /**
     * Returns the adversary's input shape for one example batch: {@code (1, C)}, or {@code (1, C +
     * C * C)} when conditioned on the label.
     *
     * @return the shape to initialise the adversary with
     */
    public Shape adversaryInputShape() {
        return new Shape(1, conditionOnLabel ? numClasses + (long) numClasses * numClasses : numClasses);
    }

    /**
     * Initialises the adversary's parameters, if not yet done (Xavier weights, zero biases). Not
     * needed when it is attached with {@link ClassifierWithAdversary} and the trainer initialises
     * the model.
     *
     * @param manager the manager that owns the parameters (the model's, for training)
     * @param dataType the logits' data type
     */
    public void initializeAdversary(NDManager manager, DataType dataType) {
        if (!adversary.isInitialized()) {
            adversary.initialize(manager, dataType, adversaryInputShape());
        }
    }

    /** Initialises the adversary ({@link #initializeAdversary}) and returns its parameters by name. */
    @Override
    public Map<String, Parameter> trainableParameters(NDManager manager, DataType dataType) {
        initializeAdversary(manager, dataType);
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> e : adversary.getParameters()) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * Returns the gradient reversal strength.
     *
     * @return alpha
     */
    public double alpha() {
        return alpha;
    }

    /**
     * Computes the adversary's input from the classifier's output, with the gradient reversed.
     *
     * @param input the batch
     * @return {@code (B, F)} with {@code F} the last dimension of {@link #adversaryInputShape()}
     */
    public NDArray adversaryInput(PenaltyInput input) {
        NDArray output =
                features == Features.PROBABILITIES
                        ? input.probabilities()
                        : input.logits().sub(input.logits().mean(new int[] {1}, true));
        NDArray reversed = GradientReversal.apply(output, alpha);
        if (!conditionOnLabel) {
            return reversed;
        }
        NDArray label = input.labels().oneHot(numClasses, output.getDataType());
        NDArray blocks =
                reversed.expandDims(2)
                        .mul(label.expandDims(1))
                        .reshape(input.batchSize(), (long) numClasses * numClasses);
        return NDArrays.concat(new NDList(label, blocks), 1);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray compute(PenaltyInput input) {
        if (input.numGroups() != numGroups || input.numClasses() != numClasses) {
            throw new IllegalArgumentException(
                    "the adversary was built for " + numGroups + " groups and " + numClasses
                            + " classes, but the batch has " + input.numGroups() + " groups and "
                            + input.numClasses() + " classes");
        }
        if (!adversary.isInitialized()) {
            throw new IllegalStateException(
                    "the adversary is not initialised: attach it with ClassifierWithAdversary and"
                            + " initialise the model (trainer.initialize), or call"
                            + " initializeAdversary(manager, dataType)");
        }
        DataType parameterType =
                adversary.getParameters().valueAt(0).getArray().getDataType();
        if (parameterType != input.logits().getDataType()) {
            throw new IllegalArgumentException(
                    "the adversary's parameters are " + parameterType + " but the logits are "
                            + input.logits().getDataType() + ": initialise it with the logits'"
                            + " data type");
        }
        NDArray x = adversaryInput(input);
        // A fresh store, no copies: on the parameters' own device it hands out the parameter arrays
        // themselves, so gradients land where the trainer's optimizer reads them.
        ParameterStore store = new ParameterStore(x.getManager(), false);
        NDArray groupLogits = adversary.forward(store, new NDList(x), true).singletonOrThrow();
        NDArray crossEntropy =
                groupLogits.logSoftmax(1).mul(input.groupMask()).sum(new int[] {1}).neg();
        NDArray weight = input.weights();
        NDArray total = weight.sum();
        NDArray safeTotal = NDArrays.where(total.gt(0), total, total.onesLike());
        return weight.mul(crossEntropy).sum().div(safeTotal);
    }

    /** Builder for {@link AdversarialPenalty}: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {

        private int numClasses = -1;
        private int numGroups = -1;
        private int hiddenUnits;
        private Features features = Features.CENTRED_LOGITS;
        private boolean conditionOnLabel;
        private double alpha = 1.0;

        private Builder() {}

        /**
         * Sets the number of classes of the classifier.
         *
         * @param numClasses {@code C >= 2}
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets the number of groups the adversary predicts.
         *
         * @param numGroups {@code G >= 2}
         * @return this builder
         */
        public Builder setNumGroups(int numGroups) {
            this.numGroups = numGroups;
            return this;
        }

        /**
         * Sets the width of the adversary's hidden ReLU layer (default 0: a linear adversary).
         *
         * @param hiddenUnits {@code >= 0}
         * @return this builder
         */
        public Builder optHiddenUnits(int hiddenUnits) {
            this.hiddenUnits = hiddenUnits;
            return this;
        }

        /**
         * Sets what the adversary reads (default centred logits, as Zhang et al. use the logit).
         *
         * @param features the features
         * @return this builder
         */
        public Builder optFeatures(Features features) {
            this.features = features;
            return this;
        }

        /**
         * Also gives the adversary the true label: the equalized-odds variant (default false).
         *
         * @param conditionOnLabel true for the equalized-odds variant
         * @return this builder
         */
        public Builder optConditionOnLabel(boolean conditionOnLabel) {
            this.conditionOnLabel = conditionOnLabel;
            return this;
        }

        /**
         * Sets the gradient reversal strength (default 1): the classifier receives {@code -alpha}
         * times the adversary's gradient.
         *
         * @param alpha finite, {@code >= 0}
         * @return this builder
         */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Builds the penalty and its (uninitialised) adversary.
         *
         * @return the penalty
         */
        public AdversarialPenalty build() {
            if (numClasses < 2) {
                throw new IllegalArgumentException(
                        "setNumClasses(C) with C >= 2 is required, got " + numClasses);
            }
            if (numGroups < 2) {
                throw new IllegalArgumentException(
                        "setNumGroups(G) with G >= 2 is required (the adversary predicts the group),"
                                + " got " + numGroups);
            }
            if (hiddenUnits < 0) {
                throw new IllegalArgumentException("hiddenUnits must be >= 0, got " + hiddenUnits);
            }
            if (features == null) {
                throw new IllegalArgumentException("features must not be null");
            }
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
            }
            return new AdversarialPenalty(this);
        }
    }
}
