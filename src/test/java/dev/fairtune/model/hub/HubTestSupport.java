package dev.fairtune.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fake hub on 127.0.0.1, a cache in a temp folder, and a small BERT-like repository to publish. */
abstract class HubTestSupport {

    static final String REPO = "acme/tiny-bert";
    static final String CONFIG = "{\"model_type\": \"bert\", \"hidden_size\": 8}\n";
    static final String TOKENIZER = "{\"version\": \"1.0\", \"model\": {\"type\": \"WordPiece\"}}\n";
    /** Fake weights: large enough for several network reads, small enough for milliseconds. */
    static final byte[] WEIGHTS = FakeHub.bytes(300_000, 7);

    @TempDir
    Path tmp;
    FakeHub hub;
    Path cache;

    @BeforeEach
    void startHub() throws IOException {
        hub = FakeHub.start();
        cache = tmp.resolve("cache");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    /** A client on the fake hub and the temp cache, quiet, with a short timeout. */
    HuggingFaceHub client() {
        return client(b -> b);
    }

    HuggingFaceHub client(UnaryOperator<HubSettings.Builder> adjust) {
        return new HuggingFaceHub(adjust.apply(HubSettings.builder().setCacheDir(cache).optEndpoint(hub.endpoint())
                .optTimeout(Duration.ofSeconds(5))).build());
    }

    /** Publishes config.json, tokenizer.json and model.safetensors (LFS) as {@code main} of {@link #REPO}. */
    String publishTinyBert() throws IOException {
        return hub.publish(REPO, "main", FakeHub.folder(tmp.resolve("repo"), "config.json", CONFIG,
                "tokenizer.json", TOKENIZER, "model.safetensors", WEIGHTS));
    }

    Path repoDir() {
        return cache.resolve("models--acme--tiny-bert");
    }

    /** Files anywhere under the temp folder except the cache and the published repository folders. */
    List<String> filesOutsideCache() throws IOException {
        return FakeHub.files(tmp).stream().filter(f -> !f.startsWith("cache/") && !f.startsWith("repo"))
                .collect(Collectors.toList());
    }

    static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    static void assertBytes(byte[] expected, Path file) throws IOException {
        assertEquals(FakeHub.hex("SHA-256", expected), FakeHub.hex("SHA-256", Files.readAllBytes(file)),
                "content of " + file);
    }
}
