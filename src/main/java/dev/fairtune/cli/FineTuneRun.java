package dev.fairtune.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.fairtune.data.TextDataset;
import dev.fairtune.fairness.CountMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Rate;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.BatchSlots;
import dev.fairtune.penalty.FairnessAwareLoss;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.report.EpochRecord;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.train.AdamW;
import dev.fairtune.train.CrossEntropyLoss;
import dev.fairtune.train.GradientClipping;
import dev.fairtune.train.LearningRateSchedule;
import dev.fairtune.train.StepListener;
import dev.fairtune.train.TrainingStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One fine-tune on the library's training step: cross-entropy plus an optional fairness penalty
 * ({@link FairnessAwareLoss}), AdamW with linear decay, global-norm clipping 1.0, examples shuffled
 * each epoch with the seed, and a validation pass (accuracy and the headline metric) after every
 * epoch. Group ids ride in the labels list so the penalty sees them.
 */
final class FineTuneRun {
    /**
     * Training settings.
     *
     * @param epochs passes over the training data
     * @param batchSize examples per step
     * @param learningRate peak learning rate
     * @param maxLength longest input in tokens
     * @param seed seed of shuffling and dropout
     */
    record Settings(int epochs, int batchSize, double learningRate, int maxLength, long seed) {
    }

    /**
     * What a run produced.
     *
     * @param epochs one record per epoch (validation data)
     * @param stepLosses the loss of every step
     */
    record Outcome(List<EpochRecord> epochs, List<Double> stepLosses) {
    }

    private FineTuneRun() {
    }

    /**
     * Fine-tunes {@code classifier} (built on {@code model}) on the first group attribute of the data.
     *
     * @param penalty the penalty, or null for cross-entropy only
     * @param headline the metric recorded per epoch, over the validation data's groups
     * @param listener told after every step (a progress bar)
     * @throws CommandFailure with {@link FairTuneCli#MODEL_FAILURE} when the loss stops being finite
     */
    static Outcome fit(PretrainedModel model, BertClassifier classifier, TextDataset train, TextDataset validation,
            Settings s, FairnessPenalty penalty, double lambda, CountMetric headline, StepListener listener) {
        int n = train.size();
        int groups = train.attributes().get(0).size();
        String[] texts = train.texts();
        int[] labels = train.labels();
        int[] groupIds = train.groups(0);
        int perEpoch = (n + s.batchSize() - 1) / s.batchSize();
        long total = (long) perEpoch * s.epochs();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) s.seed());
        Random shuffle = new Random(s.seed());
        List<Double> losses = new ArrayList<>();
        List<EpochRecord> epochs = new ArrayList<>();
        ai.djl.training.loss.Loss loss = penalty == null ? new CrossEntropyLoss()
                : FairnessAwareLoss.builder().setNumGroups(groups).addPenalty(penalty, lambda).build();
        try (AdamW adamW = AdamW.builder().build();
                TextEncoder text = TextEncoder.builder(model).optMaxLength(s.maxLength()).build();
                Scorer scorer = Scorer.of(model, classifier, s.maxLength())) {
            TrainingStep step = TrainingStep.builder().setModel(classifier).setOptimizer(adamW)
                    .setSchedule(LearningRateSchedule.linearWarmupDecay(s.learningRate(), 0, total))
                    .optClipping(new GradientClipping(1.0)).optLoss(loss)
                    .addListener(r -> losses.add(r.loss())).addListener(listener).build();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            for (int epoch = 1; epoch <= s.epochs(); epoch++) {
                Collections.shuffle(order, shuffle);
                double lossSum = 0;
                int stepsBefore = losses.size();
                for (int start = 0; start < n; start += s.batchSize()) {
                    List<Integer> idx = order.subList(start, Math.min(n, start + s.batchSize()));
                    List<String> batchTexts = new ArrayList<>(idx.size());
                    long[] y = new long[idx.size()];
                    long[] g = new long[idx.size()];
                    for (int j = 0; j < idx.size(); j++) {
                        batchTexts.add(texts[idx.get(j)]);
                        y[j] = labels[idx.get(j)];
                        g[j] = groupIds[idx.get(j)];
                    }
                    try (NDManager batch = model.manager().newSubManager()) {
                        NDList inputs = text.encode(batchTexts).toNDList(batch);
                        step.run(inputs, BatchSlots.labels(batch.create(y), batch.create(g), null, null));
                    } catch (IllegalStateException e) {
                        throw new CommandFailure(FairTuneCli.MODEL_FAILURE, "training stopped: " + e.getMessage(), e);
                    }
                }
                for (int k = stepsBefore; k < losses.size(); k++) {
                    lossSum += losses.get(k);
                }
                epochs.add(validate(scorer, validation, epoch, step.steps(), lossSum / (losses.size() - stepsBefore),
                        headline));
            }
        }
        return new Outcome(epochs, losses);
    }

    private static EpochRecord validate(Scorer scorer, TextDataset validation, int epoch, long steps, double meanLoss,
            CountMetric headline) {
        double[] scores = scorer.scores(Arrays.asList(validation.texts()));
        GroupConfusion c = new GroupConfusion(Groups.of(validation.attributes().get(0).groups()));
        c.updateScores(validation.groups(0), validation.labels(), scores, 0.5, null, 0, scores.length);
        return new EpochRecord(epoch, steps, meanLoss, Rate.ACCURACY.of(c.overall()), headline.compute(c));
    }
}
