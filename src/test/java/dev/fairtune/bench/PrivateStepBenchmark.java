package dev.fairtune.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Freezing;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.penalty.BatchSlots;
import dev.fairtune.penalty.FairnessAwareLoss;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.train.AdamW;
import dev.fairtune.train.DpSgd;
import dev.fairtune.train.LearningRateSchedule;
import dev.fairtune.train.TrainingStep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The DP-SGD step against the non-private step on the same shape, back to back: MiniLM with the
 * embeddings and layers 0..k-1 frozen, random token ids, full mask; steps alternate (plain, DP,
 * plain, DP, ...) so both see the same machine load, and each has its own AdamW. The DP step clips
 * each example (ghost norms, book-keeping) and adds noise (sigma 1, C 1, q = 1 so the batch shape
 * is fixed). Also times the exact per-example reference's floor: B forward-backward passes of one
 * example each (without its clipping arithmetic). Prints one JSON line with the medians and ratios.
 *
 * <pre>
 * java -cp ... -Dai.djl.offline=true dev.fairtune.bench.PrivateStepBenchmark --batch 16 --seq 64 --steps 20 --frozen 4
 * </pre>
 */
public final class PrivateStepBenchmark {

    private PrivateStepBenchmark() {}

    /** Entry point; options {@code --batch --seq --steps --frozen}. */
    public static void main(String[] args) throws IOException {
        int batch = 16;
        int seq = 64;
        int steps = 20;
        int frozen = 4;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--batch" -> batch = v;
                case "--seq" -> seq = v;
                case "--steps" -> steps = v;
                case "--frozen" -> frozen = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Engine.getInstance().setRandomSeed(0);
        Random rng = new Random(0);
        long[] ids = new long[batch * seq];
        long[] mask = new long[batch * seq];
        long[] labels = new long[batch];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % seq == 0 ? 101 : 1000 + rng.nextInt(30522 - 1000);
            mask[i] = 1;
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(2);
        }
        EncodedBatch encoded = new EncodedBatch(batch, seq, ids, mask, new long[ids.length]);
        List<Double> plain = new ArrayList<>();
        List<Double> dp = new ArrayList<>();
        List<Double> loop = new ArrayList<>();
        FairnessAwareLoss ce = FairnessAwareLoss.builder().setNumGroups(1).build();
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm());
                AdamW a1 = AdamW.builder().build();
                AdamW a2 = AdamW.builder().build();
                DpSgd dpSgd = new DpSgd(1.0, 1.0, 1.0, batch, 1e-5, false)) {
            BertClassifier c = BertClassifier.builder(model).optLabels(List.of("0", "1")).build();
            Freezing.embeddings().or(Freezing.firstLayers(frozen)).applyTo(c);
            TrainingStep nonPrivate = TrainingStep.builder().setModel(c).setOptimizer(a1)
                    .setSchedule(LearningRateSchedule.constant(1e-5)).setLoss(ce).build();
            TrainingStep dpStep = TrainingStep.builder().setModel(c).setOptimizer(a2)
                    .setSchedule(LearningRateSchedule.constant(1e-5)).setLoss(ce).optPrivacy(dpSgd).build();
            for (int s = 0; s < steps + 2; s++) {
                double tp = time(model, encoded, labels, nonPrivate, batch, false);
                double td = time(model, encoded, labels, dpStep, batch, false);
                double tl = s % 4 == 0 ? time(model, encoded, labels, nonPrivate, batch, true) : Double.NaN;
                if (s >= 2) { // warm-up
                    plain.add(tp);
                    dp.add(td);
                    if (!Double.isNaN(tl)) {
                        loop.add(tl);
                    }
                }
            }
        }
        double mp = TrainStepBenchmark.median(plain);
        double md = TrainStepBenchmark.median(dp);
        double ml = TrainStepBenchmark.median(loop);
        System.out.println(String.format(Locale.ROOT, "{\"batch\": %d, \"seq\": %d, \"frozen_layers\": %d, \"steps\": %d,"
                + " \"plain_step_s_median\": %.4f, \"dp_step_s_median\": %.4f, \"dp_over_plain\": %.3f,"
                + " \"per_example_loop_floor_s_median\": %.4f, \"loop_over_plain\": %.3f}", batch, seq, frozen, steps, mp, md,
                md / mp, ml, ml / mp));
    }

    /** One step in seconds; {@code perExample}: B forward-backward passes of one row, then the update. */
    private static double time(PretrainedModel model, EncodedBatch all, long[] labels, TrainingStep step, int batch,
            boolean perExample) {
        long t0 = System.nanoTime();
        try (NDManager m = model.manager().newSubManager()) {
            if (perExample) {
                int seq = all.inputIds().length / batch;
                for (int i = 0; i < batch; i++) {
                    EncodedBatch one = new EncodedBatch(1, seq, java.util.Arrays.copyOfRange(all.inputIds(), i * seq, (i + 1) * seq),
                            java.util.Arrays.copyOfRange(all.attentionMask(), i * seq, (i + 1) * seq), new long[seq]);
                    step.forwardBackward(one.toNDList(m), BatchSlots.labels(m.create(new long[] {labels[i]}),
                            m.create(new long[1]), null, null), 1.0 / batch);
                }
                step.step();
            } else {
                NDList in = all.toNDList(m);
                step.run(in, BatchSlots.labels(m.create(labels), m.create(new long[batch]), null, null));
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
