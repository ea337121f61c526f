package dev.fairtune.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a local HuggingFace model directory; see {@link ModelSource#directory(Path)}. */
final class HfDirectory {

    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";
    static final String TOKENIZER = "tokenizer.json";
    /** config.json key recording a FairTune classifier's pooling (HuggingFace ignores it). */
    static final String POOLING_KEY = "fairtune_pooling";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HfDirectory() {}

    static Checkpoint read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir.toString(), null, "not a directory");
        }
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new CheckpointException(configFile.toString(), null, "missing: a HuggingFace model directory needs config.json");
        }
        JsonNode root;
        try {
            root = JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new CheckpointException(configFile.toString(), null, "not valid JSON (" + e.getMessage() + ")", e);
        }
        BertConfig config;
        List<String> labels;
        try {
            config = BertConfig.fromJson(root);
            labels = labels(root);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(configFile.toString(), null, e.getMessage(), e);
        }
        Path tokenizerFile = dir.resolve(TOKENIZER);
        byte[] tokenizer;
        try {
            tokenizer = Files.readAllBytes(tokenizerFile);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(
                    tokenizerFile.toString(), null,
                    "missing: FairTune needs the fast-tokenizer file (in Python: tokenizer.save_pretrained(dir))", e);
        }
        checkTokenizer(tokenizerFile, tokenizer);
        Map<String, TensorData> tensors;
        String origin;
        Path single = dir.resolve(WEIGHTS);
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(single)) {
            origin = single.toString();
            tensors = readFile(single);
        } else if (Files.isRegularFile(index)) {
            origin = index.toString();
            tensors = readSharded(dir, index);
        } else {
            throw new CheckpointException(
                    dir.toString(), null,
                    "no " + WEIGHTS + " or " + INDEX + " (pytorch_model.bin is not read: convert it to safetensors)");
        }
        Pooling pooling = ModelSource.defaultPooling(tensors);
        JsonNode p = root.get(POOLING_KEY);
        if (p != null && !p.isNull()) {
            try {
                pooling = Pooling.valueOf(p.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(configFile.toString(), null, POOLING_KEY + " must be \"pooler\" or \"cls\", got " + p);
            }
        }
        return new Checkpoint(config, tensors, tokenizer, labels, pooling, origin);
    }

    /**
     * Loads the tokenizer once, so that a broken {@code tokenizer.json} is reported as a model
     * file at load time, not later as a failure of whatever uses the tokenizer first.
     *
     * @throws CheckpointException naming the file
     */
    static void checkTokenizer(Path file, byte[] json) throws CheckpointException {
        try (ai.djl.huggingface.tokenizers.HuggingFaceTokenizer t = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer
                .newInstance(new java.io.ByteArrayInputStream(json), Map.of())) {
            t.getTruncation(); // touch it: the native tokenizer was built
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CheckpointException(file.toString(), null, "not a valid HuggingFace fast-tokenizer file (" + why
                    + "); replace it with the model's tokenizer.json (in Python: tokenizer.save_pretrained(dir))", e);
        }
    }

    /** id2label as a list in id order; empty when absent. */
    static List<String> labels(JsonNode root) {
        JsonNode map = root.get("id2label");
        if (map == null || map.isNull()) {
            return List.of();
        }
        if (!map.isObject()) {
            throw new IllegalArgumentException("id2label must be an object of id -> name");
        }
        String[] out = new String[map.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("id2label key \"" + e.getKey() + "\" is not an integer id");
            }
            if (id < 0 || id >= out.length || out[id] != null) {
                throw new IllegalArgumentException("id2label ids must be 0.." + (out.length - 1) + " once each");
            }
            out[id] = e.getValue().asText();
        }
        return List.of(out);
    }

    private static Map<String, TensorData> readFile(Path file) throws IOException {
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            for (SafetensorsReader.Entry e : r.entries().values()) {
                if (skip(e, file)) {
                    continue;
                }
                out.put(e.name(), r.read(e.name()));
            }
        }
        return out;
    }

    /** Non-floating tensors are skipped only when they are known buffers; otherwise an error. */
    private static boolean skip(SafetensorsReader.Entry e, Path file) throws CheckpointException {
        if (e.dtype().isFloating()) {
            return false;
        }
        if (StateDict.isIgnored(StateDict.normalize(e.name()))) {
            return true;
        }
        throw new CheckpointException(
                file.toString(), e.name(), "dtype " + e.dtype() + " is not a floating type: not a BERT weight");
    }

    private static Map<String, TensorData> readSharded(Path dir, Path index) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new CheckpointException(index.toString(), null, "not valid JSON (" + e.getMessage() + ")", e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new CheckpointException(index.toString(), null, "no weight_map object");
        }
        Map<String, List<String>> byShard = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byShard.computeIfAbsent(e.getValue().asText(), k -> new ArrayList<>()).add(e.getKey());
        }
        Path base = dir.toAbsolutePath().normalize();
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> shard : byShard.entrySet()) {
            Path file = base.resolve(shard.getKey()).normalize();
            String first = shard.getValue().get(0);
            if (!file.startsWith(base) || !file.getParent().equals(base)) {
                throw new CheckpointException(index.toString(), first, "shard \"" + shard.getKey() + "\" is outside the model directory");
            }
            if (!Files.isRegularFile(file)) {
                throw new CheckpointException(
                        file.toString(), first, "shard file not found (named in " + index.getFileName() + ")");
            }
            try (SafetensorsReader r = SafetensorsReader.open(file)) {
                for (String name : shard.getValue()) {
                    SafetensorsReader.Entry e = r.entries().get(name);
                    if (e == null) {
                        throw new CheckpointException(
                                file.toString(), name, "missing from this shard, though " + index.getFileName() + " places it here");
                    }
                    if (skip(e, file)) {
                        continue;
                    }
                    if (out.put(name, r.read(name)) != null) {
                        throw new CheckpointException(file.toString(), name, "appears in two shards");
                    }
                }
                for (String name : r.entries().keySet()) {
                    if (!map.has(name)) {
                        throw new CheckpointException(
                                file.toString(), name, "in this shard but not in " + index.getFileName() + " (unexpected tensor)");
                    }
                }
            }
        }
        return out;
    }
}
