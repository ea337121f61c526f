package dev.fairtune.penalty;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fairtune.fairness.FairnessMetric;
import java.util.Arrays;
import java.util.Random;

/**
 * Cost of the composite loss per batch (loss evaluation + backward to the logits, float32), with
 * CE alone and with every penalty at once. A main class, not a test; run with
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Dai.djl.offline=true -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.fairtune.penalty.PenaltyOverheadBenchmark
 * </pre>
 *
 * <p>Prints medians; timing is noisy on a shared machine, so compare the ratio within one run.
 */
public final class PenaltyOverheadBenchmark {

    private static final int BATCH = 32;
    private static final int PAIRS = 8;
    private static final int REPS = 60;

    private PenaltyOverheadBenchmark() {}

    /**
     * Runs the measurement.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Random random = new Random(1);
            float[] z = new float[2 * BATCH];
            int[] labels = new int[BATCH];
            int[] groups = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                z[2 * i] = (float) random.nextGaussian();
                z[2 * i + 1] = (float) random.nextGaussian();
                labels[i] = random.nextInt(2);
                groups[i] = random.nextInt(2);
            }
            float[] twins = new float[2 * PAIRS];
            long[] rows = new long[PAIRS];
            for (int p = 0; p < PAIRS; p++) {
                twins[2 * p] = (float) random.nextGaussian();
                twins[2 * p + 1] = (float) random.nextGaussian();
                rows[p] = p * 3L;
            }
            AdversarialPenalty adversarial = AdversarialPenalty.builder()
                    .setNumClasses(2).setNumGroups(2).optHiddenUnits(16).build();
            adversarial.initializeAdversary(manager, DataType.FLOAT32);
            FairnessAwareLoss.Builder all = FairnessAwareLoss.builder().setNumGroups(2);
            for (FairnessMetric metric : new FairnessMetric[] {
                FairnessMetric.DEMOGRAPHIC_PARITY_DIFFERENCE, FairnessMetric.TPR_GAP, FairnessMetric.FPR_GAP,
                FairnessMetric.AVERAGE_ODDS_DIFFERENCE, FairnessMetric.AVERAGE_ABS_ODDS_DIFFERENCE,
                FairnessMetric.EQUALIZED_ODDS_DIFFERENCE}) {
                all.addPenalty(RateGapPenalty.of(metric), 1);
            }
            all.addPenalty(MmdPenalty.builder().build(), 1)
                    .addPenalty(new CounterfactualLogitPairingPenalty(
                            CounterfactualLogitPairingPenalty.Distance.L1), 1)
                    .addPenalty(adversarial, 1);
            FairnessAwareLoss plain = FairnessAwareLoss.builder().setNumGroups(2).build();
            FairnessAwareLoss full = all.build();
            // Each configuration twice, in turn; the second round is reported (JIT and caches warm).
            median(manager, plain, z, twins, labels, groups, rows);
            median(manager, full, z, twins, labels, groups, rows);
            double plainMs = median(manager, plain, z, twins, labels, groups, rows);
            double fullMs = median(manager, full, z, twins, labels, groups, rows);
            System.out.printf("B=%d: CE only %.2f ms; CE + 9 penalties %.2f ms (%.1fx)%n",
                    BATCH, plainMs, fullMs, fullMs / plainMs);
        }
    }

    private static double median(NDManager manager, FairnessAwareLoss loss, float[] z, float[] twins,
            int[] labels, int[] groups, long[] rows) {
        double[] times = new double[REPS];
        for (int rep = -10; rep < REPS; rep++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = scope.create(z, new Shape(BATCH, 2));
                NDArray twinLogits = scope.create(twins, new Shape(PAIRS, 2));
                logits.setRequiresGradient(true);
                NDList labelList = BatchSlots.labels(
                        scope.create(labels), scope.create(groups), null, scope.create(rows));
                long start = System.nanoTime();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(loss.evaluate(labelList, BatchSlots.predictions(logits, twinLogits)));
                }
                loss.lastComponents();
                if (rep >= 0) {
                    times[rep] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        Arrays.sort(times);
        return times[REPS / 2];
    }
}
