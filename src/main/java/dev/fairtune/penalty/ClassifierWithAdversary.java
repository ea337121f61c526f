package dev.fairtune.penalty;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A model block that holds the classifier and the adversary of an {@link AdversarialPenalty}, so
 * that the adversary's parameters are model parameters: the trainer's optimizer updates them,
 * freezing and parameter listings see them, and {@code trainer.initialize} initialises them.
 *
 * <p>Forward is the classifier's forward, unchanged (same inputs, same outputs). In a training
 * forward it also fetches the adversary's parameters from the trainer's {@link ParameterStore}, as
 * any block does with the parameters it uses, which registers them for the optimizer's update; the
 * adversary itself runs inside the loss, in {@link AdversarialPenalty#compute(PenaltyInput)}.
 *
 * <p>How the trainer attaches the adversary:
 *
 * <pre>{@code
 * AdversarialPenalty adversarial = AdversarialPenalty.builder().setNumClasses(2).setNumGroups(2).build();
 * model.setBlock(new ClassifierWithAdversary(classifierBlock, adversarial));
 * FairnessAwareLoss loss = FairnessAwareLoss.builder().setNumGroups(2)
 *         .addPenalty(adversarial, 1.0).build();
 * try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(optimizer))) {
 *     trainer.initialize(inputShapes);   // initialises the adversary too (Xavier, zero biases)
 *     ... forward, loss.evaluate(labels, predictions), backward, trainer.step() as usual ...
 * }
 * }</pre>
 *
 * <p>Load pretrained classifier weights into the classifier before wrapping it: a wrapped model
 * expects checkpoints that hold both blocks (a checkpoint saved from it includes the adversary). For
 * inference or export, use {@link #classifier()}. Two adversaries: nest two wrappers. Single device,
 * with the trainer's default parameter store (no copies): the adversary must live on the device of
 * the logits.
 */
public final class ClassifierWithAdversary extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block classifier;
    private final Block adversary;
    private final Shape adversaryInputShape;

    /**
     * Wraps a classifier and the adversary of {@code adversarial}.
     *
     * @param classifier the classifier block; its outputs are this block's outputs
     * @param adversarial the penalty whose adversary to attach
     */
    public ClassifierWithAdversary(Block classifier, AdversarialPenalty adversarial) {
        super(VERSION);
        this.classifier = addChildBlock("classifier", classifier);
        this.adversary = addChildBlock("adversary", adversarial.adversary());
        this.adversaryInputShape = adversarial.adversaryInputShape();
    }

    /**
     * Returns the wrapped classifier.
     *
     * @return the classifier block
     */
    public Block classifier() {
        return classifier;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList outputs = classifier.forward(parameterStore, inputs, training, params);
        if (training) {
            register(parameterStore, outputs);
        }
        return outputs;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList data,
            NDList labels,
            PairList<String, Object> params) {
        NDList outputs = classifier.forward(parameterStore, data, labels, params);
        register(parameterStore, outputs);
        return outputs;
    }

    private void register(ParameterStore parameterStore, NDList outputs) {
        Device device = outputs.head().getDevice();
        for (Parameter parameter : adversary.getParameters().values()) {
            parameterStore.getValue(parameter, device, true);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        classifier.initialize(manager, dataType, inputShapes);
        adversary.initialize(manager, dataType, adversaryInputShape);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(inputShapes);
    }
}
