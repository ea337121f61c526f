package dev.fairtune.report;

import dev.fairtune.fairness.FairnessMetric;
import dev.fairtune.fairness.GroupConfusion;
import dev.fairtune.fairness.Groups;
import dev.fairtune.fairness.Observations;
import dev.fairtune.fairness.Rate;
import dev.fairtune.fairness.Value;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Synthetic runs for report tests: two or three groups, scores with a chosen group bias. */
final class ReportFixtures {
    static final Groups GROUPS = Groups.of("absent", "present");

    private ReportFixtures() {
    }

    /**
     * Scored test rows: labels at rate 0.5; a positive's score centres on 0.7, a negative's on 0.3,
     * and group 1's negatives get {@code bias} added (a false-positive shortcut).
     */
    static Observations scored(Groups groups, int n, double bias, long seed) {
        Random r = new Random(seed);
        int[] g = new int[n];
        int[] y = new int[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = i % 10 < 3 ? 1 + (groups.size() > 2 ? i % 2 : 0) : 0;
            y[i] = r.nextInt(2);
            double centre = y[i] == 1 ? 0.7 : 0.3 + (g[i] >= 1 ? bias : 0);
            s[i] = Math.min(1, Math.max(0, centre + 0.15 * r.nextGaussian()));
        }
        return Observations.builder().setGroups(groups, g).setLabels(y).optScores(s).optThreshold(0.5).build();
    }

    /** A run whose validation curve moves from the first bias to the last over its epochs. */
    static RunInput run(String name, double bias, double lambda, long seed) {
        RunInput.Builder b = RunInput.builder().setName(name)
                .optDescription(lambda == 0 ? "cross-entropy only" : "cross-entropy + lambda x EOD penalty")
                .setEvaluation(scored(GROUPS, 600, bias, seed));
        if (lambda > 0) {
            b.addPenalty(PenaltySetting.fixed("rate_gap(EQUALIZED_ODDS_DIFFERENCE)", "EQUALIZED_ODDS_DIFFERENCE", lambda));
        }
        int epochs = 3;
        int stepsPerEpoch = 20;
        Random r = new Random(seed);
        for (int e = 1; e <= epochs; e++) {
            double lossSum = 0;
            for (int k = 0; k < stepsPerEpoch; k++) {
                double loss = 0.7 * Math.exp(-((e - 1) * stepsPerEpoch + k) / 30.0) + 0.2 + 0.05 * r.nextDouble();
                b.addStepLoss(loss);
                lossSum += loss;
            }
            Observations val = scored(GROUPS, 300, bias * e / epochs, seed + e);
            GroupConfusion c = val.counts();
            Value acc = Rate.ACCURACY.of(c.overall());
            Value eod = FairnessMetric.EQUALIZED_ODDS_DIFFERENCE.compute(c);
            b.addEpoch(new EpochMetrics(e, (long) e * stepsPerEpoch, lossSum / stepsPerEpoch, acc, eod));
        }
        return b.build();
    }

    static Provenance provenance() {
        return Provenance.builder().setModel("all-MiniLM-L6-v2", "classpath:/all-minilm-l6-v2.onnx")
                .optTrainingSetup("3 epochs, batch 16, learning rate 1e-4").optSeed(7)
                .optCreated(Instant.parse("2025-01-02T03:04:05Z")).optCommand("test").build();
    }

    /** Two runs (plain, with a false-positive bias; fair, with less), reference "absent". */
    static ReportInput input(int replicates) {
        RunInput plain = run("plain", 0.25, 0, 11);
        RunInput fair = run("fair", 0.05, 2.0, 12);
        return ReportInput.builder().setTitle("Synthetic <report> & test").setProvenance(provenance())
                .setEvaluationData(DataSummary.of("synthetic test", "abc123", List.of("benign", "abusive"),
                        "target_identity", plain.evaluation()))
                .optTrainingData(DataSummary.of("synthetic train", "def456", List.of("benign", "abusive"),
                        "target_identity", fair.evaluation()))
                .addRun(plain).addRun(fair).optReference("absent").optBootstrap(replicates, 0.95).build();
    }
}
