package dev.fairtune.model;

import ai.djl.nn.Parameter;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which parameters of a {@link BertClassifier} to freeze, as a predicate over their HuggingFace
 * names ({@code bert.embeddings.word_embeddings.weight}, {@code bert.encoder.layer.3...}, {@code
 * classifier.weight}). A frozen parameter gets no gradient and the optimizer leaves it
 * bit-identical; the choice is read again at every training step, so freezing may change between
 * steps.
 */
public final class Freezing {

    private static final Pattern LAYER = Pattern.compile("^bert\\.encoder\\.layer\\.(\\d+)\\.");

    private final Predicate<String> selects;

    private Freezing(Predicate<String> selects) {
        this.selects = selects;
    }

    /** The embeddings: word, position and token-type tables and their LayerNorm. */
    public static Freezing embeddings() {
        return new Freezing(n -> n.startsWith("bert.embeddings."));
    }

    /** Encoder layers 0 .. k-1 (k = 0 selects none). */
    public static Freezing firstLayers(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("layer count must be >= 0, got " + k);
        }
        return new Freezing(n -> {
            Matcher m = LAYER.matcher(n);
            return m.find() && Integer.parseInt(m.group(1)) < k;
        });
    }

    /** The whole encoder (embeddings, layers, pooler): only the classification head trains. */
    public static Freezing encoder() {
        return new Freezing(n -> n.startsWith("bert."));
    }

    /** Parameters whose HuggingFace name satisfies {@code names}. */
    public static Freezing matching(Predicate<String> names) {
        return new Freezing(Objects.requireNonNull(names));
    }

    /** Parameters selected by this or by {@code other}. */
    public Freezing or(Freezing other) {
        return new Freezing(selects.or(other.selects));
    }

    /** Whether this selects the parameter called {@code hfName}. */
    public boolean selects(String hfName) {
        return selects.test(hfName);
    }

    /**
     * Freezes the selected parameters of {@code classifier} and makes every other one trainable.
     *
     * @return the number of parameter tensors frozen
     */
    public int applyTo(BertClassifier classifier) {
        int frozen = 0;
        for (Map.Entry<String, Parameter> e : classifier.namedParameters().entrySet()) {
            boolean freeze = selects.test(e.getKey());
            e.getValue().freeze(freeze);
            frozen += freeze ? 1 : 0;
        }
        return frozen;
    }

    /** Makes every parameter of {@code classifier} trainable. */
    public static void unfreezeAll(BertClassifier classifier) {
        classifier.namedParameters().values().forEach(p -> p.freeze(false));
    }
}
