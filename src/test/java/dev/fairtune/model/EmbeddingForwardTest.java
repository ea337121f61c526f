package dev.fairtune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import dev.fairtune.text.EncodedBatch;
import dev.fairtune.text.TextEncoder;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The forward pass from word embeddings gives the logits of the forward pass from ids. */
class EmbeddingForwardTest {

    @Test
    void logitsFromEmbeddingsEqualLogitsFromIdsWithPaddingAndTypes() throws Exception {
        Checkpoint ckpt = new Checkpoint(TestModels.SMALL, TestModels.weights(TestModels.SMALL, 3),
                TestModels.tokenizerJson(), List.of(), Pooling.POOLER, "test");
        try (PretrainedModel model = PretrainedModel.load(ckpt);
                TextEncoder text = TextEncoder.builder(model).optMaxLength(16).build();
                NDManager m = model.manager().newSubManager();
                Autograd.Mode g = Autograd.noGrad()) {
            BertClassifier c = BertClassifier.builder(model).optLabels(List.of("a", "b", "c")).build();
            // a pair batch: padding in row 1, type ids 1 in the second texts
            EncodedBatch batch = text.encodePairs(List.of("one small text", "hi"), List.of("and another one", "x"));
            ParameterStore ps = new ParameterStore(m, false);
            NDList in = batch.toNDList(m);
            NDArray fromIds = c.forward(ps, in, false).get(BertClassifier.LOGITS);
            NDArray words = c.encoder().wordEmbeddings(ps, in.get(BertEncoder.INPUT_IDS), false);
            NDArray fromEmbeddings = c.logitsFromEmbeddings(ps, words, in.get(BertEncoder.ATTENTION_MASK),
                    in.get(BertEncoder.TOKEN_TYPE_IDS), false);
            assertArrayEquals(fromIds.toFloatArray(), fromEmbeddings.toFloatArray(), 0f);
        }
    }
}
