package dev.fairtune.spark;

import dev.fairtune.data.Example;
import dev.fairtune.data.TextDataset;
import dev.fairtune.data.identity.Counterfactual;
import dev.fairtune.data.identity.CounterfactualRewriter;
import dev.fairtune.data.identity.IdentityLexicon;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.train.Predictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a text column of a Spark {@code Dataset<Row>} with a fine-tuned FairTune classifier (the
 * HuggingFace-layout folder {@code fairtune train} writes), in {@code mapPartitions}: each executor
 * JVM loads the model once, on first use (a lazy singleton per folder and maximum length), and every
 * task on it scores its partition in batches with {@link Predictor}, so the scores are the library's
 * own. Batches of one executor run one at a time (the model is shared; PyTorch uses the cores inside
 * each batch).
 *
 * <p>The output is the input's columns plus {@code score} (the probability of class 1), and with
 * counterfactual twins {@code twin_score}: the score of the text with its identity terms swapped by
 * the built-in lexicon ({@link CounterfactualRewriter}, variant 0, as {@code fairtune evaluate}
 * does), null where the text names no identity term. A null text is an error naming the column.
 *
 * <p>The folder must be readable at the same path on every executor: a shared file system, or
 * {@code spark-submit --archives model.zip#model} with the path {@code model}.
 */
public final class SparkScoring {
    /** The score column's name. */
    public static final String SCORE = "score";
    /** The twin score column's name. */
    public static final String TWIN_SCORE = "twin_score";

    private static final Map<String, Loaded> MODELS = new ConcurrentHashMap<>();

    private final String model;
    private final String textColumn;
    private final int maxLength;
    private final int batchSize;
    private final boolean twins;

    private SparkScoring(String model, String textColumn, int maxLength, int batchSize, boolean twins) {
        this.model = model;
        this.textColumn = textColumn;
        this.maxLength = maxLength;
        this.batchSize = batchSize;
        this.twins = twins;
    }

    /**
     * A scorer.
     *
     * @param modelFolder the fine-tuned classifier's folder (config.json, model.safetensors, tokenizer.json)
     * @param textColumn the column of texts
     * @param maxLength the longest token sequence (longer texts are truncated), as {@code --max-length}
     * @param batchSize texts per forward pass
     * @param counterfactualTwins whether to score the twins too
     */
    public static SparkScoring of(String modelFolder, String textColumn, int maxLength, int batchSize,
            boolean counterfactualTwins) {
        if (maxLength < 2 || batchSize < 1) {
            throw new IllegalArgumentException("max length must be at least 2 and batch size at least 1, got "
                    + maxLength + " and " + batchSize);
        }
        return new SparkScoring(modelFolder, textColumn, maxLength, batchSize, counterfactualTwins);
    }

    /** The rows with their scores (and twin scores), in the same partitions and order. */
    public Dataset<Row> score(Dataset<Row> data) {
        StructType in = data.schema();
        int at = in.fieldIndex(textColumn);
        StructType out = in.add(SCORE, DataTypes.DoubleType, false);
        if (twins) {
            out = out.add(TWIN_SCORE, DataTypes.DoubleType, true);
        }
        String dir = model;
        String column = textColumn;
        int length = maxLength;
        int batch = batchSize;
        boolean cf = twins;
        FlatMapFunction<Iterator<Row>, Row> partition = rows -> new Batches(rows, Loaded.get(dir, length), at, column,
                batch, cf);
        JavaRDD<Row> scored = data.javaRDD().mapPartitions(partition);
        return data.sparkSession().createDataFrame(scored, out);
    }

    /** A partition's rows with their scores, read and scored a batch at a time. */
    private static final class Batches implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final Loaded loaded;
        private final int at;
        private final String column;
        private final int batch;
        private final boolean twins;
        private final List<Row> ready = new ArrayList<>();
        private int next;

        Batches(Iterator<Row> rows, Loaded loaded, int at, String column, int batch, boolean twins) {
            this.rows = rows;
            this.loaded = loaded;
            this.at = at;
            this.column = column;
            this.batch = batch;
            this.twins = twins;
        }

        @Override
        public boolean hasNext() {
            if (next == ready.size() && rows.hasNext()) {
                fill();
            }
            return next < ready.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.get(next++);
        }

        private void fill() {
            ready.clear();
            next = 0;
            List<Row> chunk = new ArrayList<>(batch);
            List<String> texts = new ArrayList<>(batch);
            while (rows.hasNext() && chunk.size() < batch) {
                Row r = rows.next();
                if (r.isNullAt(at)) {
                    throw new IllegalArgumentException("a text in column '" + column + "' is null; "
                            + "fill it in or filter such rows out");
                }
                chunk.add(r);
                texts.add(r.getString(at));
            }
            double[] scores = loaded.score(texts, batch);
            Double[] twinScores = twins ? loaded.twinScores(texts, batch) : null;
            for (int i = 0; i < chunk.size(); i++) {
                Row r = chunk.get(i);
                Object[] v = new Object[r.length() + (twins ? 2 : 1)];
                for (int c = 0; c < r.length(); c++) {
                    v[c] = r.get(c);
                }
                v[r.length()] = scores[i];
                if (twins) {
                    v[r.length() + 1] = twinScores[i];
                }
                ready.add(RowFactory.create(v));
            }
        }
    }

    /** One executor's model: loaded on first use, kept for the JVM's life. */
    private static final class Loaded {
        private final PretrainedModel model;
        private final BertClassifier classifier;
        private final TextEncoder text;
        private final CounterfactualRewriter rewriter = CounterfactualRewriter.of(IdentityLexicon.builtIn());

        private Loaded(PretrainedModel model, BertClassifier classifier, TextEncoder text) {
            this.model = model;
            this.classifier = classifier;
            this.text = text;
        }

        static Loaded get(String dir, int maxLength) {
            return MODELS.computeIfAbsent(dir + "\n" + maxLength, k -> {
                try {
                    PretrainedModel m = PretrainedModel.load(ModelSource.directory(Path.of(dir)));
                    if (m.headLabels() != 2) {
                        m.close();
                        throw new IllegalArgumentException(dir + " holds no two-label classification head (labels: "
                                + m.labels() + "); score with a model fine-tuned by 'fairtune train'");
                    }
                    return new Loaded(m, BertClassifier.builder(m).build(),
                            TextEncoder.builder(m).optMaxLength(maxLength).build());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the model folder " + dir + " on this executor", e);
                }
            });
        }

        /** The probability of class 1 of each text. */
        synchronized double[] score(List<String> texts, int batch) {
            List<Example> examples = new ArrayList<>(texts.size());
            for (String t : texts) {
                examples.add(Example.of(t, 0));
            }
            TextDataset data = new TextDataset("spark partition", List.of("0", "1"), List.of(), examples);
            return Predictor.predict(model, classifier, text, data, batch, 1).scores();
        }

        /** The twin's score of each text that names an identity term, else null. */
        Double[] twinScores(List<String> texts, int batch) {
            Double[] out = new Double[texts.size()];
            List<String> changed = new ArrayList<>();
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                Counterfactual c = rewriter.rewrite(texts.get(i));
                if (c.changed()) {
                    changed.add(c.text());
                    rows.add(i);
                }
            }
            if (!changed.isEmpty()) {
                double[] s = score(changed, batch);
                for (int k = 0; k < s.length; k++) {
                    out[rows.get(k)] = s[k];
                }
            }
            return out;
        }
    }
}
