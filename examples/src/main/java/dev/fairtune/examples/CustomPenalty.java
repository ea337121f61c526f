package dev.fairtune.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.fairtune.fairness.Criterion;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.penalty.PenaltyInput;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.TrainerConfig;
import java.io.IOException;

/**
 * Writes a fairness penalty of your own and trains with it. {@link GroupLossGap} penalises the gap
 * between the two groups' mean cross-entropy: a model that is much surer of itself on one group
 * than on the other pays for it. A penalty is a differentiable function of the batch
 * ({@link PenaltyInput}: logits, labels, group mask, weights) returning a scalar; it must stay
 * finite and be 0 when a group is missing from the batch (docs/penalties.md).
 *
 * <p>Arguments (optional): training examples (default 1000) and epochs (default 2).
 */
public final class CustomPenalty {
    private CustomPenalty() {
    }

    /** |mean CE of group 1 - mean CE of group 0| over the batch; 0 unless both groups are present. */
    static final class GroupLossGap implements FairnessPenalty {
        @Override
        public String name() {
            return "group_loss_gap";
        }

        @Override
        public Criterion approximates() {
            return Criterion.Other.UNSPECIFIED;
        }

        @Override
        public NDArray compute(PenaltyInput in) {
            NDArray target = in.labels().oneHot(in.numClasses(), in.logits().getDataType());
            NDArray perRow = in.logits().logSoftmax(1).mul(target).sum(new int[] {1}).neg();    // (B) cross-entropy
            NDArray mask = in.groupMask().mul(in.weights().expandDims(1));                      // (B, G) weighted
            NDArray count = mask.sum(new int[] {0});                                             // (G)
            NDArray present = count.gt(0);
            NDArray mean = perRow.matMul(mask).div(NDArrays.where(present, count, count.onesLike()));
            NDArray both = present.toType(mean.getDataType(), false).prod();                   // 1 iff both present
            return mean.get(1).sub(mean.get(0)).abs().mul(both);
        }
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
                    .addPenalty(new GroupLossGap(), 1.0)
                    .optProgressBar(System.err)
                    .build();
            var result = trainer.fit(data.train(), data.validation());
            var last = result.history().batches().get(result.history().batches().size() - 1);
            System.out.println("last step: loss " + last.loss() + ", cross-entropy " + last.taskLoss() + ", penalties "
                    + last.penalties());
            Observations test = trainer.predict(data.test()).observations(data.test(), DemoDataset.ATTRIBUTE);
            System.out.println("test EQUALIZED_ODDS_DIFFERENCE: "
                    + MetricFrame.of(test, "absent").metric(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE));
        }
    }
}
