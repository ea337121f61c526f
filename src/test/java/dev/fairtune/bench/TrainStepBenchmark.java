package dev.fairtune.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.Pooling;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.train.AdamW;
import dev.fairtune.train.LearningRateSchedule;
import dev.fairtune.train.StepReport;
import dev.fairtune.train.TrainingStep;

import dev.fairtune.penalty.FairnessAwareLoss;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Training-step benchmark: forward, backward, gradient clipping and AdamW for MiniLM-L6 (the
 * built-in weights, a fresh pooler and a 2-label head, dropout 0.1: the op structure of
 * HuggingFace's BertForSequenceClassification and of the PyTorch peer) on random token ids with a
 * full attention mask, one sub-manager per batch. Prints one JSON line: median step time, samples
 * per second (median over steps during which other processes used under 5% of the CPUs, when there
 * are at least 10 such steps, else over all), resident memory (VmRSS) after warm-up and every 10
 * steps with the Java heap's committed size, the JVM's direct buffers and the number of NDArrays
 * alive under the model's manager beside it (RSS minus heap is the native part), and the median share of CPU other
 * processes used.
 *
 * <pre>
 * java -cp ... -Dai.djl.offline=true dev.fairtune.bench.TrainStepBenchmark --batch 16 --seq 128 --steps 200
 * </pre>
 *
 * See bench/train-step.sh, which runs the PyTorch peer and this back to back.
 */
public final class TrainStepBenchmark {

    private TrainStepBenchmark() {}

    /** Entry point; options {@code --batch --seq --steps --warmup --threads}. */
    public static void main(String[] args) throws IOException {
        int batch = 16;
        int seq = 128;
        int steps = 200;
        int warmup = 3;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--batch" -> batch = v;
                case "--seq" -> seq = v;
                case "--steps" -> steps = v;
                case "--warmup" -> warmup = v;
                case "--threads" -> threads = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getInstance().setRandomSeed(0);

        Random rng = new Random(0);
        long[] ids = new long[batch * seq];
        long[] mask = new long[batch * seq];
        long[] types = new long[batch * seq];
        long[] labels = new long[batch];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % seq == 0 ? 101 : 1000 + rng.nextInt(30522 - 1000);
            mask[i] = 1;
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(2);
        }
        EncodedBatch encoded = new EncodedBatch(batch, seq, ids, mask, types);

        List<Double> times = new ArrayList<>();
        List<Double> foreign = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long rssAfterWarmup = 0;
        List<Long> rssTrace = new ArrayList<>();
        List<Long> heapTrace = new ArrayList<>();
        List<Integer> arraysTrace = new ArrayList<>();
        List<Long> directTrace = new ArrayList<>();
        double lastLoss = Double.NaN;
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm());
                AdamW adamW = AdamW.builder().build()) {
            BertClassifier classifier = BertClassifier.builder(model)
                    .optLabels(List.of("0", "1"))
                    .optPooling(Pooling.POOLER)
                    .build();
            TrainingStep step = TrainingStep.builder()
                    .setModel(classifier)
                    .setOptimizer(adamW)
                    .setSchedule(LearningRateSchedule.constant(2e-5))
                    .setLoss(FairnessAwareLoss.builder().setNumGroups(1).build()) // plain cross-entropy
                    .build();
            for (int s = 0; s < warmup + steps; s++) {
                long t0 = System.nanoTime();
                double busy0 = machineBusySeconds();
                long cpu0 = os.getProcessCpuTime();
                StepReport r;
                try (NDManager bm = model.manager().newSubManager()) {
                    NDList in = encoded.toNDList(bm);
                    r = step.run(in, new NDList(bm.create(labels), bm.create(new long[labels.length])));
                }
                double dt = (System.nanoTime() - t0) / 1e9;
                double others = Math.max(0, (machineBusySeconds() - busy0) - (os.getProcessCpuTime() - cpu0) / 1e9);
                lastLoss = r.loss();
                if (s == warmup - 1) {
                    rssAfterWarmup = rssKb();
                }
                if (s >= warmup) {
                    times.add(dt);
                    foreign.add(others / (dt * Runtime.getRuntime().availableProcessors()));
                    if ((s - warmup) % 10 == 9) {
                        rssTrace.add(rssKb() / 1024);
                        heapTrace.add(Runtime.getRuntime().totalMemory() >> 20);
                        arraysTrace.add(model.manager().getManagedArrays().size());
                        directTrace.add(directBufferKb() / 1024);
                    }
                }
            }
        }
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        List<Double> clean = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            if (foreign.get(i) < 0.05) {
                clean.add(times.get(i));
            }
        }
        double median = median(clean.size() >= Math.min(10, times.size()) ? clean : times);
        double foreignMedian = median(foreign);
        long rssEnd = rssTrace.isEmpty() ? rssKb() / 1024 : rssTrace.get(rssTrace.size() - 1);
        System.out.println(String.format(Locale.ROOT,
                "{\"impl\": \"fairtune\", \"model\": \"minilm\", \"mode\": \"train\", \"batch\": %d, \"seq\": %d,"
                        + " \"threads\": %d, \"steps\": %d, \"step_s_median\": %.4f, \"step_s_min\": %.4f,"
                        + " \"step_s_max\": %.4f, \"samples_per_s\": %.3f, \"rss_after_warmup_mb\": %d,"
                        + " \"rss_end_mb\": %d, \"rss_trace_mb\": %s, \"heap_committed_trace_mb\": %s,"
                        + " \"arrays_alive_trace\": %s,"
                        + " \"direct_buffers_trace_mb\": %s,"
                        + " \"last_loss\": %.4f,"
                        + " \"clean_steps\": %d, \"foreign_cpu_frac_median\": %.3f}",
                batch, seq, threads, steps, median, sorted[0], sorted[sorted.length - 1], batch / median,
                rssAfterWarmup / 1024, rssEnd, rssTrace, heapTrace, arraysTrace, directTrace, lastLoss, clean.size(), foreignMedian));
    }

    /** Memory held by the JVM's direct byte buffers (freed only when the garbage collector runs), in kB. */
    static long directBufferKb() {
        return java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
                .stream().filter(b -> b.getName().equals("direct")).mapToLong(b -> b.getMemoryUsed()).sum() / 1024;
    }

    /** VmRSS of this process in kB, from /proc/self/status. */
    static long rssKb() throws IOException {
        return statusKb("VmRSS:");
    }

    /** A memory figure of this process from /proc/self/status, in KB ("VmRSS:", or "VmHWM:" for the peak RSS). */
    static long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Busy CPU seconds of the whole machine (all processes), from /proc/stat. */
    static double machineBusySeconds() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i <= 8 && i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return (total - idle) / 100.0; // USER_HZ is 100 on Linux
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }
}
