package dev.fairtune.explain;

import dev.fairtune.fairness.Reason;
import dev.fairtune.fairness.Value;
import dev.fairtune.text.TokenizedText;

import java.util.List;

/**
 * Why the classifier gave one text its score: an attribution per token and per word for one class.
 * The explained output f is the softmax probability of {@code targetClass}.
 *
 * @param tokens the text as tokens, with offsets
 * @param method how the attributions were computed
 * @param targetClass the class whose probability is explained
 * @param targetLabel its name
 * @param predictedClass the class of largest probability
 * @param score f(x), the probability of the target class
 * @param baselineScore f(x') of the baseline; NaN for {@link AttributionMethod#GRADIENT_X_INPUT}
 * @param tokenAttributions one per token, special tokens included (0 for them under Integrated
 *     Gradients, as their embeddings equal the baseline's)
 * @param words the word attributions ({@link WordAttribution#merge})
 * @param delta the convergence delta {@code Σᵢ aᵢ - (f(x) - f(x'))} (Captum's {@code
 *     compute_convergence_delta}); undefined for gradient x input
 * @param steps the number of quadrature nodes (1 for gradient x input)
 */
public record Explanation(TokenizedText tokens, AttributionMethod method, int targetClass, String targetLabel,
        int predictedClass, double score, double baselineScore, double[] tokenAttributions,
        List<WordAttribution> words, Value delta, int steps) {

    /** Checks one attribution per token; copies the arrays. */
    public Explanation {
        if (tokenAttributions.length != tokens.size()) {
            throw new IllegalArgumentException(tokenAttributions.length + " attributions for " + tokens.size() + " tokens");
        }
        tokenAttributions = tokenAttributions.clone();
        words = List.copyOf(words);
    }

    /** Builds one from token attributions, merging them to words and computing the delta. */
    static Explanation of(TokenizedText tokens, AttributionMethod method, int targetClass, String targetLabel,
            int predictedClass, double score, double baselineScore, double[] attributions, int steps) {
        Value delta;
        if (method == AttributionMethod.GRADIENT_X_INPUT) {
            delta = Value.undefined(Reason.NO_BASELINE, method.name());
        } else {
            double sum = 0;
            for (double a : attributions) {
                sum += a;
            }
            delta = Value.of(sum - (score - baselineScore));
        }
        return new Explanation(tokens, method, targetClass, targetLabel, predictedClass, score, baselineScore,
                attributions, WordAttribution.merge(tokens, attributions), delta, steps);
    }

    /** The text explained. */
    public String text() {
        return tokens.text();
    }

    /** A copy of the token attributions. */
    @Override
    public double[] tokenAttributions() {
        return tokenAttributions.clone();
    }

    /** The sum of the token attributions. */
    public double total() {
        double s = 0;
        for (double a : tokenAttributions) {
            s += a;
        }
        return s;
    }
}
