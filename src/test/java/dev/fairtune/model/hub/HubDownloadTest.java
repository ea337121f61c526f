package dev.fairtune.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** Downloads into HF's layout, cache reuse online and offline, redirects, tokens, progress. */
class HubDownloadTest extends HubTestSupport {

    @Test
    void snapshotLandsInHfLayout() throws Exception {
        String commit = publishTinyBert();
        HubSnapshot snapshot = client().downloadSnapshot(REPO, "main");

        Path dir = repoDir().resolve("snapshots").resolve(commit);
        assertEquals(dir, snapshot.directory());
        assertEquals(commit, snapshot.commit());
        assertEquals("main", snapshot.revision());
        assertEquals(List.of("config.json", "tokenizer.json", "model.safetensors"), snapshot.files());
        assertEquals(commit, read(repoDir().resolve("refs/main")));

        String configEtag = FakeHub.gitSha1(CONFIG.getBytes(StandardCharsets.UTF_8));
        String tokenizerEtag = FakeHub.gitSha1(TOKENIZER.getBytes(StandardCharsets.UTF_8));
        String weightsEtag = FakeHub.hex("SHA-256", WEIGHTS);
        List<String> blobs = new ArrayList<>(List.of(configEtag, tokenizerEtag, weightsEtag));
        Collections.sort(blobs);
        assertEquals(blobs, FakeHub.files(repoDir().resolve("blobs")));

        assertLink(dir.resolve("config.json"), "../../blobs/" + configEtag);
        assertLink(dir.resolve("tokenizer.json"), "../../blobs/" + tokenizerEtag);
        assertLink(dir.resolve("model.safetensors"), "../../blobs/" + weightsEtag);
        assertEquals(CONFIG, read(dir.resolve("config.json")));
        assertEquals(TOKENIZER, read(dir.resolve("tokenizer.json")));
        assertBytes(WEIGHTS, dir.resolve("model.safetensors"));
        assertTrue(Files.exists(repoDir().resolve(".no_exist/" + commit + "/tokenizer_config.json")),
                "the hub's 404 for the optional tokenizer_config.json is remembered");

        // HEAD for each file; GET for the two small files on the hub, the weights through the CDN.
        assertEquals(4, hub.count("HEAD"));
        assertEquals(3, hub.count("GET"));
        assertTrue(hub.requests().stream().anyMatch(r -> r.server().equals("cdn") && r.method().equals("GET")));
        assertEquals(List.of(), filesOutsideCache());
    }

    private static void assertLink(Path link, String target) throws Exception {
        assertTrue(Files.isSymbolicLink(link), link + " is a symbolic link");
        assertEquals(Path.of(target), Files.readSymbolicLink(link));
    }

