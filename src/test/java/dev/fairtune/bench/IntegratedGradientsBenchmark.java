package dev.fairtune.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import dev.fairtune.explain.AttributionMethod;
import dev.fairtune.explain.Explainer;
import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Cost of explanations on the built-in MiniLM (fresh 2-label head) for one text of exactly 64
 * tokens ([CLS], 62 words, [SEP]): Integrated Gradients with 64 Gauss-Legendre steps in one batch
 * of 64 (one forward and one backward pass of 64 x 64 tokens, plus two single-row forwards), and
 * gradient x input. Baseline in the same run: a no-grad forward pass of the same 64 x 64 tokens
 * (scoring 64 texts), so that the ratio says what an explanation costs in units of inference.
 * Prints one JSON line with medians over the repetitions.
 *
 * <pre>
 * java -cp ... -Dai.djl.offline=true dev.fairtune.bench.IntegratedGradientsBenchmark [repetitions]
 * </pre>
 */
public final class IntegratedGradientsBenchmark {

    private IntegratedGradientsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String[] vocab = {"the", "edit", "looks", "fine", "to", "me", "but", "my", "muslim", "neighbour", "says", "you",
            "are", "a", "clown"};
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 62; i++) {
            s.append(i == 0 ? "" : " ").append(vocab[i % vocab.length]);
        }
        String text = s.toString();
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm());
                TextEncoder enc = TextEncoder.builder(model).build()) {
            BertClassifier c = BertClassifier.builder(model).optLabels(List.of("benign", "abusive")).optNewHead(true)
                    .build();
            if (enc.tokenize(text).size() != 64) {
                throw new IllegalStateException("the text has " + enc.tokenize(text).size() + " tokens, not 64");
            }
            EncodedBatch batch = enc.encode(Collections.nCopies(64, text));
            try (Explainer ig = Explainer.builder(model, c).optSteps(64).optBatchSize(64).build();
                    Explainer gxi = Explainer.builder(model, c).optMethod(AttributionMethod.GRADIENT_X_INPUT).build()) {
                double[] igSeconds = new double[reps];
                double[] gxiSeconds = new double[reps];
                double[] forwardSeconds = new double[reps];
                double delta = 0;
                for (int r = -1; r < reps; r++) { // r = -1 warms up
                    long t0 = System.nanoTime();
                    delta = ig.explain(text, 1).delta().value();
                    long t1 = System.nanoTime();
                    gxi.explain(text, 1);
                    long t2 = System.nanoTime();
                    try (NDManager m = model.manager().newSubManager(); Autograd.Mode g = Autograd.noGrad()) {
                        c.forward(new ParameterStore(m, false), batch.toNDList(m), false).head().toFloatArray();
                    }
                    long t3 = System.nanoTime();
                    if (r >= 0) {
                        igSeconds[r] = (t1 - t0) / 1e9;
                        gxiSeconds[r] = (t2 - t1) / 1e9;
                        forwardSeconds[r] = (t3 - t2) / 1e9;
                    }
                }
                double igMedian = median(igSeconds);
                double forwardMedian = median(forwardSeconds);
                System.out.printf(Locale.ROOT, "{\"tokens\":64,\"steps\":64,\"repetitions\":%d,\"ig_s\":%.3f,"
                                + "\"ig_texts_per_s\":%.3f,\"ig_token_attributions_per_s\":%.1f,\"gxi_s\":%.3f,"
                                + "\"forward_64x64_s\":%.3f,\"ig_over_forward\":%.2f,\"last_delta\":%.2e,"
                                + "\"load_average\":\"%s\"}%n", reps, igMedian, 1 / igMedian, 64 / igMedian,
                        median(gxiSeconds), forwardMedian, igMedian / forwardMedian, delta, loadAverage());
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
