package dev.fairtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;

import dev.fairtune.data.Example;
import dev.fairtune.data.GroupAttribute;
import dev.fairtune.data.TextDataset;
import dev.fairtune.fairness.Observations;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The one prediction rule and the one cross-entropy, on logits small enough to check by hand. */
class PredictionsTest {

    /** Four rows: class 1 wins, class 0 wins, a tie (the lower index wins), class 1 at p = 0.75. */
    private static final float LN3 = (float) Math.log(3);
    private static final float[][] LOGITS = {{0, 2}, {1, -1}, {0.5f, 0.5f}, {0, LN3}};

    private static TextDataset four() {
        List<Example> rows = List.of(Example.of("a", 1, 0), Example.of("b", 0, 0), Example.of("c", 1, 1),
                Example.of("d", 0, 1));
        return new TextDataset("four", List.of("neg", "pos"), List.of(GroupAttribute.of("g", "x", "y")), rows);
    }

    @Test
    void argmaxPredictsTheHighestClassAndTheLowerIndexOnATie() {
        Predictions p = Predictions.of(LOGITS, 1);
        assertArrayEquals(new int[] {1, 0, 0, 1}, p.classes());
        assertArrayEquals(new int[] {1, 0, 0, 1}, p.positivePredictions());
        assertEquals(0.5, p.scores()[2], 1e-12);
        assertEquals(0.75, p.scores()[3], 1e-7);
        assertEquals(0.5, p.accuracy(new int[] {1, 0, 1, 0}), 1e-12);
    }

    @Test
    void observationsUseTheArgmaxOrAStatedThreshold() {
        Predictions p = Predictions.of(LOGITS, 1);
        Observations rule = p.observations(four(), "g");
        assertArrayEquals(new int[] {1, 0, 0, 1}, rule.prediction(), "a tie at 0.5 is not positive by the argmax");
        assertEquals(0.5, rule.threshold(), "two classes: the argmax is stated as threshold 0.5");
        Observations atHalf = p.observations(four(), "g", 0.5);
        assertArrayEquals(new int[] {1, 0, 1, 1}, atHalf.prediction(), "a stated threshold counts score >= T");
        Observations high = p.observations(four(), "g", 0.8);
        assertArrayEquals(new int[] {1, 0, 0, 0}, high.prediction());
        assertArrayEquals(new int[] {1, 0, 1, 0}, rule.label());
        assertThrows(IllegalArgumentException.class, () -> p.observations(four(), "g", 1.5));
    }

    @Test
    void meanCrossEntropyIsTheTrainingLossFormula() {
        Predictions p = Predictions.of(LOGITS, 1);
        int[] y = {1, 0, 1, 0};
        // -log softmax: row 0 log(1 + e^-2), row 1 log(1 + e^-2), row 2 log 2, row 3 log(4) (p(0) = 1/4)
        double expected = (2 * Math.log1p(Math.exp(-2)) + Math.log(2) + Math.log(4)) / 4;
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(expected, p.meanCrossEntropy(y, m), 1e-7);
            assertThrows(IllegalArgumentException.class, () -> p.meanCrossEntropy(new int[] {1}, m));
        }
    }
}
