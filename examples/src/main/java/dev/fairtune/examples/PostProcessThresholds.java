package dev.fairtune.examples;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Rate;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.postprocess.FairnessConstraint;
import dev.fairtune.postprocess.ThresholdPostProcessor;
import dev.fairtune.postprocess.ThresholdRule;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.TrainerConfig;
import java.io.IOException;

/**
 * Post-processes thresholds instead of retraining (Hardt, Price and Srebro 2016): after a plain
 * fine-tune, fit one decision rule per group on the validation scores so that both groups get the
 * same true and false positive rates (equalized odds; randomized where the scores need it), then
 * apply the rules to the test scores. The model and its scores do not change, only the decisions;
 * the group must be known when deciding.
 *
 * <p>Arguments (optional): training examples (default 1000) and epochs (default 2).
 */
public final class PostProcessThresholds {
    private PostProcessThresholds() {
    }

    public static void main(String[] args) throws IOException {
        int trainSize = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        DatasetSplits data = DemoDataset.generate(7, trainSize, Math.max(40, trainSize / 5), Math.max(100, trainSize / 2));
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm())) {
            BertClassifier classifier = BertClassifier.builder(model).optLabels(DemoDataset.LABELS).optNewHead(true).build();
            FairTrainer trainer = FairTrainer.builder()
                    .setModel(model)
                    .setClassifier(classifier)
                    .setConfig(TrainerConfig.builder().optEpochs(epochs).optBatchSize(32).optLearningRate(1e-4)
                            .optRestoreBest(false).build())
                    .optFreezing(Freezing.embeddings().or(Freezing.firstLayers(4)))
                    .optProgressBar(System.err)
                    .build();
            trainer.fit(data.train(), data.validation());   // plain cross-entropy

            Observations validation = trainer.predict(data.validation()).observations(data.validation(),
                    DemoDataset.ATTRIBUTE);
            Observations test = trainer.predict(data.test()).observations(data.test(), DemoDataset.ATTRIBUTE);
            ThresholdPostProcessor post = ThresholdPostProcessor.fit(validation, FairnessConstraint.EQUALIZED_ODDS);
            for (ThresholdRule rule : post.rules()) {
                System.out.println(rule.group() + ": thresholds " + rule.thresholds() + " with probabilities "
                        + rule.probabilities());
            }
            Observations adjusted = post.apply(test, 42);

            MetricFrame before = MetricFrame.of(test, "absent");
            MetricFrame after = MetricFrame.of(adjusted, "absent");
            System.out.println("test EQUALIZED_ODDS_DIFFERENCE before: " + before.metric(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE)
                    + ", after: " + after.metric(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE));
            System.out.println("test accuracy before: " + before.overall().get(Rate.ACCURACY) + ", after: "
                    + after.overall().get(Rate.ACCURACY));
        }
    }
}
