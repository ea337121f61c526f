package dev.fairtune.train;

import dev.fairtune.data.ColumnMapping;
import dev.fairtune.data.Example;
import dev.fairtune.data.LabelMapping;
import dev.fairtune.data.Splits;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.TextDatasetReader;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The tokens a fine-tune computes with and without length buckets, counted from {@link BatchFeeder}'s
 * own epochs (so it lives in its package): the training split of {@code dev.fairtune.bench.LengthBucketBenchmark}
 * (wiki_toxicity_identity, 80/20 stratified, seed 1), batch 32, max length 128, shuffled order, seed
 * 0, two epochs. Per batch, size x its longest text is what the encoder computes (padding
 * included), and size x longest squared what attention's score matrix holds. No model weights are
 * run; only the tokenizer. Prints one JSON line.
 *
 * <pre>
 * java -cp ... -Dai.djl.offline=true dev.fairtune.train.PaddedTokensBenchmark
 * </pre>
 */
public final class PaddedTokensBenchmark {

    private PaddedTokensBenchmark() {}

    /** Entry point; no options. */
    public static void main(String[] args) throws IOException {
        String folder = System.getProperty("fairtune.data", System.getenv().getOrDefault("FAIRTUNE_DATA", "../shared/datasets"));
        TextDataset wiki = TextDatasetReader.builder()
                .setColumns(ColumnMapping.builder().setText("comment").setLabel("toxic").optGroup("identity_group", "none").build())
                .setLabels(LabelMapping.builder().setNames("non-toxic", "toxic").map("0", 0).map("1", 1).build())
                .build().read(Path.of(folder, "wiki_toxicity_identity", "derived_wiki_toxicity_identity.csv")).dataset();
        TextDataset train = Splits.stratified(wiki, new double[] {0.8, 0.2}, 1).get(0);
        StringBuilder json = new StringBuilder("{\"train_rows\": " + train.size());
        try (PretrainedModel model = PretrainedModel.load(ModelSource.miniLm());
                TextEncoder text = TextEncoder.builder(model).optMaxLength(128).build()) {
            int[] length = new int[train.size()];
            long real = 0;
            for (int s = 0; s < train.size(); s += 256) {
                List<Example> rows = train.examples().subList(s, Math.min(train.size(), s + 256));
                EncodedBatch e = Predictor.encode(text, rows, false);
                for (int r = 0; r < rows.size(); r++) {
                    length[s + r] = e.tokens(r);
                    real += e.tokens(r);
                }
            }
            json.append(", \"real_tokens_2_epochs\": ").append(2 * real);
            int[] groups = train.groups(train.attributes().get(0).name());
            for (boolean buckets : new boolean[] {false, true}) {
                TrainerConfig.Batching batching = new TrainerConfig.Batching(32, 1, 64, 128,
                        TrainerConfig.BatchOrder.SHUFFLED, false, buckets);
                BatchFeeder feeder = new BatchFeeder(train, groups, train.attributes().get(0).groups().size(), 1,
                        batching, 0, null, text, 0);
                long padded = 0;
                long squares = 0;
                for (int epoch = 0; epoch < 2; epoch++) {
                    for (int[] batch : feeder.epoch(epoch)) {
                        long longest = 0;
                        for (int r : batch) {
                            longest = Math.max(longest, length[r]);
                        }
                        padded += batch.length * longest;
                        squares += batch.length * longest * longest;
                    }
                }
                String name = buckets ? "length_buckets" : "random";
                json.append(String.format(Locale.ROOT, ", \"%s_padded_tokens\": %d, \"%s_attention_cells\": %d", name, padded,
                        name, squares));
            }
        }
        System.out.println(json.append('}'));
    }
}
