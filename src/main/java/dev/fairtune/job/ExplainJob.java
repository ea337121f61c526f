package dev.fairtune.job;

import dev.fairtune.explain.Explainer;
import dev.fairtune.explain.Explanation;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.CheckpointException;
import dev.fairtune.model.ModelSource;
import dev.fairtune.model.PretrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Why a fine-tuned classifier gives texts their class: the saved model loaded, each text's
 * attributions computed ({@link Explainer}; Integrated Gradients on the token embeddings by
 * default) for its predicted class or a named one. What {@code fairtune explain} runs, callable from Java.
 */
public final class ExplainJob {
    private final Builder b;

    private ExplainJob(Builder b) {
        this.b = b;
    }

    /** A new builder for the model at {@code source}, named {@code name} in messages. */
    public static Builder builder(ModelSource source, String name) {
        return new Builder(source, name);
    }

    /**
     * The explanations.
     *
     * @param explanations one per text, in order
     * @param labels the model's classes
     * @param method the attribution method in words (for example "Integrated Gradients on the token embeddings, 64 steps ...")
     */
    public record Result(List<Explanation> explanations, List<String> labels, String method) {
    }

    /**
     * Loads the model and explains each text.
     *
     * @throws CheckpointException when the model cannot be loaded or holds no classification head
     * @throws IllegalArgumentException when the named class is not one of the model's
     */
    public Result run(List<String> texts) throws CheckpointException {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to explain");
        }
        try (PretrainedModel m = Scorer.loadModel(b.source)) {
            if (m.headLabels() < 2) {
                throw new CheckpointException(b.name, null, "holds no classification head (labels: " + m.labels()
                        + "); explain a model fine-tuned by FairTune ('fairtune train')");
            }
            BertClassifier classifier = BertClassifier.builder(m).build();
            int target = b.targetLabel == null ? -1 : classifier.labels().indexOf(b.targetLabel);
            if (b.targetLabel != null && target < 0) {
                throw new IllegalArgumentException("the class '" + b.targetLabel + "' is not one of the model's classes "
                        + classifier.labels() + "; name one of them with optClass");
            }
            try (Explainer explainer = b.settings.apply(Explainer.builder(m, classifier)).build()) {
                List<Explanation> out = new ArrayList<>();
                for (String t : texts) {
                    out.add(target < 0 ? explainer.explain(t) : explainer.explain(t, target));
                }
                return new Result(out, classifier.labels(), explainer.describe());
            }
        }
    }

    /** Builds an {@link ExplainJob}. */
    public static final class Builder {
        private final ModelSource source;
        private final String name;
        private String targetLabel;
        private UnaryOperator<Explainer.Builder> settings = UnaryOperator.identity();

        private Builder(ModelSource source, String name) {
            this.source = Objects.requireNonNull(source, "source");
            this.name = Objects.requireNonNull(name, "name");
        }

        /** The class whose probability is explained; default each text's predicted class. */
        public Builder optClass(String label) {
            this.targetLabel = label;
            return this;
        }

        /**
         * The explainer's settings (method, steps, quadrature, baseline, batch size, maximum length),
         * applied to the {@link Explainer.Builder} of the loaded model; default its own defaults.
         */
        public Builder optSettings(UnaryOperator<Explainer.Builder> settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The job. */
        public ExplainJob build() {
            return new ExplainJob(this);
        }
    }
}
