package dev.fairtune.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fairtune.model.TestModels;
import dev.fairtune.text.TextEncoder;
import dev.fairtune.text.TokenizedText;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Sub-word tokens merged back to the words of the text, through the tokenizer's offsets. */
class WordAttributionTest {

    @Test
    void subWordsAddUpToTheirWordAndSpecialTokensAreLeftOut() throws Exception {
        try (TextEncoder text = TextEncoder.builder(TestModels.tokenizerJson()).build()) {
            String s = "Hello, Dimwitted  buffoon";
            TokenizedText t = text.tokenize(s);
            // uncased WordPiece: "dimwitted" and "buffoon" are split into pieces
            assertEquals(List.of("[CLS]", "hello", ",", "dim", "##wi", "##tted", "buff", "##oon", "[SEP]"),
                    t.tokens());
            double[] a = {5, 1, 2, 0.5, 0.25, 0.125, -3, -4, 7};
            List<WordAttribution> words = WordAttribution.merge(t, a);
            assertEquals(List.of(
                    new WordAttribution("Hello", 0, 5, 1),
                    new WordAttribution(",", 5, 6, 2),
                    new WordAttribution("Dimwitted", 7, 16, 0.875),
                    new WordAttribution("buffoon", 18, 25, -7)), words);
        }
    }
}
