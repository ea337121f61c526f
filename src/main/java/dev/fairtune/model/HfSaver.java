package dev.fairtune.model;

import dev.fairtune.io.AtomicFiles;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Saves a {@link BertClassifier} as a HuggingFace model directory that Python's {@code
 * AutoModelForSequenceClassification.from_pretrained(dir)} and {@link ModelSource#directory} both
 * load:
 *
 * <ul>
 *   <li>{@code config.json}: the architecture, {@code architectures:
 *       ["BertForSequenceClassification"]}, {@code id2label}, {@code label2id}, {@code problem_type:
 *       "single_label_classification"}, {@code torch_dtype: "float32"} and, for {@link Pooling#CLS},
 *       {@code fairtune_pooling: "cls"} (HuggingFace ignores it);
 *   <li>{@code model.safetensors}: every parameter as F32 under its state-dict name ({@code
 *       bert.*}, {@code classifier.*}), metadata {@code format: "pt"};
 *   <li>{@code tokenizer.json}: the tokenizer, unchanged.
 * </ul>
 *
 * Saving F32 and loading it back reproduces every weight bit for bit.
 */
public final class HfSaver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HfSaver() {}

    /**
     * Writes {@code classifier} and {@code tokenizerJson} into {@code dir} (created if needed;
     * these three files are replaced).
     */
    public static void save(BertClassifier classifier, byte[] tokenizerJson, Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode config = JSON.createObjectNode();
        config.putArray("architectures").add("BertForSequenceClassification");
        config.setAll(classifier.config().toJson());
        ObjectNode id2label = config.putObject("id2label");
        ObjectNode label2id = config.putObject("label2id");
        List<String> labels = classifier.labels();
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        config.put("problem_type", "single_label_classification");
        config.put("torch_dtype", "float32");
        if (classifier.pooling() == Pooling.CLS) {
            config.put(HfDirectory.POOLING_KEY, "cls");
        }
        List<TensorData> tensors = new ArrayList<>();
        String file = dir.resolve(HfDirectory.WEIGHTS).toString();
        for (Map.Entry<String, Parameter> e : classifier.namedParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            tensors.add(TensorData.of(e.getKey(), a.getShape().getShape(), a.toFloatArray(), file));
        }
        SafetensorsWriter.write(dir.resolve(HfDirectory.WEIGHTS), tensors, StorageType.F32, Map.of("format", "pt"));
        AtomicFiles.write(dir.resolve(HfDirectory.CONFIG), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        AtomicFiles.write(dir.resolve(HfDirectory.TOKENIZER), tokenizerJson);
    }
}
