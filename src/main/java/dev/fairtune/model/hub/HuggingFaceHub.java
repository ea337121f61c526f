package dev.fairtune.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads files and model snapshots from a HuggingFace hub into HuggingFace's cache layout (see
 * {@link HubSettings} for where, and docs/hub.md for the layout).
 *
 * <p>How a file is served, in order:
 * <ol>
 *   <li>offline ({@code HF_HUB_OFFLINE}): from the cache, a branch or tag resolved through
 *       {@code refs/}; no request at all; a miss fails (NOT_CACHED) naming what is missing;</li>
 *   <li>a full commit hash whose file is cached (or known absent): from the cache, no request, since a
 *       commit never changes;</li>
 *   <li>otherwise one {@code HEAD} request asks the hub which commit and which content (entity tag) the
 *       revision means now; a file already cached for that commit is served without downloading, else
 *       its bytes are downloaded (resuming a partial transfer), checked and linked into the snapshot;</li>
 *   <li>when the hub cannot be reached, a copy cached for the revision's last known commit is served
 *       with a warning (as the Python client does); without one the call fails (NETWORK).</li>
 * </ol>
 * Instances are thread-safe; one blob is downloaded by one thread (and one process) at a time.
 */
public final class HuggingFaceHub {

    /** The model configuration every snapshot needs. */
    public static final String CONFIG = "config.json";
    /** The fast-tokenizer file every snapshot needs. */
    public static final String TOKENIZER = "tokenizer.json";
    /** Tokenizer options (e.g. the maximum length), fetched when the repository has it. */
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** Single-file safetensors weights. */
    public static final String WEIGHTS = "model.safetensors";
    /** The index of sharded safetensors weights; its {@code weight_map} names the shards. */
    public static final String WEIGHTS_INDEX = "model.safetensors.index.json";

    private static final Logger LOG = LoggerFactory.getLogger(HuggingFaceHub.class);

    private final HubSettings settings;
    private final HubCache cache;
    private final HubHttp http;
    private final BlobDownload blobs;
    private final ObjectMapper json = new ObjectMapper();

    /** A client with these settings; progress bars, when on, are drawn on stderr. */
    public HuggingFaceHub(HubSettings settings) {
        this(settings, () -> new ConsoleProgressBarConsumer(System.err));
    }

