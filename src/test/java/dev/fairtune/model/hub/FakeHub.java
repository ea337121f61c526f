package dev.fairtune.model.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A HuggingFace hub on 127.0.0.1 for tests: serves repositories published from folders through
 * {@code /{repo}/resolve/{revision}/{file}} with the hub's headers, and LFS files ({@code *.safetensors})
 * through a redirect to a second server on another port standing for the CDN. Both honour
 * {@code Range: bytes=N-}. Every request is recorded; failures can be injected.
 */
final class FakeHub implements AutoCloseable {

    /** One recorded request. */
    record Request(String server, String method, String path, String authorization, String range) {
    }

    private record Blob(Path path, long size, String gitSha1, String sha256, boolean lfs) {
    }

    private record Repo(Map<String, String> refs, Map<String, Map<String, Blob>> commits) {
    }

    private final HttpServer hub;
    private final HttpServer cdn;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-hub");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, String> renamed = new ConcurrentHashMap<>();
    private final Map<String, Blob> lfsBySha = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger commitCounter = new AtomicInteger();

    private final Map<String, Integer> dropsLeft = new ConcurrentHashMap<>();
    private final Map<String, Long> dropAfter = new ConcurrentHashMap<>();
    private final Map<String, Long> stallAfter = new ConcurrentHashMap<>();
    private final Map<String, Long> announcedSize = new ConcurrentHashMap<>();
    private final Map<String, Boolean> corrupt = new ConcurrentHashMap<>();
    private volatile boolean ignoreRange;
    private volatile String requiredToken;
    private volatile String gatedRepo;

