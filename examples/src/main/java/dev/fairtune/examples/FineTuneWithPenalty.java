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
import dev.fairtune.penalty.RateGapPenalty;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.TrainerConfig;
import java.io.IOException;

/**
 * Fine-tunes the built-in MiniLM on the demo data with a fairness penalty: the loss is
 * {@code cross-entropy + 1.0 x equalized-odds penalty}, where the penalty is the larger of the
 * groups' gaps in soft (probability-weighted) true and false positive rates of each batch. Then it
 * measures the fine-tuned model on the test split.
 *
 * <p>Arguments (optional): training examples (default 1000) and epochs (default 2). The defaults
 * take a few minutes on two cores; the embeddings and the first four layers stay frozen.
 */
public final class FineTuneWithPenalty {
    private FineTuneWithPenalty() {
    }

    public static void main(String[] args) throws IOException {
        int trainSize = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        // Demo data: in training, texts naming a religious identity are mostly abusive; in test, not.
        DatasetSplits data = DemoDataset.generate(7, trainSize, Math.max(40, trainSize / 5), Math.max(100, trainSize / 2));

        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm())) {
            BertClassifier classifier = BertClassifier.builder(model).optLabels(DemoDataset.LABELS).optNewHead(true).build();
            FairTrainer trainer = FairTrainer.builder()
                    .setModel(model)
                    .setClassifier(classifier)
                    .setConfig(TrainerConfig.builder().optEpochs(epochs).optBatchSize(32).optLearningRate(1e-4)
                            .optRestoreBest(false).build())
                    .optFreezing(Freezing.embeddings().or(Freezing.firstLayers(4)))
                    .addPenalty(RateGapPenalty.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE), 1.0)
                    .optProgressBar(System.err)
                    .build();
            trainer.fit(data.train(), data.validation());

            Observations test = trainer.predict(data.test()).observations(data.test(), DemoDataset.ATTRIBUTE);
            MetricFrame frame = MetricFrame.of(test, "absent");
            System.out.println("test accuracy: " + frame.overall().get(Rate.ACCURACY));
            System.out.println("FPR absent: " + frame.group("absent").get(Rate.FPR) + ", present: "
                    + frame.group("present").get(Rate.FPR));
            System.out.println("EQUALIZED_ODDS_DIFFERENCE: " + frame.metric(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE));
        }
    }
}