    @Test
    void offlineReuseMakesNoRequest() throws Exception {
        publishTinyBert();
        Path online = client().snapshot(REPO, "main");
        hub.clearRequests();

        HuggingFaceHub offline = client(b -> b.optOffline(true));
        assertEquals(online, offline.snapshot(REPO, "main"));
        assertEquals(online.resolve("config.json"), offline.download(REPO, null, "config.json"));
        assertEquals(Optional.empty(), offline.downloadOptional(REPO, "main", "tokenizer_config.json"));
        assertEquals(List.of(), hub.requests());

        HubException missingFile = assertThrows(HubException.class, () -> offline.download(REPO, "main", "vocab.txt"));
        assertEquals(HubException.Reason.NOT_CACHED, missingFile.reason());
        assertTrue(missingFile.getMessage().contains("'vocab.txt' of acme/tiny-bert at revision 'main'"),
                missingFile.getMessage());
        assertTrue(missingFile.getMessage().contains("unset HF_HUB_OFFLINE"), missingFile.getMessage());

        HubException missingRevision = assertThrows(HubException.class, () -> offline.snapshot(REPO, "v2"));
        assertEquals(HubException.Reason.NOT_CACHED, missingRevision.reason());
        assertTrue(missingRevision.getMessage().contains("never resolved"), missingRevision.getMessage());
        assertTrue(missingRevision.getMessage().contains("revisions [main]"), missingRevision.getMessage());

        HubException otherRepo = assertThrows(HubException.class, () -> offline.snapshot("acme/other", "main"));
        assertTrue(otherRepo.getMessage().contains("holds nothing for acme/other"), otherRepo.getMessage());
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void onlineReuseAsksOnlyForMetadataAndSharesBlobs() throws Exception {
        String first = publishTinyBert();
        HuggingFaceHub client = client();
        Path firstDir = client.snapshot(REPO, "main");
        hub.clearRequests();

        assertEquals(firstDir, client.snapshot(REPO, "main"));
        assertEquals(0, hub.count("GET"), "an unchanged revision downloads nothing");
        assertEquals(1, hub.count("HEAD"), "config.json resolves main to the cached commit; the rest is pinned to it");

        // The branch moves: only the changed file is downloaded, the rest is linked from existing blobs.
        String second = hub.publish(REPO, "main", FakeHub.folder(tmp.resolve("repo2"), "config.json",
                "{\"model_type\": \"bert\", \"hidden_size\": 16}\n", "tokenizer.json", TOKENIZER,
                "model.safetensors", WEIGHTS));
        hub.clearRequests();
        Path secondDir = client.snapshot(REPO, "main");
        assertNotEquals(first, second);
        assertEquals(repoDir().resolve("snapshots/" + second), secondDir);
        assertEquals(second, read(repoDir().resolve("refs/main")));
        assertEquals(1, hub.count("GET"));
        assertTrue(read(secondDir.resolve("config.json")).contains("16"));
        assertEquals(Files.readSymbolicLink(firstDir.resolve("model.safetensors")),
                Files.readSymbolicLink(secondDir.resolve("model.safetensors")));
        assertEquals(4, FakeHub.files(repoDir().resolve("blobs")).size());
    }

    @Test
    void commitHashIsServedFromCacheWithoutRequests() throws Exception {
        String commit = publishTinyBert();
        HuggingFaceHub client = client();
        Path dir = client.snapshot(REPO, "main");
        hub.clearRequests();
        assertEquals(dir, client.snapshot(REPO, commit));
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void slashRevisionIsEncodedAndStoredAsNestedRef() throws Exception {
        String commit = hub.publish(REPO, "refs/pr/1", FakeHub.folder(tmp.resolve("repo"), "config.json", CONFIG,
                "tokenizer.json", TOKENIZER, "model.safetensors", WEIGHTS));
        client().snapshot(REPO, "refs/pr/1");
        assertEquals(commit, read(repoDir().resolve("refs/refs/pr/1")));
        assertTrue(hub.requests().get(0).path().contains("/resolve/refs%2Fpr%2F1/config.json"),
                hub.requests().get(0).path());
    }

    @Test
    void renamedRepositoryFollowsRelativeRedirect() throws Exception {
        publishTinyBert();
        hub.rename("acme/old-name", REPO);
        Path config = client().download("acme/old-name", "main", "config.json");
        assertEquals(CONFIG, read(config));
        assertTrue(config.startsWith(cache.resolve("models--acme--old-name")), config.toString());
        assertEquals("/acme/old-name/resolve/main/config.json", hub.requests().get(0).path());
        assertEquals("/acme/tiny-bert/resolve/main/config.json", hub.requests().get(1).path());
    }

    @Test
    void tokenGoesToTheHubButNotToTheCdn() throws Exception {
        publishTinyBert();
        hub.requireToken("hf_secret");
        client(b -> b.optToken("hf_secret")).snapshot(REPO, "main");
        for (FakeHub.Request r : hub.requests()) {
            if (r.server().equals("hub")) {
                assertEquals("Bearer hf_secret", r.authorization(), r.toString());
            } else {
                assertNull(r.authorization(), "token leaked to the CDN: " + r);
            }
        }
        assertTrue(hub.requests().stream().anyMatch(r -> r.server().equals("cdn")));
    }

    @Test
    void concurrentSnapshotsDownloadEachBlobOnce() throws Exception {
        publishTinyBert();
        HuggingFaceHub client = client();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> client.snapshot(REPO, "main")));
            }
            Path dir = results.get(0).get(30, TimeUnit.SECONDS);
            for (Future<Path> result : results) {
                assertEquals(dir, result.get(30, TimeUnit.SECONDS));
            }
            assertBytes(WEIGHTS, dir.resolve("model.safetensors"));
            assertTrue(Files.isSymbolicLink(dir.resolve("model.safetensors")));
            assertEquals(1, hub.requests().stream().filter(r -> r.server().equals("cdn")).count());
            assertEquals(List.of("config.json", "model.safetensors", "tokenizer.json"), FakeHub.files(dir));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void progressBarIsDrawnForLargeFilesWhenEnabled() throws Exception {
        byte[] large = FakeHub.bytes(3 << 20, 11);
        hub.publish(REPO, "main", FakeHub.folder(tmp.resolve("repo"), "config.json", CONFIG, "tokenizer.json",
                TOKENIZER, "model.safetensors", large));
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        HubSettings settings = HubSettings.builder().setCacheDir(cache).optEndpoint(hub.endpoint())
                .optProgressBar(true).build();
        Path dir = new HuggingFaceHub(settings, () -> new DelegatingProgressBarConsumer(lines::add, 120))
                .snapshot(REPO, "main");
        assertBytes(large, dir.resolve("model.safetensors"));
        assertFalse(lines.isEmpty());
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("model.safetensors") && last.contains("100%"), last);
        assertTrue(lines.stream().noneMatch(l -> l.contains("config.json")), "small files get no bar: " + lines);
    }
}
