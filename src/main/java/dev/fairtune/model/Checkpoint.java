package dev.fairtune.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link ModelSource} reads: the architecture, the float32 tensors under the names
 * they have in the source, the tokenizer, and what the source says about a classification head.
 *
 * @param config the architecture
 * @param tensors the tensors by name, as named in the source (with or without the {@code bert.}
 *     prefix of HuggingFace task models)
 * @param tokenizerJson the HuggingFace {@code tokenizer.json} bytes
 * @param labels the class names of a saved classifier ({@code id2label} in id order), empty when
 *     the source is not a classifier
 * @param pooling the pooling a classifier built on this checkpoint uses by default
 * @param origin where the weights came from (file, directory or resource), for messages and
 *     provenance
 */
public record Checkpoint(
        BertConfig config,
        Map<String, TensorData> tensors,
        byte[] tokenizerJson,
        List<String> labels,
        Pooling pooling,
        String origin) {

    /** Copies the collections. */
    public Checkpoint {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        labels = List.copyOf(labels);
        tokenizerJson = tokenizerJson.clone();
    }

    @Override
    public byte[] tokenizerJson() {
        return tokenizerJson.clone();
    }
}
