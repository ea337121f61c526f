package dev.fairtune.explain;

/**
 * The reference input of Integrated Gradients: every token of the text replaced by one neutral
 * token, while [CLS] and [SEP] stay, and position and token-type embeddings are kept. The
 * attributions then explain {@code f(text) - f(baseline)}: what the words add over a text of the
 * same length that says nothing.
 */
public enum BaselineToken {
    /** [PAD], whose embedding is trained little or not at all (BERT initialises it to zero). */
    PAD("[PAD]"),
    /** [MASK], the pre-training token for "some word here". */
    MASK("[MASK]");

    private final String token;

    BaselineToken(String token) {
        this.token = token;
    }

    /** The token string in the vocabulary. */
    public String token() {
        return token;
    }
}
