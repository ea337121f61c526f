package dev.fairtune.examples;

import dev.fairtune.fairness.MetricSpec;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Observations;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.train.EvaluationRecord;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.LagrangianTarget;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingResult;
import java.io.IOException;

/**
 * Targets a gap instead of choosing a penalty weight: "the false positive rate gap on validation
 * data must be at most 0.05". The Lagrangian trainer starts the penalty's weight at 0 and, after
 * every validation pass, raises it while the gap is above the bound and lowers it once the bound
 * is met with room to spare (dual ascent). At the end it keeps the best evaluation that met the
 * target, and says whether one did.
 *
 * <p>Arguments (optional): training examples (default 1000) and epochs (default 2).
 */
public final class TargetAGap {
    private TargetAGap() {
    }

    public static void main(String[] args) throws IOException {
        int trainSize = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        DatasetSplits data = DemoDataset.generate(7, trainSize, Math.max(40, trainSize / 5), Math.max(100, trainSize / 2));
        int batch = 32;
        long stepsPerEpoch = (trainSize + batch - 1) / batch;

        LagrangianTarget target = LagrangianTarget.builder()
                .setMetric(MetricSpec.of(FairnessMetric.FPR_GAP))   // measured with hard decisions on validation
                .setBound(0.05)                                         // |FPR gap - 0| <= 0.05
                .build();                                               // surrogate: the FPR_GAP rate-gap penalty
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm())) {
            BertClassifier classifier = BertClassifier.builder(model).optLabels(DemoDataset.LABELS).optNewHead(true).build();
            FairTrainer trainer = FairTrainer.builder()
                    .setModel(model)
                    .setClassifier(classifier)
                    .setConfig(TrainerConfig.builder().optEpochs(epochs).optBatchSize(batch).optLearningRate(1e-4)
                            // Evaluate four times an epoch so that the weight can move during training.
                            .optEvaluateEverySteps(Math.max(1, stepsPerEpoch / 4)).build())
                    .optFreezing(Freezing.embeddings().or(Freezing.firstLayers(4)))
                    .optTarget(target)
                    .optProgressBar(System.err)
                    .build();
            TrainingResult result = trainer.fit(data.train(), data.validation());

            for (EvaluationRecord e : result.history().evaluations()) {
                System.out.println("step " + e.step() + ": validation FPR gap " + e.target() + ", lambda " + e.lambdas());
            }
            System.out.println("target met: " + result.targetMet().orElse(false) + " (" + result.selection() + ")");
            Observations test = trainer.predict(data.test()).observations(data.test(), DemoDataset.ATTRIBUTE);
            System.out.println("test FPR_GAP: " + MetricFrame.of(test, "absent").metric(FairnessMetric.FPR_GAP));
        }
    }
}
