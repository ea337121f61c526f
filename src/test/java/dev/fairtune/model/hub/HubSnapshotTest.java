package dev.fairtune.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sharded checkpoints, missing pieces, and names that would leave the cache. */
class HubSnapshotTest extends HubTestSupport {

    private static final byte[] SHARD1 = FakeHub.bytes(120_000, 1);
    private static final byte[] SHARD2 = FakeHub.bytes(80_000, 2);
    private static final String INDEX = "{\"metadata\": {\"total_size\": 200000}, \"weight_map\": {"
            + "\"embeddings.word_embeddings.weight\": \"model-00001-of-00002.safetensors\","
            + "\"encoder.layer.0.attention.self.query.weight\": \"model-00001-of-00002.safetensors\","
            + "\"pooler.dense.weight\": \"model-00002-of-00002.safetensors\"}}";

    private String publishSharded(String index) throws Exception {
        return hub.publish(REPO, "main", FakeHub.folder(tmp.resolve("repo"), "config.json", CONFIG,
                "tokenizer.json", TOKENIZER, "tokenizer_config.json", "{\"model_max_length\": 512}",
                "model.safetensors.index.json", index, "model-00001-of-00002.safetensors", SHARD1,
                "model-00002-of-00002.safetensors", SHARD2));
    }

    @Test
    void shardedCheckpoint() throws Exception {
        String commit = publishSharded(INDEX);
        HubSnapshot snapshot = client().downloadSnapshot(REPO, "main");
        assertEquals(List.of("config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors.index.json",
                "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"), snapshot.files());
        Path dir = snapshot.directory();
        assertBytes(SHARD1, dir.resolve("model-00001-of-00002.safetensors"));
        assertBytes(SHARD2, dir.resolve("model-00002-of-00002.safetensors"));
        assertEquals(INDEX, read(dir.resolve("model.safetensors.index.json")));
        assertTrue(Files.exists(repoDir().resolve(".no_exist/" + commit + "/model.safetensors")));
        assertEquals(2, hub.requests().stream().filter(r -> r.server().equals("cdn")).count(),
                "each shard fetched once although the index names the first twice");

        // Offline, the same snapshot comes from the cache, also without the .no_exist marker.
        hub.clearRequests();
        Files.delete(repoDir().resolve(".no_exist/" + commit + "/model.safetensors"));
        HubSnapshot offline = client(b -> b.optOffline(true)).downloadSnapshot(REPO, "main");
        assertEquals(snapshot, offline);
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void offlineWithoutWeightsSaysWhatIsMissing() throws Exception {
        publishTinyBert();
        client().download(REPO, "main", "config.json");
        client().download(REPO, "main", "tokenizer.json");
        HubException e = assertThrows(HubException.class,
                () -> client(b -> b.optOffline(true)).snapshot(REPO, "main"));
        assertEquals(HubException.Reason.NOT_CACHED, e.reason());
        assertTrue(e.getMessage().contains("neither model.safetensors nor model.safetensors.index.json"),
                e.getMessage());
    }

    @Test
    void pytorchOnlyRepositoryIsRefusedClearly() throws Exception {
        hub.publish(REPO, "main", FakeHub.folder(tmp.resolve("repo"), "config.json", CONFIG, "tokenizer.json",
                TOKENIZER, "pytorch_model.bin", "not safetensors"));
        HubException e = assertThrows(HubException.class, () -> client().snapshot(REPO, "main"));
        assertEquals(HubException.Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("Only safetensors checkpoints are supported (pytorch_model.bin is not"),
                e.getMessage());
        assertTrue(e.getMessage().contains("refs/pr/"), e.getMessage());
    }

    @Test
    void missingTokenizerFailsBeforeTheWeightsAreFetched() throws Exception {
        hub.publish(REPO, "main", FakeHub.folder(tmp.resolve("repo"), "config.json", CONFIG, "vocab.txt", "[PAD]\n",
                "model.safetensors", WEIGHTS));
        HubException e = assertThrows(HubException.class, () -> client().snapshot(REPO, "main"));
        assertEquals(HubException.Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("has no tokenizer.json"), e.getMessage());
        assertTrue(e.getMessage().contains("save_pretrained"), e.getMessage());
        assertTrue(hub.requests().stream().noneMatch(r -> r.path().contains("model.safetensors")));
    }

    @Test
    void missingConfigIsNotAModel() throws Exception {
        hub.publish(REPO, "main", FakeHub.folder(tmp.resolve("repo"), "README.md", "# hi"));
        HubException e = assertThrows(HubException.class, () -> client().snapshot(REPO, "main"));
        assertEquals(HubException.Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("has no config.json"), e.getMessage());
    }

    @Test
    void shardThatClimbsOutOfTheCacheIsRefused() throws Exception {
        for (String evil : new String[] {"../evil.safetensors", "../../../../evil.safetensors",
            "sub/../../evil.safetensors", "/tmp/evil.safetensors", "..\\evil.safetensors", "model.bin"}) {
            hub.clearRequests();
            String index = "{\"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\", \"b\": \""
                    + evil.replace("\\", "\\\\") + "\"}}";
            publishSharded(index);
            HubException e = assertThrows(HubException.class, () -> client().snapshot(REPO, "main"), evil);
            assertEquals(HubException.Reason.INVALID_INPUT, e.reason(), evil);
            assertTrue(e.getMessage().contains("weight_map"), e.getMessage());
            assertTrue(hub.requests().stream().noneMatch(r -> r.path().contains("model-0000")),
                    "no shard is fetched once one name is refused: " + hub.requests());
            assertEquals(List.of(), filesOutsideCache(), evil);
        }
    }

    @Test
    void brokenIndexIsReported() throws Exception {
        publishSharded("{\"metadata\": {}}");
        HubException e = assertThrows(HubException.class, () -> client().snapshot(REPO, "main"));
        assertEquals(HubException.Reason.PROTOCOL, e.reason());
        assertTrue(e.getMessage().contains("weight_map"), e.getMessage());
        hub.clearRequests();
        publishSharded("{not json");
        assertEquals(HubException.Reason.PROTOCOL,
                assertThrows(HubException.class, () -> client().snapshot(REPO, "main")).reason());
    }

    @Test
    void traversalNamesAreRefusedBeforeAnyRequest() throws Exception {
        publishTinyBert();
        HuggingFaceHub client = client();
        String[][] calls = {
            {REPO, "main", "../evil"}, {REPO, "main", "/abs"}, {REPO, "main", "a/../../evil"},
            {REPO, "main", "..\\evil"}, {REPO, "main", "a//b"}, {REPO, "main", ""},
            {REPO, "../../x", "config.json"}, {REPO, "refs/../../x", "config.json"},
            {"../evil", "main", "config.json"}, {"acme/../../evil", "main", "config.json"}, {"/abs", "main", "x"},
        };
        for (String[] call : calls) {
            HubException e = assertThrows(HubException.class, () -> client.download(call[0], call[1], call[2]),
                    String.join(" ", call));
            assertEquals(HubException.Reason.INVALID_INPUT, e.reason());
            HubException optional = assertThrows(HubException.class,
                    () -> client.downloadOptional(call[0], call[1], call[2]));
            assertEquals(HubException.Reason.INVALID_INPUT, optional.reason());
        }
        assertEquals(List.of(), hub.requests());
        assertFalse(Files.exists(cache), "nothing was written, not even the cache folder");
        assertEquals(List.of(), filesOutsideCache());
    }
}
