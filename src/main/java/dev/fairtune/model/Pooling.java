package dev.fairtune.model;

/** How a {@link BertClassifier} turns the encoder's output into one vector per text. */
public enum Pooling {
    /**
     * {@code tanh(W h_CLS + b)}: HuggingFace's {@code BertPooler}, as in {@code
     * BertForSequenceClassification}. Uses the checkpoint's pooler, or a freshly initialised one
     * (as HuggingFace does) when the checkpoint has none.
     */
    POOLER,
    /**
     * The [CLS] token's last hidden state {@code h_CLS} itself. The default for checkpoints without a
     * pooler (such as the built-in MiniLM). HuggingFace's {@code BertForSequenceClassification}
     * always has a pooler, so Python loads a classifier saved with this pooling with a random pooler:
     * choose {@link #POOLER} when Python users must reproduce its outputs.
     */
    CLS
}
