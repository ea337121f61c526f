package dev.fairtune.text;

import java.util.List;

/**
 * One text as its tokens, with where each token came from: the input of an attribution, which
 * needs to map token scores back to the words of the text.
 *
 * @param text the text as given
 * @param ids token ids, special tokens included ([CLS] first, [SEP] last)
 * @param typeIds token type ids (all 0 for a single text)
 * @param tokens the token strings ("[CLS]", "mus", "##lim", ...)
 * @param words the word index of each token as the tokenizer's pre-tokenizer splits the text
 *     (whitespace and punctuation), -1 for special tokens
 * @param starts the index of each token's first character in {@code text}, -1 for special tokens
 * @param ends the index after each token's last character, -1 for special tokens
 */
public record TokenizedText(String text, long[] ids, long[] typeIds, List<String> tokens, int[] words, int[] starts,
        int[] ends) {

    /** Checks that every array has one entry per token. */
    public TokenizedText {
        int n = ids.length;
        if (typeIds.length != n || tokens.size() != n || words.length != n || starts.length != n || ends.length != n) {
            throw new IllegalArgumentException("every array must hold one entry per token (" + n + ")");
        }
        tokens = List.copyOf(tokens);
    }

    /** Number of tokens, special tokens included. */
    public int size() {
        return ids.length;
    }

    /** Whether token {@code i} is a special token ([CLS], [SEP]). */
    public boolean isSpecial(int i) {
        return words[i] < 0;
    }
}
