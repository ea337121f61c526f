package dev.fairtune.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import dev.fairtune.model.Autograd;
import dev.fairtune.model.BertClassifier;
import dev.fairtune.model.Checkpoint;
import dev.fairtune.model.Pooling;
import dev.fairtune.model.PretrainedModel;
import dev.fairtune.model.TensorData;
import dev.fairtune.model.TestModels;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.text.TokenizedText;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Integrated Gradients and gradient x input on a tiny random BERT (2 layers, hidden 32, pooler),
 * against completeness and against finite differences that use no autograd.
 */
class IntegratedGradientsTest {

    static final String TEXT = "my muslim neighbour says you are a clueless clown";

    static PretrainedModel model;
    static BertClassifier classifier;

    @BeforeAll
    static void load() throws Exception {
        // Random weights of scale 0.05 give probabilities within 1e-4 of each other: weights of
        // scale 0.4 and a head of scale 1 make f vary over the path, so that the checks below can fail.
        Map<String, TensorData> weights = new LinkedHashMap<>();
        TestModels.weights(TestModels.SMALL, 7).forEach((name, t) -> {
            float[] v = t.toFloatArray();
            if (!name.contains("LayerNorm")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] *= 8;
                }
            }
            weights.put(name, TensorData.of(name, t.shape(), v, "test"));
        });
        model = PretrainedModel.load(new Checkpoint(TestModels.SMALL, weights, TestModels.tokenizerJson(), List.of(),
                Pooling.POOLER, "test"));
        classifier = BertClassifier.builder(model).optLabels(List.of("benign", "abusive")).optNewHead(true).optSeed(3)
                .build();
        try (Autograd.Mode g = Autograd.noGrad()) {
            classifier.namedParameters().get("classifier.weight").getArray().muli(50);
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Explainer explainer(AttributionMethod method, Quadrature rule, int steps, int batch) {
        return Explainer.builder(model, classifier).optMethod(method).optQuadrature(rule).optSteps(steps)
                .optBatchSize(batch).optMaxLength(32).build();
    }

    @Test
    void sixtyFourStepsAreCompleteWithinOnePercent() {
        for (BaselineToken baseline : BaselineToken.values()) {
            try (Explainer x = Explainer.builder(model, classifier).optBaseline(baseline).optSteps(64).optBatchSize(24)
                    .build()) {
                Explanation e = x.explain(TEXT, 1);
                double gap = e.score() - e.baselineScore();
                assertTrue(Math.abs(gap) > 1e-3, "the text and the baseline must differ in score: " + gap);
                assertTrue(Math.abs(e.delta().value()) <= 0.01 * Math.abs(gap), baseline + ": delta " + e.delta()
                        + " against f(x) - f(x') = " + gap);
                assertEquals(0, e.tokenAttributions()[0], 0, "[CLS] equals its baseline");
            }
        }
    }

    @Test
    void deltaShrinksAsStepsGrow() {
        double previous = Double.POSITIVE_INFINITY;
        for (int steps : new int[] {1, 4, 16, 64}) {
            try (Explainer x = explainer(AttributionMethod.INTEGRATED_GRADIENTS, Quadrature.RIEMANN_MIDPOINT, steps, 64)) {
                double d = Math.abs(x.explain(TEXT, 1).delta().value());
                assertTrue(d < previous, steps + " steps: |delta| " + d + " not below " + previous);
                previous = d;
            }
        }
    }

    /**
     * On "muslim clown" ([CLS] muslim clown [SEP]) each token's attribution is the path integral of
     * the directional derivative of f along that token's (e - e'): computed here with central
     * differences of forward passes only, on the same midpoint nodes.
     */
    @Test
    void attributionsOfATwoTokenInputMatchFiniteDifferences() {
        int steps = 32;
        try (Explainer x = explainer(AttributionMethod.INTEGRATED_GRADIENTS, Quadrature.RIEMANN_MIDPOINT, steps, 8);
                TextEncoder text = TextEncoder.builder(model).build()) {
            TokenizedText t = text.tokenize("muslim clown");
            assertEquals(List.of("[CLS]", "muslim", "clown", "[SEP]"), t.tokens());
            Explanation e = x.explain("muslim clown", 1);
            long pad = text.tokenId("[PAD]");
            double[] expected = finiteDifferenceIg(t, new long[] {t.ids()[0], pad, pad, t.ids()[3]}, steps);
            double[] got = e.tokenAttributions();
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], got[i], 1e-4 + 0.01 * Math.abs(expected[i]), "token " + i);
            }
        }
    }

    @Test
    void gradientTimesInputMatchesFiniteDifferences() {
        try (Explainer x = explainer(AttributionMethod.GRADIENT_X_INPUT, Quadrature.RIEMANN_MIDPOINT, 1, 1);
                TextEncoder text = TextEncoder.builder(model).build()) {
            TokenizedText t = text.tokenize("muslim clown");
            Explanation e = x.explain("muslim clown", 1);
            // gradient x input is IG's integrand at α = 1 against a zero embedding: f's derivative along eᵢ at e
            double[] expected = directionalDerivatives(t, new long[4], 1.0, true);
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], e.tokenAttributions()[i], 1e-4 + 0.01 * Math.abs(expected[i]), "token " + i);
            }
            assertTrue(!e.delta().isDefined());
        }
    }

    /** Σₖ (1/n) D_i f(e' + αₖ (e - e')) · (eᵢ - e'ᵢ), each directional derivative by central differences. */
    private static double[] finiteDifferenceIg(TokenizedText t, long[] baselineIds, int steps) {
        double[] sum = new double[t.size()];
        for (int k = 0; k < steps; k++) {
            double[] d = directionalDerivatives(t, baselineIds, (k + 0.5) / steps, false);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += d[i] / steps;
            }
        }
        return sum;
    }

    /**
     * For each token i, (f(p + h vᵢ) - f(p - h vᵢ)) / 2h at p = e' + α (e - e'), with vᵢ = (e - e')
     * on token i and 0 elsewhere (or vᵢ = e on token i when {@code alongInput}, with e' ignored).
     */
    private static double[] directionalDerivatives(TokenizedText t, long[] baselineIds, double alpha,
            boolean alongInput) {
        int n = t.size();
        double h = 1e-2;
        try (NDManager m = model.manager().newSubManager(); Autograd.Mode g = Autograd.noGrad()) {
            ParameterStore ps = new ParameterStore(m, false);
            float[] e = classifier.encoder().wordEmbeddings(ps, m.create(t.ids(), new Shape(1, n)), false).toFloatArray();
            float[] e0 = alongInput ? new float[e.length]
                    : classifier.encoder().wordEmbeddings(ps, m.create(baselineIds, new Shape(1, n)), false).toFloatArray();
            int hd = e.length / n;
            float[] batch = new float[2 * n * e.length];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < 2; s++) {
                    int row = (2 * i + s) * e.length;
                    for (int j = 0; j < e.length; j++) {
                        double p = e0[j] + alpha * (e[j] - e0[j]);
                        boolean onToken = j / hd == i;
                        batch[row + j] = (float) (p + (onToken ? (s == 0 ? h : -h) * (e[j] - e0[j]) : 0));
                    }
                }
            }
            NDArray words = m.create(batch, new Shape(2L * n, n, hd));
            NDArray mask = m.ones(new Shape(2L * n, n), ai.djl.ndarray.types.DataType.INT64);
            float[] p = classifier.logitsFromEmbeddings(ps, words, mask, null, false).softmax(-1).toFloatArray();
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = (p[(2 * i) * 2 + 1] - (double) p[(2 * i + 1) * 2 + 1]) / (2 * h);
            }
            return out;
        }
    }
}
