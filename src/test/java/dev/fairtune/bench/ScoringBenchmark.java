package dev.fairtune.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import dev.fairtune.data.ColumnMapping;
import dev.fairtune.data.LabelMapping;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.TextDatasetReader;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.train.Predictor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scoring throughput on real comments: FairTune's {@link Predictor} (MiniLM encoder, pooler and a
 * 2-class head, inference mode, length-sorted batches) against ONNX Runtime running the same
 * exported MiniLM file (the encoder's last hidden states: the same encoder work without the pooler
 * and head, which cost one 384 x 384 and one 384 x 2 product per text), on the same texts, in the
 * same length-sorted batches, tokenized by the same {@link TextEncoder} (tokenizing is counted in
 * both). Also FairTune as it scored before length sorting: batches in file order, each padded to its
 * longest text. Each way runs once to warm up, then {@code --rounds} times, the order reversing
 * each round; the median pass counts. Threads: both engines' defaults, one intra-op thread per
 * core. Prints one JSON line.
 *
 * <pre>
 * java -cp ... -Dai.djl.offline=true dev.fairtune.bench.ScoringBenchmark --texts 512 --batch 64 --rounds 3
 * </pre>
 *
 * The texts are the first {@code --texts} comments of {@code wiki_toxicity_identity}; the data
 * folder comes from {@code -Dfairtune.data} or FAIRTUNE_DATA (default ../shared/datasets).
 */
public final class ScoringBenchmark {

    private ScoringBenchmark() {}

    /** Entry point; options {@code --texts N --batch N --rounds N --max-length N}. */
    public static void main(String[] args) throws IOException, OrtException {
        int texts = 512;
        int batch = 64;
        int rounds = 3;
        int maxLength = 128;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--texts" -> texts = v;
                case "--batch" -> batch = v;
                case "--rounds" -> rounds = v;
                case "--max-length" -> maxLength = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String folder = System.getProperty("fairtune.data", System.getenv().getOrDefault("FAIRTUNE_DATA", "../shared/datasets"));
        TextDataset wiki = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("comment").setLabel("toxic").optGroup("identity_group", "none").build())
                .setLabels(LabelMapping.builder().setNames("non-toxic", "toxic").map("0", 0).map("1", 1).build())
                .build().read(Path.of(folder, "wiki_toxicity_identity", "derived_wiki_toxicity_identity.csv")).dataset();
        TextDataset data = wiki.subset("wiki-" + texts, IntStream.range(0, Math.min(texts, wiki.size())).toArray());
        int n = data.size();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] onnx;
        try (InputStream in = ScoringBenchmark.class.getResourceAsStream(ModelSource.MINILM_ONNX)) {
            onnx = in.readAllBytes();
        }
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm());
                TextEncoder text = TextEncoder.builder(model).optMaxLength(maxLength).build();
                OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            BertClassifier classifier = BertClassifier.builder(model).optLabels(wiki.labelNames()).optSeed(1).build();
            final int b = batch;
            List<String> sorted = new ArrayList<>(n);
            for (int row : longestFirst(data)) {
                sorted.add(data.get(row).text());
            }
            long tokens = 0;
            long paddedSorted = 0;
            long paddedFileOrder = 0;
            for (int s = 0; s < n; s += b) {
                EncodedBatch sortedBatch = text.encode(sorted.subList(s, Math.min(n, s + b)));
                paddedSorted += (long) sortedBatch.size() * sortedBatch.length();
                List<String> fileOrder = new ArrayList<>();
                for (int r = s; r < Math.min(n, s + b); r++) {
                    fileOrder.add(data.get(r).text());
                }
                EncodedBatch fileBatch = text.encode(fileOrder);
                paddedFileOrder += (long) fileBatch.size() * fileBatch.length();
                for (int r = 0; r < fileBatch.size(); r++) {
                    tokens += fileBatch.tokens(r);
                }
            }
            Runnable fairTune = () -> Predictor.logits(model, classifier, text, data, b);
            Runnable fileOrder = () -> {
                for (int s = 0; s < n; s += b) {
                    Predictor.logits(model, classifier, text,
                            data.subset("chunk", IntStream.range(s, Math.min(n, s + b)).toArray()), b);
                }
            };
            Runnable ort = () -> {
                for (int s = 0; s < n; s += b) {
                    runOrt(env, session, text.encode(sorted.subList(s, Math.min(n, s + b))));
                }
            };
            String[] names = {"fairtune_sorted", "onnxruntime_sorted", "fairtune_file_order"};
            Runnable[] ways = {fairTune, ort, fileOrder};
            List<List<Double>> seconds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int r = -1; r < rounds; r++) {
                for (int k = 0; k < ways.length; k++) {
                    int w = r % 2 == 0 ? k : ways.length - 1 - k;
                    long start = System.nanoTime();
                    ways[w].run();
                    if (r >= 0) {
                        seconds.get(w).add((System.nanoTime() - start) / 1e9);
                    }
                }
            }
            StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                    "{\"texts\": %d, \"batch\": %d, \"cores\": %d, \"real_tokens\": %d, \"padded_tokens_sorted\": %d,"
                            + " \"padded_tokens_file_order\": %d", n, b, Runtime.getRuntime().availableProcessors(), tokens,
                    paddedSorted, paddedFileOrder));
            for (int w = 0; w < ways.length; w++) {
                List<Double> t = new ArrayList<>(seconds.get(w));
                t.sort(null);
                double median = t.get(t.size() / 2);
                json.append(String.format(Locale.ROOT, ", \"%s_texts_per_s\": %.1f, \"%s_passes_s\": %s", names[w], n / median,
                        names[w], seconds.get(w).stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList()));
            }
            json.append(String.format(Locale.ROOT, ", \"peak_rss_mb\": %d}", TrainStepBenchmark.statusKb("VmHWM:") / 1024));
            System.out.println(json);
        }
    }

    /** Rows by character count, longest first: the order {@link Predictor} batches in. */
    private static int[] longestFirst(TextDataset data) {
        return IntStream.range(0, data.size()).boxed()
                .sorted((a, c) -> Integer.compare(data.get(c).text().length(), data.get(a).text().length()))
                .mapToInt(Integer::intValue).toArray();
    }

    private static void runOrt(OrtEnvironment env, OrtSession session, EncodedBatch batch) {
        long[] shape = {batch.size(), batch.length()};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), shape);
                OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.typeIds()), shape)) {
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put("input_ids", ids);
            in.put("attention_mask", mask);
            in.put("token_type_ids", types);
            try (OrtSession.Result r = session.run(in)) {
                ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed", e);
        }
    }
}
