package dev.fairtune.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pretrained BERT encoder with its weights in native memory, its tokenizer, and the
 * classification head its checkpoint may carry. Owns an {@link NDManager}: close it to free the
 * weights (and those of every {@link BertClassifier} built on it).
 *
 * <p>Loading checks the checkpoint against the architecture of its config. Names are taken
 * relative to {@code BertModel} (a leading {@code bert.} is dropped); {@code
 * embeddings.position_ids} and {@code cls.*} (pre-training heads) are skipped; every encoder
 * parameter must be present with its exact shape; {@code pooler.dense.*} and {@code
 * classifier.*} are optional but come in weight/bias pairs of the right shapes; any other tensor
 * is an error. Each error is a {@link CheckpointException} naming the tensor and its file.
 */
public final class PretrainedModel implements AutoCloseable {

    private final NDManager manager;
    private final BertEncoder encoder;
    private final Map<String, TensorData> head;
    private final byte[] tokenizerJson;
    private final List<String> labels;
    private final Pooling pooling;
    private final String origin;

    private PretrainedModel(
            NDManager manager, BertEncoder encoder, Map<String, TensorData> head, Checkpoint c) {
        this.manager = manager;
        this.encoder = encoder;
        this.head = head;
        this.tokenizerJson = c.tokenizerJson();
        this.labels = c.labels();
        this.pooling = c.pooling();
        this.origin = c.origin();
    }

    /**
     * Reads and loads a source.
     *
     * @throws CheckpointException when the checkpoint is unusable (the message names tensor and
     *     file)
     * @throws IOException when reading fails
     */
    public static PretrainedModel load(ModelSource source) throws IOException {
        return load(source.read());
    }

    /**
     * Checks a checkpoint and loads its encoder into a new {@link NDManager}.
     *
     * @throws CheckpointException when a tensor is missing, has the wrong shape, or is unexpected
     */
    public static PretrainedModel load(Checkpoint c) throws CheckpointException {
        BertConfig config = c.config();
        BertEncoder encoder = new BertEncoder(config);
        Map<String, Shape> expected = encoder.expectedShapes();
        Map<String, TensorData> enc = new LinkedHashMap<>();
        Map<String, TensorData> head = new LinkedHashMap<>();
        long h = config.hiddenSize();
        for (Map.Entry<String, TensorData> e : c.tensors().entrySet()) {
            String name = StateDict.normalize(e.getKey());
            TensorData t = e.getValue();
            if (StateDict.isIgnored(name)) {
                continue;
            }
            Map<String, TensorData> target;
            if (expected.containsKey(name)) {
                target = enc;
                checkShape(t, expected.get(name));
            } else if (name.equals(StateDict.POOLER_WEIGHT)) {
                target = head;
                checkShape(t, new Shape(h, h));
            } else if (name.equals(StateDict.POOLER_BIAS)) {
                target = head;
                checkShape(t, new Shape(h));
            } else if (name.equals(StateDict.CLASSIFIER_WEIGHT)) {
                target = head;
                if (t.shape().length != 2 || t.shape()[1] != h || t.shape()[0] < 1) {
                    throw new CheckpointException(
                            t.file(), t.name(), "shape " + Arrays.toString(t.shape()) + ", expected (labels, " + h + ")");
                }
            } else if (name.equals(StateDict.CLASSIFIER_BIAS)) {
                target = head;
                if (t.shape().length != 1) {
                    throw new CheckpointException(
                            t.file(), t.name(), "shape " + Arrays.toString(t.shape()) + ", expected (labels)");
                }
            } else {
                throw new CheckpointException(
                        t.file(), t.name(),
                        "unexpected tensor: not a parameter of a BERT encoder (" + config.numLayers()
                                + " layers), its pooler or a classification head");
            }
            if (target.put(name, t) != null) {
                throw new CheckpointException(t.file(), t.name(), "present twice (with and without the 'bert.' prefix)");
            }
        }
        for (String name : expected.keySet()) {
            if (!enc.containsKey(name)) {
                throw new CheckpointException(
                        c.origin(), name, "missing: the config describes " + config.numLayers()
                                + " layers of hidden size " + h + " and this parameter is not in the checkpoint");
            }
        }
        pair(head, StateDict.POOLER_WEIGHT, StateDict.POOLER_BIAS, c.origin());
        pair(head, StateDict.CLASSIFIER_WEIGHT, StateDict.CLASSIFIER_BIAS, c.origin());
        TensorData cw = head.get(StateDict.CLASSIFIER_WEIGHT);
        if (cw != null) {
            long n = cw.shape()[0];
            TensorData cb = head.get(StateDict.CLASSIFIER_BIAS);
            if (cb.shape()[0] != n) {
                throw new CheckpointException(
                        cb.file(), cb.name(), "has " + cb.shape()[0] + " entries but classifier.weight has " + n + " rows");
            }
            if (!c.labels().isEmpty() && c.labels().size() != n) {
                throw new CheckpointException(
                        cw.file(), cw.name(), "has " + n + " rows but config.json id2label names " + c.labels().size() + " labels");
            }
        }
        if (c.pooling() == Pooling.POOLER && !head.containsKey(StateDict.POOLER_WEIGHT) && cw != null) {
            throw new CheckpointException(
                    c.origin(), StateDict.POOLER_WEIGHT, "missing: the saved classifier uses the pooler");
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            encoder.setWeights(enc, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return new PretrainedModel(manager, encoder, head, c);
    }

    private static void checkShape(TensorData t, Shape expected) throws CheckpointException {
        if (!t.djlShape().equals(expected)) {
            throw new CheckpointException(
                    t.file(), t.name(), "shape " + Arrays.toString(t.shape()) + ", expected " + expected
                            + " (does config.json match these weights?)");
        }
    }

    private static void pair(Map<String, TensorData> head, String weight, String bias, String origin)
            throws CheckpointException {
        if (head.containsKey(weight) != head.containsKey(bias)) {
            String missing = head.containsKey(weight) ? bias : weight;
            throw new CheckpointException(origin, missing, "missing (its partner is present)");
        }
    }

    /** The architecture. */
    public BertConfig config() {
        return encoder.config();
    }

    /** The encoder, with the checkpoint's weights. */
    public BertEncoder encoder() {
        return encoder;
    }

    /** The HuggingFace {@code tokenizer.json} bytes (a copy). */
    public byte[] tokenizerJson() {
        return tokenizerJson.clone();
    }

    /** The class names of the checkpoint's classifier, empty when it has none. */
    public List<String> labels() {
        return labels;
    }

    /** Whether the checkpoint has a pooler. */
    public boolean hasPooler() {
        return head.containsKey(StateDict.POOLER_WEIGHT);
    }

    /** Number of classes of the checkpoint's classification head, 0 when it has none. */
    public int headLabels() {
        TensorData w = head.get(StateDict.CLASSIFIER_WEIGHT);
        return w == null ? 0 : (int) w.shape()[0];
    }

    /** The pooling a classifier built on this model uses by default. */
    public Pooling defaultPooling() {
        return pooling;
    }

    /** Where the weights came from. */
    public String origin() {
        return origin;
    }

    /** The manager that holds the weights. */
    public NDManager manager() {
        return manager;
    }

    /** A head tensor of the checkpoint (normalized name), or null. */
    TensorData headTensor(String name) {
        return head.get(name);
    }

    /** Frees the weights of the encoder and of every classifier built on it. */
    @Override
    public void close() {
        manager.close();
    }
}
