package dev.fairtune.explain;

import dev.fairtune.text.TokenizedText;

import java.util.ArrayList;
import java.util.List;

/**
 * A word of the text and its attribution: the sum of its sub-word tokens' attributions.
 *
 * @param word the word as it appears in the text
 * @param start the index of its first character in the text
 * @param end the index after its last character
 * @param attribution the sum of its tokens' attributions
 */
public record WordAttribution(String word, int start, int end, double attribution) {

    /**
     * The words of a tokenized text: runs of tokens with the same word index (the tokenizer's
     * pre-tokenizer splits at whitespace and punctuation, so "muslims," is "muslims" and ","),
     * spanning the characters from the first token's start to the last token's end. Special tokens
     * belong to no word and are left out.
     *
     * @param tokens attribution per token, one per token of {@code text}
     */
    public static List<WordAttribution> merge(TokenizedText text, double[] tokens) {
        if (tokens.length != text.size()) {
            throw new IllegalArgumentException(tokens.length + " attributions for " + text.size() + " tokens");
        }
        List<WordAttribution> out = new ArrayList<>();
        int i = 0;
        while (i < text.size()) {
            if (text.isSpecial(i)) {
                i++;
                continue;
            }
            int word = text.words()[i];
            int start = text.starts()[i];
            int end = text.ends()[i];
            double sum = 0;
            while (i < text.size() && !text.isSpecial(i) && text.words()[i] == word) {
                end = text.ends()[i];
                sum += tokens[i];
                i++;
            }
            out.add(new WordAttribution(text.text().substring(start, end), start, end, sum));
        }
        return out;
    }
}
