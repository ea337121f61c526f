package dev.fairtune.usercode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;

import dev.fairtune.fairness.Criterion;
import dev.fairtune.fairness.CounterfactualFairness;
import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.BertEncoder;
import dev.fairtune.model.Checkpoint;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.model.Pooling;
import dev.fairtune.model.TestModels;
import dev.fairtune.penalty.FairnessPenalty;
import dev.fairtune.penalty.PenaltyInput;
import dev.fairtune.train.BatchRecord;
import dev.fairtune.train.FairTrainer;
import dev.fairtune.train.TrainerConfig;
import dev.fairtune.train.TrainingResult;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * A user's own penalty, outside the library's packages, that needs counterfactual twins: it says
 * so through {@link FairnessPenalty#needsCounterfactualTwins()}, and the trainer serves it twins
 * from the built-in identity lexicon without being told anything else.
 */
class UserTwinPenaltyTest {

    /** Mean squared gap between a row's positive logit and its twin's, over the rows that have a twin. */
    static final class TwinLogitGap implements FairnessPenalty {
        int batchesWithTwins;

        @Override
        public String name() {
            return "twin_logit_gap";
        }

        @Override
        public Criterion approximates() {
            return CounterfactualFairness.Statistic.MEAN_ABSOLUTE_DIFFERENCE;
        }

        @Override
        public boolean needsCounterfactualTwins() {
            return true;
        }

        @Override
        public NDArray compute(PenaltyInput in) {
            NDArray index = in.counterfactualIndex().orElseThrow();
            NDArray twins = in.counterfactualLogits().orElseThrow();
            if (index.size() == 0) {
                return in.logits().sum().mul(0);
            }
            batchesWithTwins++;
            NDArray rows = in.logits().get(index).get(":, 1");
            return rows.sub(twins.get(":, 1")).square().mean();
        }
    }

    @Test
    void aUsersPenaltyThatNeedsTwinsTrains() throws Exception {
        DatasetSplits data = DemoDataset.generate(3, 64, 32, 32);
        try (PretrainedModel model = PretrainedModel.load(new Checkpoint(TestModels.SMALL,
                BertEncoder.initialWeights(TestModels.SMALL, 4), TestModels.tokenizerJson(), List.of(), Pooling.CLS,
                "tiny"))) {
            BertClassifier c = BertClassifier.builder(model).optLabels(DemoDataset.LABELS).optSeed(4).build();
            TwinLogitGap gap = new TwinLogitGap();
            TrainingResult r = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(TrainerConfig.builder().optEpochs(1).optBatchSize(16).optMaxLength(32)
                            .optLearningRate(1e-3).build())
                    .addPenalty(gap, 1.0)
                    .build()
                    .fit(data.train(), data.validation());
            List<BatchRecord> steps = r.history().batches();
            assertEquals(4, steps.size(), "64 rows in batches of 16");
            assertTrue(gap.batchesWithTwins > 0, "the trainer sent twins");
            assertTrue(steps.stream().allMatch(b -> Double.isFinite(b.penalties().get(0).value())));
            assertTrue(steps.stream().anyMatch(b -> b.penalties().get(0).value() > 0), "twins differ from their rows");
            assertEquals("twin_logit_gap", steps.get(0).penalties().get(0).name());
        }
    }
}