    /** A client that draws progress bars (when {@link HubSettings#progressBar()}) on the given output. */
    HuggingFaceHub(HubSettings settings, Supplier<ProgressBarConsumer> barOutput) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cache = new HubCache(settings.cacheDir());
        this.http = new HubHttp(settings);
        this.blobs = new BlobDownload(settings, http, cache, Objects.requireNonNull(barOutput, "barOutput"));
    }

    /** The settings this client uses. */
    public HubSettings settings() {
        return settings;
    }

    /**
     * Brings one file of a repository into the cache.
     *
     * @param repoId {@code name} or {@code org/name}
     * @param revision a branch, a tag or a commit hash; {@code null} for {@code main}
     * @param fileName a relative path inside the repository, e.g. {@code config.json}
     * @return {@code snapshots/{commit}/{fileName}} in the cache
     * @throws HubException with a message that says what to do next
     */
    public Path download(String repoId, String revision, String fileName) {
        FileRef ref = FileRef.of(repoId, revision, fileName);
        return fetch(ref).map(CachedFile::path).orElseThrow(() -> absent(ref));
    }

    /**
     * Like {@link #download}, for a file that may not exist: empty when the hub says so (HTTP 404 for
     * the file, not for the repository or revision), or, offline, when the cache recorded that answer.
     *
     * @throws HubException for every other failure
     */
    public Optional<Path> downloadOptional(String repoId, String revision, String fileName) {
        return fetch(FileRef.of(repoId, revision, fileName)).map(CachedFile::path);
    }

    /**
     * Brings a model snapshot into the cache and returns its directory; see {@link #downloadSnapshot}.
     */
    public Path snapshot(String repoId, String revision) {
        return downloadSnapshot(repoId, revision).directory();
    }

    /**
     * Brings the files of a model into {@code snapshots/{commit}}: {@value #CONFIG},
     * {@value #TOKENIZER} (required), {@value #TOKENIZER_CONFIG} (when present), and the weights:
     * {@value #WEIGHTS}, or where the hub has none, {@value #WEIGHTS_INDEX} and every shard its
     * {@code weight_map} names. The revision is resolved once, with the first file; the others are
     * taken from that commit, so a branch that moves meanwhile cannot mix two commits.
     *
     * @param repoId {@code name} or {@code org/name}
     * @param revision a branch, a tag or a commit hash; {@code null} for {@code main}
     * @throws HubException (UNSUPPORTED) when the repository lacks tokenizer.json or safetensors weights,
     *     and as {@link #download} otherwise
     */
    public HubSnapshot downloadSnapshot(String repoId, String revision) {
        FileRef configRef = FileRef.of(repoId, revision, CONFIG);
        CachedFile config = fetch(configRef).orElseThrow(() -> new HubException(HubException.Reason.UNSUPPORTED,
                configRef.repoId() + " has no " + CONFIG + " at revision '" + configRef.revision() + "', so it "
                        + "is not a transformers model. FairTune loads BERT-style models that ship config.json, "
                        + "tokenizer.json and safetensors weights."));
        String commit = config.commit();
        FileRef pinned = configRef.at(commit);
        List<String> files = new ArrayList<>(List.of(CONFIG));

        FileRef tokenizerRef = pinned.sibling(TOKENIZER, "file name");
        fetch(tokenizerRef).orElseThrow(() -> new HubException(HubException.Reason.UNSUPPORTED, configRef.repoId()
                + " has no " + TOKENIZER + " at revision '" + configRef.revision() + "' (commit " + commit
                + "); FairTune needs the fast-tokenizer file. Create it in Python with "
                + "AutoTokenizer.from_pretrained('" + configRef.repoId() + "').save_pretrained(dir) and load the "
                + "model from that local directory, or pick a revision that has it."));
        files.add(TOKENIZER);
        if (presentInSnapshot(pinned.sibling(TOKENIZER_CONFIG, "file name")).isPresent()) {
            files.add(TOKENIZER_CONFIG);
        }

        if (presentInSnapshot(pinned.sibling(WEIGHTS, "file name")).isPresent()) {
            files.add(WEIGHTS);
        } else {
            FileRef indexRef = pinned.sibling(WEIGHTS_INDEX, "file name");
            CachedFile index = presentInSnapshot(indexRef).orElseThrow(() -> noWeights(configRef, commit));
            files.add(WEIGHTS_INDEX);
            for (String shard : shards(index.path(), indexRef)) {
                FileRef shardRef = pinned.sibling(shard, "shard name");
                fetch(shardRef).orElseThrow(() -> new HubException(HubException.Reason.NOT_FOUND, WEIGHTS_INDEX
                        + " of " + configRef.repoId() + " at commit " + commit + " names the shard '" + shard
                        + "', which the hub does not have. The repository is inconsistent: report it to its "
                        + "owners, or pick another revision."));
                files.add(shard);
            }
        }
        HubSnapshot snapshot = new HubSnapshot(configRef.repoId(), configRef.revision(), commit,
                cache.snapshotDir(configRef.repoId(), commit), files);
        LOG.info("Snapshot of {} at '{}' (commit {}) is in {}", snapshot.repoId(), snapshot.revision(), commit,
                snapshot.directory());
        return snapshot;
    }

    /** A file of the pinned snapshot that counts only if present: offline, only a cached copy counts. */
    private Optional<CachedFile> presentInSnapshot(FileRef ref) {
        if (settings.offline()) {
            return cache.cachedFile(ref.repoId(), ref.revision(), ref.file()).map(p -> new CachedFile(ref.revision(), p));
        }
        return fetch(ref);
    }

    /** The file from cache or hub; empty when the hub says it does not exist. */
    private Optional<CachedFile> fetch(FileRef ref) {
        if (settings.offline()) {
            return fromCache(ref, null);
        }
        if (HubNames.isCommitHash(ref.revision())) {
            Optional<Path> cached = cache.cachedFile(ref.repoId(), ref.revision(), ref.file());
            if (cached.isPresent()) {
                return Optional.of(new CachedFile(ref.revision(), cached.get()));
            }
            if (cache.knownMissing(ref.repoId(), ref.revision(), ref.file())) {
                return Optional.empty();
            }
        }
        HubHttp.Head head;
        try {
            head = http.head(ref);
        } catch (IOException e) {
            return fromCache(ref, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(HubException.Reason.NETWORK, "Interrupted while asking the hub for "
                    + ref.describe() + ".", e);
        }
        if (head instanceof HubHttp.Missing) {
            ((HubHttp.Missing) head).commit().ifPresent(commit -> {
                cache.writeRef(ref.repoId(), ref.revision(), commit);
                cache.markMissing(ref.repoId(), commit, ref.file());
            });
            return Optional.empty();
        }
        RemoteFile remote = ((HubHttp.Found) head).file();
        cache.writeRef(ref.repoId(), ref.revision(), remote.commit());
        Optional<Path> cached = cache.cachedFile(ref.repoId(), remote.commit(), ref.file());
        if (cached.isPresent()) {
            LOG.debug("{} is up to date in the cache (commit {})", ref.describe(), remote.commit());
            return Optional.of(new CachedFile(remote.commit(), cached.get()));
        }
        Path blob = blobs.fetch(ref, remote);
        return Optional.of(new CachedFile(remote.commit(), cache.link(ref.repoId(), remote.commit(), ref.file(), blob)));
    }

    /**
     * Serves a file from the cache alone: offline ({@code networkFailure} null) or because the hub could
     * not be reached.
     */
    private Optional<CachedFile> fromCache(FileRef ref, IOException networkFailure) {
        Optional<String> commit = cache.commitFor(ref.repoId(), ref.revision());
        if (commit.isPresent()) {
            Optional<Path> cached = cache.cachedFile(ref.repoId(), commit.get(), ref.file());
            if (cached.isPresent()) {
                if (networkFailure != null) {
                    LOG.warn("Could not reach {} ({}); using the cached {} from commit {}. Set HF_HUB_OFFLINE=1 "
                            + "to use the cache without trying the network.", settings.endpoint(), networkFailure,
                            ref.describe(), commit.get());
                }
                return Optional.of(new CachedFile(commit.get(), cached.get()));
            }
            if (cache.knownMissing(ref.repoId(), commit.get(), ref.file())) {
                return Optional.empty();
            }
        }
        String where = commit.map(c -> " (commit " + c + ")")
                .orElse(" (the revision was never resolved with this cache)");
        if (networkFailure == null) {
            throw new HubException(HubException.Reason.NOT_CACHED, "HF_HUB_OFFLINE is set and the cache lacks "
                    + ref.describe() + where + ". " + cache.describe(ref.repoId()) + " Fetch it once with network "
                    + "access (unset HF_HUB_OFFLINE and run again), or point HF_HUB_CACHE at a cache that holds it.");
        }
        throw new HubException(HubException.Reason.NETWORK, "Could not reach " + settings.endpoint() + " for "
                + ref.describe() + " (" + networkFailure + "), and the cache lacks it" + where + ". "
                + cache.describe(ref.repoId()) + " Check the network connection, proxy settings and HF_ENDPOINT; "
                + "once the files are cached, HF_HUB_OFFLINE=1 serves them without network.", networkFailure);
    }

    /** The distinct shard names of a safetensors index, sorted, each checked before any is fetched. */
    private List<String> shards(Path index, FileRef indexRef) {
        JsonNode root;
        try {
            root = json.readTree(index.toFile());
        } catch (IOException e) {
            throw new HubException(HubException.Reason.PROTOCOL, indexRef.describe() + " is not valid JSON ("
                    + e.getMessage() + "). Delete " + index + " and download again; if it persists, "
                    + "the repository's index is broken.", e);
        }
        JsonNode weightMap = root == null ? null : root.get("weight_map");
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new HubException(HubException.Reason.PROTOCOL, indexRef.describe() + " has no non-empty "
                    + "'weight_map' object naming the shards, so the weights cannot be found. The repository's "
                    + "index is broken: pick another revision.");
        }
        TreeSet<String> shards = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : weightMap.properties()) {
            String origin = "shard name in the weight_map of " + indexRef.describe() + " (tensor "
                    + HubNames.show(entry.getKey()) + ")";
            if (!entry.getValue().isTextual()) {
                throw new HubException(HubException.Reason.PROTOCOL, "Refused " + origin + ": it is not a string.");
            }
            String shard = HubNames.fileName(entry.getValue().asText(), origin);
            if (!shard.endsWith(".safetensors")) {
                throw new HubException(HubException.Reason.INVALID_INPUT, "Refused " + origin + " "
                        + HubNames.show(shard) + ": shards must be .safetensors files.");
            }
            shards.add(shard);
        }
        return List.copyOf(shards);
    }

    private HubException absent(FileRef ref) {
        return new HubException(HubException.Reason.NOT_FOUND, "File '" + ref.file() + "' not found in "
                + ref.repoId() + " at revision '" + ref.revision() + "'. Check the file name (see "
                + settings.endpoint() + "/" + ref.repoId() + "/tree/" + ref.revision() + ").");
    }

    private HubException noWeights(FileRef configRef, String commit) {
        if (settings.offline()) {
            return new HubException(HubException.Reason.NOT_CACHED, "HF_HUB_OFFLINE is set and the cache holds "
                    + "neither " + WEIGHTS + " nor " + WEIGHTS_INDEX + " of " + configRef.repoId() + " at revision '"
                    + configRef.revision() + "' (commit " + commit + "). " + cache.describe(configRef.repoId())
                    + " Fetch the snapshot once with network access (unset HF_HUB_OFFLINE and run again).");
        }
        return new HubException(HubException.Reason.UNSUPPORTED, configRef.repoId() + " has neither " + WEIGHTS
                + " nor " + WEIGHTS_INDEX + " at revision '" + configRef.revision() + "' (commit " + commit
                + "). Only safetensors checkpoints are supported (pytorch_model.bin is not: loading it runs "
                + "pickled code). Pick a revision with safetensors weights (the hub's conversion bot often "
                + "offers one as a pull request: revision 'refs/pr/<n>', see " + settings.endpoint() + "/"
                + configRef.repoId() + "/discussions), or convert the checkpoint with the Python safetensors "
                + "library and load it from a local directory.");
    }

    /** A cached file and the commit it belongs to. */
    private record CachedFile(String commit, Path path) {
    }
}
