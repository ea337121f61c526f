package dev.fairtune.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON of explanations, schema {@code fairtune-explain/1}, as {@code fairtune explain --json}
 * prints it: the method, then per text its predicted and explained class, score, baseline score,
 * attribution sum and delta (null with {@code delta_undefined} when undefined), steps, and each word's
 * and token's attribution.
 */
public final class ExplanationJson {
    private ExplanationJson() {
    }

    /**
     * The indented JSON text.
     *
     * @param method the attribution method in words ({@link Explainer#describe()})
     * @param labels the model's classes
     */
    public static String write(String method, List<String> labels, List<Explanation> explained) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(tree(method, labels, explained));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static ObjectNode tree(String method, List<String> labels, List<Explanation> explained) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("schema", "fairtune-explain/1");
        root.put("method", method);
        ArrayNode list = root.putArray("explanations");
        for (Explanation e : explained) {
            ObjectNode o = list.addObject();
            o.put("text", e.text());
            o.put("predicted", labels.get(e.predictedClass()));
            o.put("explained_class", e.targetLabel());
            o.put("score", e.score());
            if (Double.isNaN(e.baselineScore())) {
                o.putNull("baseline_score");
            } else {
                o.put("baseline_score", e.baselineScore());
            }
            o.put("attribution_sum", e.total());
            if (e.delta().isDefined()) {
                o.put("delta", e.delta().value());
            } else {
                o.putNull("delta");
                o.put("delta_undefined", e.delta().describe());
            }
            o.put("steps", e.steps());
            ArrayNode words = o.putArray("words");
            for (WordAttribution w : e.words()) {
                words.addObject().put("word", w.word()).put("start", w.start()).put("end", w.end())
                        .put("attribution", w.attribution());
            }
            ArrayNode tokens = o.putArray("tokens");
            double[] a = e.tokenAttributions();
            for (int i = 0; i < a.length; i++) {
                tokens.addObject().put("token", e.tokens().tokens().get(i)).put("attribution", a[i]);
            }
        }
        return root;
    }
}
