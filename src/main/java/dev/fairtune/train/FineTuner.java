package dev.fairtune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The plain fine-tuning path: cross-entropy, {@link AdamW}, linear warm-up and decay, global-norm
 * clipping, {@link TrainingStep} per batch, one sub-manager per batch. Examples are shuffled each
 * epoch with the config's seed, which also seeds dropout; the last batch of an epoch may be
 * smaller. Which parameters train is whatever the classifier's {@link dev.fairtune.model.Freezing}
 * says when each step runs.
 */
public final class FineTuner {

    private final PretrainedModel model;
    private final BertClassifier classifier;
    private final FineTuneConfig config;
    private final List<StepListener> listeners = new ArrayList<>();

    /**
     * Prepares fine-tuning of {@code classifier}, built on {@code model}.
     *
     * @throws IllegalArgumentException when the classifier is not built on this model's encoder
     */
    public FineTuner(PretrainedModel model, BertClassifier classifier, FineTuneConfig config) {
        if (classifier.encoder() != model.encoder()) {
            throw new IllegalArgumentException("the classifier is not built on this model's encoder");
        }
        this.model = model;
        this.classifier = classifier;
        this.config = config;
    }

    /** Adds a listener told after every step. */
    public FineTuner addListener(StepListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Trains on {@code texts} with class indices {@code labels} (0 .. labels-1).
     *
     * @return one report per step, in order
     * @throws IllegalArgumentException when the lists differ in length, are empty, or a label is out
     *     of range
     */
    public List<StepReport> fit(List<String> texts, int[] labels) {
        if (texts.size() != labels.length || texts.isEmpty()) {
            throw new IllegalArgumentException(
                    "need as many labels as texts (and at least one): " + texts.size() + " texts, " + labels.length + " labels");
        }
        int classes = classifier.labels().size();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is not in [0, " + classes + ")");
            }
        }
        int n = texts.size();
        int perEpoch = (n + config.batchSize() - 1) / config.batchSize();
        long total = (long) perEpoch * config.epochs();
        classifier.encoder().dropoutMasks().reseed(config.seed());
        Random shuffle = new Random(config.seed());
        List<StepReport> history = new ArrayList<>();
        try (AdamW adamW = AdamW.builder()
                        .optBeta1(config.beta1())
                        .optBeta2(config.beta2())
                        .optEpsilon(config.epsilon())
                        .optWeightDecay(config.weightDecay())
                        .build();
                TextEncoder text = TextEncoder.builder(model).optMaxLength(config.maxLength()).build()) {
            TrainingStep.Builder b = TrainingStep.builder()
                    .setModel(classifier)
                    .setOptimizer(adamW)
                    .setSchedule(LearningRateSchedule.linearWarmupDecay(
                            config.learningRate(), Math.min(config.warmupSteps(), total), total))
                    .optClipping(new GradientClipping(config.maxGradNorm()))
                    .addListener(history::add);
            listeners.forEach(b::addListener);
            TrainingStep step = b.build();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                Collections.shuffle(order, shuffle);
                for (int start = 0; start < n; start += config.batchSize()) {
                    List<Integer> idx = order.subList(start, Math.min(n, start + config.batchSize()));
                    List<String> batchTexts = new ArrayList<>(idx.size());
                    long[] batchLabels = new long[idx.size()];
                    for (int j = 0; j < idx.size(); j++) {
                        batchTexts.add(texts.get(idx.get(j)));
                        batchLabels[j] = labels[idx.get(j)];
                    }
                    EncodedBatch enc = text.encode(batchTexts);
                    try (NDManager batch = model.manager().newSubManager()) {
                        step.run(enc.toNDList(batch), new NDList(batch.create(batchLabels)));
                    }
                }
            }
        }
        return history;
    }

    /**
     * Logits of {@code texts} in evaluation mode (dropout off, no gradients), in batches of {@code
     * batchSize}: row i belongs to text i.
     */
    @SuppressWarnings("try") // the guard works by existing
    public static float[][] logits(
            PretrainedModel model, BertClassifier classifier, TextEncoder text, List<String> texts, int batchSize) {
        float[][] out = new float[texts.size()][];
        ParameterStore store = new ParameterStore(model.manager(), false);
        try (Autograd.Mode g = Autograd.noGrad()) {
            for (int start = 0; start < texts.size(); start += batchSize) {
                List<String> chunk = texts.subList(start, Math.min(texts.size(), start + batchSize));
                try (NDManager batch = model.manager().newSubManager()) {
                    NDArray logits = classifier.forward(store, text.encode(chunk).toNDList(batch), false)
                            .get(BertClassifier.LOGITS);
                    int classes = (int) logits.getShape().get(1);
                    float[] flat = logits.toFloatArray();
                    for (int i = 0; i < chunk.size(); i++) {
                        out[start + i] = new float[classes];
                        System.arraycopy(flat, i * classes, out[start + i], 0, classes);
                    }
                }
            }
        }
        return out;
    }
}
