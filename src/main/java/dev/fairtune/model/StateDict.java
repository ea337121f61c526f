package dev.fairtune.model;

/** HuggingFace state-dict naming rules shared by loading and saving. */
final class StateDict {

    /** Prefix of the encoder inside HuggingFace task models ({@code BertFor...}). */
    static final String BERT_PREFIX = "bert.";
    static final String POOLER_WEIGHT = "pooler.dense.weight";
    static final String POOLER_BIAS = "pooler.dense.bias";
    static final String CLASSIFIER_WEIGHT = "classifier.weight";
    static final String CLASSIFIER_BIAS = "classifier.bias";

    private StateDict() {}

    /** The name relative to {@code BertModel}: drops a leading {@code bert.}. */
    static String normalize(String name) {
        return name.startsWith(BERT_PREFIX) ? name.substring(BERT_PREFIX.length()) : name;
    }

    /**
     * Tensors that are not parameters of a classifier and are skipped on load: the {@code
     * embeddings.position_ids} buffer of older checkpoints and the pre-training heads {@code cls.*}
     * of {@code BertForPreTraining} checkpoints (HuggingFace drops them too).
     */
    static boolean isIgnored(String normalizedName) {
        return normalizedName.equals("embeddings.position_ids") || normalizedName.startsWith("cls.");
    }
}