    private FakeHub() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        hub = HttpServer.create(loopback, 0);
        cdn = HttpServer.create(loopback, 0);
        hub.setExecutor(executor);
        cdn.setExecutor(executor);
        hub.createContext("/", exchange -> handle("hub", exchange, this::resolve));
        cdn.createContext("/", exchange -> handle("cdn", exchange, this::lfs));
        hub.start();
        cdn.start();
    }

    static FakeHub start() throws IOException {
        return new FakeHub();
    }

    /** The hub's base URL, for {@code HubSettings.optEndpoint}. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    /**
     * Publishes the files under a folder as a new commit of a repository and points a branch or tag at
     * it. The files are read from the folder at each request.
     *
     * @return the new commit hash
     */
    String publish(String repoId, String revision, Path folder) throws IOException {
        Map<String, Blob> files = new ConcurrentHashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = folder.relativize(file).toString().replace('\\', '/');
                byte[] bytes = Files.readAllBytes(file);
                boolean lfs = name.endsWith(".safetensors");
                Blob blob = new Blob(file, bytes.length, gitSha1(bytes), hex("SHA-256", bytes), lfs);
                files.put(name, blob);
                if (lfs) {
                    lfsBySha.put(blob.sha256(), blob);
                }
            }
        }
        String commit = hex("SHA-1", (repoId + "@" + commitCounter.incrementAndGet() + files.keySet())
                .getBytes(StandardCharsets.UTF_8));
        Repo repo = repos.computeIfAbsent(repoId, k -> new Repo(new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
        repo.commits().put(commit, files);
        repo.refs().put(revision, commit);
        return commit;
    }

    /** Requests for {@code oldId} are redirected (relative Location) to {@code newId}. */
    void rename(String oldId, String newId) {
        renamed.put(oldId, newId);
    }

    /** The next {@code times} transfers of a file are cut after {@code bytes} bytes of the body. */
    void dropConnection(String file, long bytes, int times) {
        dropAfter.put(file, bytes);
        dropsLeft.put(file, times);
    }

    /** Transfers of a file stop sending (without closing) after {@code bytes} bytes, for a while. */
    void stallAfter(String file, long bytes) {
        stallAfter.put(file, bytes);
    }

    /** Announces a wrong size for a file (X-Linked-Size for LFS files, Content-Length on HEAD otherwise). */
    void announceSize(String file, long size) {
        announcedSize.put(file, size);
    }

    /** Serves a file with one byte changed (same size). */
    void corrupt(String file) {
        corrupt.put(file, true);
    }

    /** Answers range requests with the whole file (200). */
    void ignoreRange(boolean ignore) {
        ignoreRange = ignore;
    }

    /** Every repository needs {@code Authorization: Bearer token}; 401 otherwise. */
    void requireToken(String token) {
        requiredToken = token;
    }

    /** This repository answers 403 GatedRepo. */
    void gate(String repoId) {
        gatedRepo = repoId;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    long count(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).count();
    }

    void clearRequests() {
        requests.clear();
    }

    /** Stops both servers: later connections are refused. */
    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
        executor.shutdownNow();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void handle(String server, HttpExchange exchange, Handler handler) throws IOException {
        requests.add(new Request(server, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Range")));
        try (exchange) {
            handler.handle(exchange);
        }
    }

    private void resolve(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestURI().getRawPath();
        int at = raw.indexOf("/resolve/");
        if (at < 1) {
            error(exchange, 404, null, null);
            return;
        }
        String repoId = raw.substring(1, at);
        String rest = raw.substring(at + "/resolve/".length());
        if (renamed.containsKey(repoId)) {
            exchange.getResponseHeaders().set("Location", "/" + renamed.get(repoId) + "/resolve/" + rest);
            exchange.sendResponseHeaders(307, -1);
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
            error(exchange, 401, "RepoNotFound", null);
            return;
        }
        if (repoId.equals(gatedRepo)) {
            exchange.getResponseHeaders().set("X-Error-Message", "Access to model " + repoId + " is restricted.");
            error(exchange, 403, "GatedRepo", null);
            return;
        }
        Repo repo = repos.get(repoId);
        if (repo == null) {
            error(exchange, 404, "RepoNotFound", null);
            return;
        }
        int slash = rest.indexOf('/');
        String revision = decode(rest.substring(0, slash));
        StringBuilder file = new StringBuilder();
        for (String segment : rest.substring(slash + 1).split("/", -1)) {
            file.append(file.length() == 0 ? "" : "/").append(decode(segment));
        }
        String commit = repo.commits().containsKey(revision) ? revision : repo.refs().get(revision);
        if (commit == null) {
            error(exchange, 404, "RevisionNotFound", null);
            return;
        }
        String name = file.toString();
        Blob blob = repo.commits().get(commit).get(name);
        if (blob == null) {
            error(exchange, 404, "EntryNotFound", commit);
            return;
        }
        exchange.getResponseHeaders().set("X-Repo-Commit", commit);
        if (blob.lfs()) {
            exchange.getResponseHeaders().set("X-Linked-Etag", "\"" + blob.sha256() + "\"");
            exchange.getResponseHeaders().set("X-Linked-Size",
                    Long.toString(announcedSize.getOrDefault(name, blob.size())));
            exchange.getResponseHeaders().set("ETag", "\"" + blob.gitSha1() + "\"");
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + cdn.getAddress().getPort()
                    + "/lfs/" + blob.sha256() + "?name=" + name + "&signature=secret");
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        exchange.getResponseHeaders().set("ETag", "\"" + blob.gitSha1() + "\"");
        content(exchange, name, blob);
    }

    private void lfs(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestURI().getRawPath();
        Blob blob = raw.startsWith("/lfs/") ? lfsBySha.get(raw.substring("/lfs/".length())) : null;
        if (blob == null) {
            error(exchange, 404, null, null);
            return;
        }
        String query = exchange.getRequestURI().getQuery();
        String name = query.substring("name=".length(), query.indexOf('&'));
        content(exchange, name, blob);
    }

    /** Sends a file's bytes: HEAD headers only, ranges, and the injected failures. */
    private void content(HttpExchange exchange, String name, Blob blob) throws IOException {
        byte[] bytes = Files.readAllBytes(blob.path());
        if (corrupt.containsKey(name)) {
            bytes[bytes.length / 2] ^= 0x5a;
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length",
                    Long.toString(announcedSize.getOrDefault(name, (long) bytes.length)));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        int from = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && !ignoreRange) {
            from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            if (from >= bytes.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
        }
        int length = bytes.length - from;
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, length == 0 ? -1 : length);
        OutputStream out = exchange.getResponseBody();
        Integer drops = dropsLeft.get(name);
        if (drops != null && drops > 0) {
            dropsLeft.put(name, drops - 1);
            int sent = (int) Math.min(dropAfter.get(name), length);
            out.write(bytes, from, sent);
            out.flush();
            throw new IOException("fake hub: connection cut after " + sent + " bytes of " + name);
        }
        Long stall = stallAfter.remove(name);
        if (stall != null) {
            out.write(bytes, from, (int) Math.min(stall, length));
            out.flush();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("fake hub: stalled transfer ended");
        }
        out.write(bytes, from, length);
    }

    private static void error(HttpExchange exchange, int status, String code, String commit) throws IOException {
        if (code != null) {
            exchange.getResponseHeaders().set("X-Error-Code", code);
        }
        if (commit != null) {
            exchange.getResponseHeaders().set("X-Repo-Commit", commit);
        }
        exchange.sendResponseHeaders(status, -1);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Git's object id of a blob: sha1 of "blob {length}\0" followed by the bytes. */
    static String gitSha1(byte[] bytes) {
        byte[] header = ("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + bytes.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(bytes, 0, all, header.length, bytes.length);
        return hex("SHA-1", all);
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes files into a folder: name, content, name, content... */
    static Path folder(Path dir, Object... nameContent) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < nameContent.length; i += 2) {
                Path file = dir.resolve((String) nameContent[i]);
                Files.createDirectories(file.getParent());
                Object content = nameContent[i + 1];
                Files.write(file, content instanceof byte[] ? (byte[]) content
                        : content.toString().getBytes(StandardCharsets.UTF_8));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deterministic pseudo-random bytes (a fake weight file). */
    static byte[] bytes(int length, int seed) {
        byte[] out = new byte[length];
        int x = seed;
        for (int i = 0; i < length; i++) {
            x = x * 1103515245 + 12345;
            out[i] = (byte) (x >>> 16);
        }
        return out;
    }

    /** All regular files under a folder, relative, sorted. */
    static List<String> files(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || Files.isSymbolicLink(p)).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().forEach(out::add);
        }
        return out;
    }
}
