package dev.fairtune.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Cut transfers resumed with Range, servers that ignore Range, stalls, and integrity checks. */
class HubTransferTest extends HubTestSupport {

    private final String weightsEtag = FakeHub.hex("SHA-256", WEIGHTS);

    private List<String> cdnRanges() {
        return hub.requests().stream().filter(r -> r.server().equals("cdn"))
                .map(r -> String.valueOf(r.range())).collect(Collectors.toList());
    }

    @Test
    void cutTransferIsKeptAndTheNextCallResumesIt() throws Exception {
        publishTinyBert();
        hub.dropConnection("model.safetensors", 100_000, 1);
        HuggingFaceHub client = client(b -> b.optDownloadAttempts(1));

        HubException cut = assertThrows(HubException.class, () -> client.snapshot(REPO, "main"));
        assertEquals(HubException.Reason.NETWORK, cut.reason());
        assertTrue(cut.getMessage().contains("run again to resume"), cut.getMessage());
        Path partial = repoDir().resolve("blobs/" + weightsEtag + ".incomplete");
        assertEquals(100_000, Files.size(partial));
        assertBytes(Arrays.copyOf(WEIGHTS, 100_000), partial);

        Path dir = client.snapshot(REPO, "main");
        assertBytes(WEIGHTS, dir.resolve("model.safetensors"));
        assertFalse(Files.exists(partial));
        assertEquals(List.of("null", "bytes=100000-"), cdnRanges());
    }

    @Test
    void oneCallResumesSeveralTimes() throws Exception {
        publishTinyBert();
        hub.dropConnection("model.safetensors", 100_000, 2);
        Path dir = client().snapshot(REPO, "main");
        assertBytes(WEIGHTS, dir.resolve("model.safetensors"));
        assertEquals(List.of("null", "bytes=100000-", "bytes=200000-"), cdnRanges());
    }

    @Test
    void smallFilesOnTheHubResumeToo() throws Exception {
        String big = "{\"vocab\": \"" + "x".repeat(50_000) + "\"}";
        hub.publish(REPO, "main", FakeHub.folder(tmp.resolve("repo"), "config.json", CONFIG, "tokenizer.json", big,
                "model.safetensors", WEIGHTS));
        hub.dropConnection("tokenizer.json", 20_000, 1);
        Path dir = client().snapshot(REPO, "main");
        assertEquals(big, read(dir.resolve("tokenizer.json")));
        assertTrue(hub.requests().stream().anyMatch(r -> "bytes=20000-".equals(r.range())
                && r.path().endsWith("/tokenizer.json")), hub.requests().toString());
    }

    @Test
    void serverIgnoringRangeRestartsFromZero() throws Exception {
        publishTinyBert();
        hub.dropConnection("model.safetensors", 100_000, 1);
        HuggingFaceHub client = client(b -> b.optDownloadAttempts(1));
        assertThrows(HubException.class, () -> client.snapshot(REPO, "main"));
        hub.ignoreRange(true);
        Path dir = client.snapshot(REPO, "main");
        assertBytes(WEIGHTS, dir.resolve("model.safetensors"));
        assertEquals(List.of("null", "bytes=100000-"), cdnRanges(), "asked for a range, got the whole file");
    }

    @Test
    void stalledTransferIsAbandonedAndResumed() throws Exception {
        publishTinyBert();
        hub.stallAfter("model.safetensors", 50_000);
        Path dir = client(b -> b.optTimeout(Duration.ofMillis(500))).snapshot(REPO, "main");
        assertBytes(WEIGHTS, dir.resolve("model.safetensors"));
        assertEquals(List.of("null", "bytes=50000-"), cdnRanges());
    }

    @Test
    void partialLongerThanTheFileStartsAgain() throws Exception {
        publishTinyBert();
        Path partial = repoDir().resolve("blobs/" + weightsEtag + ".incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, new byte[WEIGHTS.length + 10]);
        Path dir = client().snapshot(REPO, "main");
        assertBytes(WEIGHTS, dir.resolve("model.safetensors"));
        assertEquals(List.of("null"), cdnRanges());
    }

    @Test
    void checksumMismatchDeletesTheBytes() throws Exception {
        publishTinyBert();
        hub.corrupt("model.safetensors");
        HubException e = assertThrows(HubException.class, () -> client().snapshot(REPO, "main"));
        assertEquals(HubException.Reason.INTEGRITY, e.reason());
        assertTrue(e.getMessage().contains("Checksum mismatch for 'model.safetensors' of acme/tiny-bert"),
                e.getMessage());
        assertTrue(e.getMessage().contains(weightsEtag), e.getMessage());
        assertNoWeightsCached();
    }

    @Test
    void announcedSizeMismatchDeletesTheBytes() throws Exception {
        publishTinyBert();
        hub.announceSize("model.safetensors", WEIGHTS.length - 1);
        HubException e = assertThrows(HubException.class, () -> client().snapshot(REPO, "main"));
        assertEquals(HubException.Reason.INTEGRITY, e.reason());
        assertTrue(e.getMessage().contains((WEIGHTS.length - 1) + " bytes"), e.getMessage());
        assertNoWeightsCached();
    }

    @Test
    void sizeMismatchOfAGitFileIsCaught() throws Exception {
        publishTinyBert();
        hub.announceSize("config.json", CONFIG.length() + 5);
        HubException e = assertThrows(HubException.class, () -> client().download(REPO, "main", "config.json"));
        assertEquals(HubException.Reason.INTEGRITY, e.reason());
        assertEquals(List.of(), FakeHub.files(repoDir().resolve("blobs")));
    }

    private void assertNoWeightsCached() throws Exception {
        assertFalse(Files.exists(repoDir().resolve("blobs/" + weightsEtag)));
        assertFalse(Files.exists(repoDir().resolve("blobs/" + weightsEtag + ".incomplete")));
        assertTrue(FakeHub.files(repoDir().resolve("snapshots")).stream().noneMatch(f -> f.endsWith(".safetensors")));
    }
}
