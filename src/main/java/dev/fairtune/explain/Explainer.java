package dev.fairtune.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.BertEncoder;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.text.TokenizedText;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Token attributions of a classifier's class probabilities, on the input token embeddings
 * ({@link BertEncoder#wordEmbeddings}), in evaluation mode (no dropout). The explained output is
 * {@code f(e) = softmax(logits(e))[c]} for a class c.
 *
 * <p>Integrated Gradients with baseline e' (the text's tokens replaced by a {@link BaselineToken},
 * [CLS] and [SEP] kept; positions and token types are added inside the model and stay the same)
 * and a {@link Quadrature} of n nodes:
 *
 * <pre>
 *   aᵢ = Σ_h (eᵢₕ - e'ᵢₕ) Σₖ wₖ ∂f(e' + αₖ (e - e'))/∂eᵢₕ          i a token, h an embedding dimension
 *   delta = Σᵢ aᵢ - (f(e) - f(e'))                                 0 for the exact integral
 * </pre>
 *
 * The n interpolated inputs go through the model in batches of {@code batchSize} (one forward and
 * one backward pass per batch). Parameters are detached for the backward pass, so explaining
 * leaves their gradients as they were; it needs the JVM's single gradient collector, so it cannot
 * run while a trainer is inside a training step. Not thread-safe; close it to free the tokenizer.
 */
public final class Explainer implements AutoCloseable {

    private final PretrainedModel model;
    private final BertClassifier classifier;
    private final TextEncoder text;
    private final AttributionMethod method;
    private final Quadrature quadrature;
    private final int steps;
    private final int batchSize;
    private final long baselineId;
    private final BaselineToken baseline;

    private Explainer(Builder b) {
        this.model = b.model;
        this.classifier = b.classifier;
        this.method = b.method;
        this.quadrature = b.quadrature;
        this.steps = b.steps;
        this.batchSize = b.batchSize;
        this.baseline = b.baseline;
        TextEncoder.Builder tb = TextEncoder.builder(b.model);
        this.text = (b.maxLength == null ? tb : tb.optMaxLength(b.maxLength)).build();
        try {
            this.baselineId = text.tokenId(b.baseline.token());
        } catch (RuntimeException e) {
            text.close();
            throw e;
        }
    }

    /** A builder for explanations of {@code classifier}, built on {@code model}. */
    public static Builder builder(PretrainedModel model, BertClassifier classifier) {
        return new Builder(model, classifier);
    }

    /** The class names of the classifier. */
    public List<String> labels() {
        return classifier.labels();
    }

    /** How this explainer attributes, in words (method, rule, steps, baseline). */
    public String describe() {
        return method == AttributionMethod.GRADIENT_X_INPUT ? "gradient x input on the token embeddings"
                : "Integrated Gradients on the token embeddings, " + steps + " steps (" + quadrature.name()
                        .toLowerCase(Locale.ROOT).replace('_', ' ') + "), baseline " + baseline.token()
                        + " with [CLS]/[SEP] kept";
    }

    /** Explains the predicted class (largest probability) of {@code input}. */
    public Explanation explain(String input) {
        TokenizedText t = text.tokenize(input);
        return explain(t, argMax(probabilities(t)));
    }

    /**
     * Explains the probability of class {@code targetClass} for {@code input}.
     *
     * @throws IndexOutOfBoundsException when the class is not one of the classifier's
     */
    public Explanation explain(String input, int targetClass) {
        return explain(text.tokenize(input), Objects.checkIndex(targetClass, classifier.labels().size()));
    }

    /** The class probabilities of {@code input} (softmax of the logits, evaluation mode). */
    public double[] probabilities(String input) {
        return probabilities(text.tokenize(input));
    }

    private double[] probabilities(TokenizedText t) {
        try (NDManager m = model.manager().newSubManager(); Autograd.Mode g = Autograd.noGrad()) {
            DetachedParameters ps = new DetachedParameters(m);
            NDArray e = classifier.encoder().wordEmbeddings(ps, ids(m, t.ids(), 1), false);
            return toDoubles(probabilities(ps, e, t, 1));
        }
    }

    private Explanation explain(TokenizedText t, int c) {
        int n = t.size();
        try (NDManager m = model.manager().newSubManager()) {
            DetachedParameters ps = new DetachedParameters(m);
            long[] baselineIds = t.ids().clone();
            for (int i = 0; i < n; i++) {
                if (!t.isSpecial(i)) {
                    baselineIds[i] = baselineId;
                }
            }
            NDArray x;
            NDArray x0;
            double[] fx;
            double[] f0;
            try (Autograd.Mode g = Autograd.noGrad()) {
                x = classifier.encoder().wordEmbeddings(ps, ids(m, t.ids(), 1), false);
                x0 = classifier.encoder().wordEmbeddings(ps, ids(m, baselineIds, 1), false);
                fx = toDoubles(probabilities(ps, x, t, 1));
                f0 = toDoubles(probabilities(ps, x0, t, 1));
            }
            int predicted = argMax(fx);
            double[] a;
            if (method == AttributionMethod.GRADIENT_X_INPUT) {
                a = sumOverHidden(gradient(ps, x, t, c).mul(x));
                return Explanation.of(t, method, c, classifier.labels().get(c), predicted, fx[c], Double.NaN, a, 1);
            }
            Quadrature.Nodes nodes = quadrature.nodes(steps);
            NDArray diff = x.sub(x0);
            NDArray integral = m.zeros(x.getShape());
            for (int from = 0; from < steps; from += batchSize) {
                int k = Math.min(batchSize, steps - from);
                float[] alpha = new float[k];
                float[] weight = new float[k];
                for (int j = 0; j < k; j++) {
                    alpha[j] = (float) nodes.alphas()[from + j];
                    weight[j] = (float) nodes.weights()[from + j];
                }
                NDArray path;
                try (Autograd.Mode g = Autograd.noGrad()) {
                    path = x0.add(diff.mul(m.create(alpha, new Shape(k, 1, 1))));
                }
                NDArray grad = gradient(ps, path, t, c);
                integral = integral.add(grad.mul(m.create(weight, new Shape(k, 1, 1))).sum(new int[] {0}, true));
            }
            a = sumOverHidden(integral.mul(diff));
            return Explanation.of(t, method, c, classifier.labels().get(c), predicted, fx[c], f0[c], a, steps);
        }
    }

    /** ∂ Σ_b f_b / ∂ e for a batch of embedded inputs e (B, T, H): each row's own gradient. */
    private NDArray gradient(DetachedParameters ps, NDArray embedded, TokenizedText t, int c) {
        NDArray leaf = embedded.duplicate();
        leaf.setRequiresGradient(true);
        int b = (int) leaf.getShape().get(0);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray p = probabilities(ps, leaf, t, b).get(new NDIndex(":, {}", c));
            gc.backward(p.sum());
        }
        return leaf.getGradient().duplicate();
    }

    /** Softmax of the logits of B copies of the text's mask and types, embedded as {@code e}. */
    private NDArray probabilities(DetachedParameters ps, NDArray e, TokenizedText t, int b) {
        NDManager m = e.getManager();
        int n = t.size();
        NDArray mask = m.ones(new Shape(b, n), DataType.INT64);
        NDArray types = ids(m, t.typeIds(), b);
        return classifier.logitsFromEmbeddings(ps, e, mask, types, false).softmax(-1);
    }

    /** (1, T, H) or (B, T, H) -> per token, summed over rows and the embedding dimension. */
    private static double[] sumOverHidden(NDArray a) {
        return toDoubles(a.sum(new int[] {0, 2}));
    }

    /** {@code row} repeated b times as a (b, T) int64 array. */
    private static NDArray ids(NDManager m, long[] row, int b) {
        long[] all = new long[row.length * b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(row, 0, all, i * row.length, row.length);
        }
        return m.create(all, new Shape(b, row.length));
    }

    private static double[] toDoubles(NDArray a) {
        float[] f = a.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static int argMax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() {
        text.close();
    }

    /**
     * Builds an {@link Explainer}: Integrated Gradients, 64 Gauss-Legendre steps, [PAD] baseline,
     * batches of 64 interpolated inputs, texts truncated as by {@link TextEncoder}'s default, unless set
     * otherwise.
     */
    public static final class Builder {
        private final PretrainedModel model;
        private final BertClassifier classifier;
        private AttributionMethod method = AttributionMethod.INTEGRATED_GRADIENTS;
        private Quadrature quadrature = Quadrature.GAUSS_LEGENDRE;
        private BaselineToken baseline = BaselineToken.PAD;
        private int steps = 64;
        private int batchSize = 64;
        private Integer maxLength;

        private Builder(PretrainedModel model, BertClassifier classifier) {
            this.model = model;
            this.classifier = classifier;
        }

        /** The method; default Integrated Gradients. */
        public Builder optMethod(AttributionMethod method) {
            this.method = method;
            return this;
        }

        /** The quadrature of the path integral; default Gauss-Legendre. */
        public Builder optQuadrature(Quadrature quadrature) {
            this.quadrature = quadrature;
            return this;
        }

        /** The baseline token; default [PAD]. */
        public Builder optBaseline(BaselineToken baseline) {
            this.baseline = baseline;
            return this;
        }

        /** The number of quadrature nodes n; default 64. */
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Interpolated inputs per forward and backward pass; default 64. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Longest text in tokens, special tokens included; longer texts are truncated. Default 128,
         * or the model's position table when shorter.
         */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /**
         * Builds the explainer.
         *
         * @throws IllegalArgumentException for steps or batch size below 1, or a baseline token
         *     missing from the tokenizer's vocabulary
         */
        public Explainer build() {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(quadrature, "quadrature");
            Objects.requireNonNull(baseline, "baseline");
            return new Explainer(this);
        }
    }

    @Override
    public String toString() {
        return "Explainer[" + describe() + "; labels " + classifier.labels() + "]";
    }
}
