package dev.fairtune.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import dev.fairtune.model.BertEncoder;
import dev.fairtune.model.ModelSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/** Tokenization with the uncased BERT WordPiece vocabulary of the built-in model. */
class TextEncoderTest {

    static byte[] tokenizer;

    // uncased BERT ids: [CLS] 101, [SEP] 102, [PAD] 0, hello 7592, world 2088, ! 999
    static final long CLS = 101;
    static final long SEP = 102;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = TextEncoderTest.class.getResourceAsStream(ModelSource.MINILM_TOKENIZER)) {
            tokenizer = in.readAllBytes();
        }
    }

    @Test
    void padsToTheLongestTextOfTheBatchWithMasks() {
        try (TextEncoder text = TextEncoder.builder(tokenizer).optMaxLength(128).build()) {
            EncodedBatch b = text.encode(List.of("Hello world!", "hello"));
            assertEquals(2, b.size());
            assertEquals(5, b.length(), "padded to the longest (5 tokens), not to 128");
            assertArrayEquals(new long[] {CLS, 7592, 2088, 999, SEP, CLS, 7592, SEP, 0, 0}, b.inputIds());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, b.attentionMask());
            assertArrayEquals(new long[10], b.typeIds());
            assertEquals(5, b.tokens(0));
            assertEquals(3, b.tokens(1));
        }
    }

    @Test
    void truncatesToTheMaximumOrRefuses() {
        String longText = String.join(" ", java.util.Collections.nCopies(40, "hello"));
        try (TextEncoder text = TextEncoder.builder(tokenizer).optMaxLength(8).build()) {
            EncodedBatch b = text.encode(List.of(longText, "world"));
            assertEquals(8, b.length());
            long[] first = Arrays.copyOfRange(b.inputIds(), 0, 8);
            assertArrayEquals(new long[] {CLS, 7592, 7592, 7592, 7592, 7592, 7592, SEP}, first);
        }
        try (TextEncoder text = TextEncoder.builder(tokenizer).optMaxLength(8).optTruncation(false).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> text.encode(List.of("world", longText)));
            assertTrue(e.getMessage().contains("text 1 has 42 tokens"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TextEncoder.builder(tokenizer).optMaxLength(1).build());
        assertThrows(IllegalArgumentException.class,
                () -> TextEncoder.builder(tokenizer).optModelMaxLength(64).optMaxLength(128).build());
    }

    @Test
    void pairsGetSegmentTypeIds() {
        try (TextEncoder text = TextEncoder.builder(tokenizer).build()) {
            EncodedBatch b = text.encodePairs(List.of("hello", "hello world"), List.of("world", "hello"));
            assertEquals(6, b.length());
            assertArrayEquals(new long[] {CLS, 7592, SEP, 2088, SEP, 0, CLS, 7592, 2088, SEP, 7592, SEP}, b.inputIds());
            assertArrayEquals(new long[] {0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1}, b.typeIds());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1}, b.attentionMask());
            assertThrows(IllegalArgumentException.class, () -> text.encodePairs(List.of("a"), List.of()));
            assertThrows(IllegalArgumentException.class, () -> text.encode(List.of()));
        }
    }

    @Test
    void becomesModelInputInTheEncoderSlots() {
        try (TextEncoder text = TextEncoder.builder(tokenizer).build(); NDManager m = NDManager.newBaseManager()) {
            NDList in = text.encode(List.of("hello world", "hello")).toNDList(m);
            assertEquals(new Shape(2, 4), in.get(BertEncoder.INPUT_IDS).getShape());
            assertEquals(DataType.INT64, in.get(BertEncoder.ATTENTION_MASK).getDataType());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, in.get(BertEncoder.ATTENTION_MASK).toLongArray());
            assertArrayEquals(new long[8], in.get(BertEncoder.TOKEN_TYPE_IDS).toLongArray());
        }
    }

    @Test
    void tokenIdsOfVocabularyTokensAndErrorsForOthers() {
        try (TextEncoder enc = TextEncoder.builder(tokenizer).build()) {
            assertEquals(0, enc.tokenId("[PAD]"));
            assertEquals(103, enc.tokenId("[MASK]"));
            assertThrows(IllegalArgumentException.class, () -> enc.tokenId("[NOPE]"));
            assertThrows(IllegalArgumentException.class, () -> enc.tokenId("dimwitted"));
        }
    }

    @Test
    void tokenizeGivesOffsetsAndWordsAndMarksSpecialTokens() {
        try (TextEncoder enc = TextEncoder.builder(tokenizer).build()) {
            TokenizedText t = enc.tokenize("Hello world!");
            assertArrayEquals(new long[] {CLS, 7592, 2088, 999, SEP}, t.ids());
            assertArrayEquals(new int[] {-1, 0, 1, 2, -1}, t.words());
            assertArrayEquals(new int[] {-1, 0, 6, 11, -1}, t.starts());
            assertArrayEquals(new int[] {-1, 5, 11, 12, -1}, t.ends());
            assertTrue(t.isSpecial(0) && t.isSpecial(4) && !t.isSpecial(1));
        }
    }
}
