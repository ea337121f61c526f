package dev.fairtune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** Reading and writing HuggingFace config.json. */
class BertConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsHuggingFaceFieldsAndDefaults() throws Exception {
        BertConfig c = BertConfig.fromJson(JSON.readTree("""
                {"architectures": ["BertModel"], "model_type": "bert", "vocab_size": 100, "hidden_size": 48,
                 "num_hidden_layers": 3, "num_attention_heads": 6, "intermediate_size": 96,
                 "max_position_embeddings": 40, "type_vocab_size": 1, "layer_norm_eps": 1e-5,
                 "hidden_dropout_prob": 0.2, "attention_probs_dropout_prob": 0.05, "classifier_dropout": null,
                 "hidden_act": "gelu", "pad_token_id": 1, "torch_dtype": "bfloat16"}"""));
        assertEquals(new BertConfig(100, 48, 3, 6, 96, 40, 1, 1e-5, 0.2, 0.05, 0.2, 1, 0.02), c);
        assertEquals(8, c.headSize());
        assertEquals(c, BertConfig.fromJson(c.toJson()), "toJson then fromJson is the identity");
        BertConfig base = BertConfig.fromJson(JSON.readTree("{}"));
        assertEquals(BertConfig.builder().build(), base);
        assertEquals(768, base.hiddenSize());
        assertEquals(0.1, base.classifierDropout());
    }

    @Test
    void rejectsOtherArchitecturesAndInconsistentShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BertConfig.fromJson(JSON.readTree("{\"model_type\": \"roberta\"}")));
        assertTrue(e.getMessage().contains("roberta"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BertConfig.fromJson(JSON.readTree("{\"hidden_act\": \"relu\"}")));
        assertThrows(IllegalArgumentException.class,
                () -> BertConfig.fromJson(JSON.readTree("{\"position_embedding_type\": \"relative_key\"}")));
        e = assertThrows(IllegalArgumentException.class,
                () -> BertConfig.fromJson(JSON.readTree("{\"hidden_size\": 100, \"num_attention_heads\": 12}")));
        assertTrue(e.getMessage().contains("not a multiple"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BertConfig.fromJson(JSON.readTree("{\"vocab_size\": \"many\"}")));
        assertThrows(IllegalArgumentException.class, () -> BertConfig.builder().optHiddenDropout(1.0).build());
    }
}
