package dev.fairtune.train;

import dev.fairtune.fairness.MetricSpec;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fairtune.data.DatasetSplits;
import dev.fairtune.data.demo.DemoDataset;
import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.MetricFrame;
import dev.fairtune.fairness.Rate;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.RateGapPenalty;

import org.junit.jupiter.api.Test;

import java.io.IOException;

/**
 * The planted shortcut: in the demo's training split an identity word goes with the abusive label
 * (P(abusive | word) = 0.85 against 0.5 overall, and 40% of texts carry no other cue), in its test
 * split it does not. A tiny random BERT (2 layers, hidden 32) trained plainly learns the word, so
 * on the test split texts naming the identity are flagged more often whatever their label: a large
 * positive average odds difference (present minus absent). The same run with the soft
 * equalized-odds penalty (lambda 1) must cut its absolute value at least in half, without giving
 * up accuracy.
 *
 * <p>Checked before committing with seeds 1 to 5 (one intra-op thread): plain |AOD| 0.30 to 0.37,
 * with the penalty 0.006 to 0.03 (see docs/training.md); accuracy 0.78-0.79 plain, 0.79-0.80 with
 * the penalty.
 */
class ShortcutMitigationTest {

    private static final long SEED = 1;

    private record Outcome(double aod, double accuracy) {}

    private static Outcome run(DatasetSplits d, double lambda) throws IOException {
        try (PretrainedModel model = TinyModels.model(TinyModels.CONFIG, SEED)) {
            BertClassifier c = TinyModels.classifier(model, DemoDataset.LABELS, SEED);
            FairTrainer.Builder b = FairTrainer.builder().setModel(model).setClassifier(c)
                    .setConfig(TrainerConfig.builder().optEpochs(2).optBatchSize(32).optLearningRate(1e-3)
                            .optMaxLength(40).optSeed(SEED).optRestoreBest(false).build())
                    .optMonitoredMetric(MetricSpec.of(FairnessMetric.AVERAGE_ODDS_DIFFERENCE));
            if (lambda > 0) {
                b.addPenalty(RateGapPenalty.of(FairnessMetric.EQUALIZED_ODDS_DIFFERENCE), lambda);
            }
            FairTrainer trainer = b.build();
            trainer.fit(d.train(), d.validation());
            MetricFrame f = MetricFrame.of(trainer.predict(d.test()).observations(d.test(), DemoDataset.ATTRIBUTE), "absent");
            return new Outcome(f.metric(FairnessMetric.AVERAGE_ODDS_DIFFERENCE, "present").value(),
                    f.overall().get(Rate.ACCURACY).value());
        }
    }

    @Test
    void theFairnessPenaltyAtLeastHalvesTheShortcutsAverageOddsDifference() throws IOException {
        DatasetSplits d = DemoDataset.generate(SEED, 1500, 375, 750);
        Outcome plain = run(d, 0);
        Outcome fair = run(d, 1.0);
        assertTrue(Math.abs(plain.aod()) >= 0.2, "the plain run learns the shortcut: AOD " + plain);
        assertTrue(Math.abs(fair.aod()) <= 0.5 * Math.abs(plain.aod()),
                "the penalty halves |AOD|: plain " + plain + ", with the penalty " + fair);
        assertTrue(fair.accuracy() >= plain.accuracy() - 0.05,
                "without a collapse to one class: plain " + plain + ", with the penalty " + fair);
    }
}
