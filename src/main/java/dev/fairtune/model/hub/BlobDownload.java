package dev.fairtune.model.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one blob into the cache: transfers into {@code blobs/{etag}.incomplete}, resuming with a
 * {@code Range} request where a previous transfer stopped, checks the result and moves it to
 * {@code blobs/{etag}}.
 *
 * <p>Checks: the size equals the hub's {@code X-Linked-Size} (else {@code Content-Length}) when given;
 * for an entity tag of 64 hex digits (an LFS file) the sha256 of the bytes equals it. A file that fails
 * is deleted. A transfer cut short (connection lost, or no byte for {@link HubSettings#timeout()}) keeps
 * its bytes and is resumed, up to {@link HubSettings#downloadAttempts()} tries per call; after that the
 * call fails and the next call resumes. A server that answers a range request with the whole file
 * (200) restarts the file from zero.
 */
final class BlobDownload {

    private static final Logger LOG = LoggerFactory.getLogger(BlobDownload.class);
    private static final long POLL_MILLIS = 100;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private final HubSettings settings;
    private final HubHttp http;
    private final HubCache cache;
    private final Supplier<ProgressBarConsumer> barOutput;

    /**
     * @param barOutput where progress bars are drawn, or {@code null} for log lines only
     */
    BlobDownload(HubSettings settings, HubHttp http, HubCache cache, Supplier<ProgressBarConsumer> barOutput) {
        this.settings = settings;
        this.http = http;
        this.cache = cache;
        this.barOutput = barOutput;
    }

    /**
     * Returns {@code blobs/{etag}} for the file, downloading it unless a blob of the right size is
     * already there.
     *
     * @throws HubException on network failure (partial bytes kept), integrity failure (bytes deleted),
     *     error answers and storage failures
     */
    Path fetch(FileRef ref, RemoteFile remote) {
        Path blob = cache.blob(ref.repoId(), remote.etag());
        Path part = cache.incomplete(ref.repoId(), remote.etag());
        HubCache.BlobLock lock = cache.lock(ref.repoId(), remote.etag());
        try {
            if (Files.isRegularFile(blob)) {
                if (remote.size() < 0 || Files.size(blob) == remote.size()) {
                    return blob;
                }
                LOG.warn("The cached blob {} has {} bytes but the hub announces {}; downloading it again", blob,
                        Files.size(blob), remote.size());
                Files.delete(blob);
            }
            Files.createDirectories(part.getParent());
            IOException failure = null;
            for (int attempt = 1; attempt <= settings.downloadAttempts(); attempt++) {
                try {
                    transfer(ref, remote, part);
                    failure = null;
                    break;
                } catch (CacheWriteException e) {
                    throw e;
                } catch (IOException e) {
                    failure = e;
                    if (attempt < settings.downloadAttempts()) {
                        LOG.warn("Transfer of {} stopped ({}); resuming (attempt {} of {})", ref.describe(),
                                e.toString(), attempt + 1, settings.downloadAttempts());
                    }
                }
            }
            if (failure != null) {
                long have = Files.exists(part) ? Files.size(part) : 0;
                throw new HubException(HubException.Reason.NETWORK, "The download of " + ref.describe()
                        + " stopped after " + DownloadProgress.bytes(have)
                        + (remote.size() >= 0 ? " of " + DownloadProgress.bytes(remote.size()) : "") + " ("
                        + failure + ") in " + settings.downloadAttempts()
                        + (settings.downloadAttempts() == 1 ? " try" : " tries") + ". The partial file " + part
                        + " is kept: run again to resume it. If it keeps failing, check the network, proxy "
                        + "or HF_ENDPOINT, or raise HF_HUB_DOWNLOAD_TIMEOUT.", failure);
            }
            verify(ref, remote, part);
            HubCache.move(part, blob);
            return blob;
        } catch (IOException e) {
            Throwable cause = e instanceof CacheWriteException ? e.getCause() : e;
            throw new HubException(HubException.Reason.STORAGE, "Could not write " + ref.describe() + " into "
                    + part.getParent() + " (" + cause + "). Check that the cache folder is writable and the disk "
                    + "has room, or point HF_HUB_CACHE elsewhere.", e);
        } catch (HubException e) {
            if (e.reason() == HubException.Reason.INTEGRITY) {
                deleteQuietly(part);
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException(HubException.Reason.NETWORK, "The download of " + ref.describe() + " was "
                    + "interrupted; the partial file " + part + " is kept and the next call resumes it.", e);
        } finally {
            lock.close();
        }
    }

    /**
     * One try: continues the partial file from its current length, following redirects.
     *
     * @throws IOException when the transfer stops before the end (the bytes so far are kept)
     * @throws HubException on error answers and on more bytes than announced
     */
    private void transfer(FileRef ref, RemoteFile remote, Path part) throws IOException, InterruptedException {
        long size = remote.size();
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (size >= 0 && have > size) {
            LOG.info("The partial file {} is longer than the file ({} > {} bytes); starting again", part, have,
                    size);
            have = 0;
        }
        try (FileChannel channel = openPartial(part, have)) {
            if (size >= 0 && have == size) {
                return;
            }
            URI uri = remote.location();
            for (int hop = 0; hop <= HubHttp.MAX_REDIRECTS; hop++) {
                HttpRequest.Builder request = http.request(uri).GET();
                if (have > 0) {
                    request.header("Range", "bytes=" + have + "-");
                }
                Receiver receiver = new Receiver(channel, have, size);
                CompletableFuture<HttpResponse<Void>> response =
                        http.client().sendAsync(request.build(), receiver);
                HttpResponse.ResponseInfo info = receiver.awaitHeaders(response, settings.timeout());
                int status = info.statusCode();
                if (HubHttp.isRedirect(status)) {
                    uri = HubHttp.location(info.headers(), uri);
                    continue;
                }
                if (receiver.writing()) {
                    if (status == 200 && have > 0) {
                        LOG.info("The server ignored the range request for {}; downloading it from the start",
                                ref.describe());
                    }
                    receive(ref, remote, receiver, info.headers());
                    return;
                }
                if (status == 206 || status == 416) {
                    openPartial(part, 0).close();
                    throw new IOException("the server could not continue at byte " + have + " (HTTP " + status
                            + (status == 206 ? ", Content-Range " + info.headers().firstValue("Content-Range")
                            .orElse("missing") : "") + "); the next try starts from zero");
                }
                throw http.error(status, info.headers(), ref);
            }
            throw http.tooManyRedirects(ref);
        }
    }

    /** Opens the partial file for writing, cut to {@code length} bytes; failures are local. */
    private static FileChannel openPartial(Path part, long length) throws CacheWriteException {
        try {
            FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                channel.truncate(length);
                return channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new CacheWriteException(e);
        }
    }

    /** Writes the body of an accepted answer to the partial file, reporting progress. */
    private void receive(FileRef ref, RemoteFile remote, Receiver receiver, HttpHeaders headers)
            throws IOException, InterruptedException {
        long size = remote.size();
        long from = receiver.start();
        OptionalLong announced = headers.firstValueAsLong("Content-Length");
        if (size >= 0 && announced.isPresent() && announced.getAsLong() != size - from) {
            receiver.abort();
            throw new HubException(HubException.Reason.INTEGRITY, "The server sends " + announced.getAsLong()
                    + " bytes from byte " + from + " of " + ref.describe() + ", but the hub announced "
                    + size + " bytes in all. The download was stopped and its bytes deleted; retry later, and "
                    + "if it persists, check HF_ENDPOINT and any proxy in between.");
        }
        try (DownloadProgress progress = DownloadProgress.start(ref.repoId() + "/" + ref.file(), from, size,
                settings.progressBar() ? barOutput : null)) {
            receiver.awaitBody(progress, settings.timeout());
            long end = receiver.position();
            if (receiver.overflowed()) {
                throw new HubException(HubException.Reason.INTEGRITY, "The server sent more than the "
                        + size + " bytes the hub announced for " + ref.describe() + ". The bytes were "
                        + "deleted; retry later, and if it persists, check HF_ENDPOINT and any proxy in between.");
            }
            if (size >= 0 && end < size) {
                throw new IOException("the connection ended after " + end + " of " + size + " bytes");
            }
            progress.finished(end);
        }
    }

    /** Checks size and, for LFS entity tags, the sha256; deletes the file and fails on mismatch. */
    private static void verify(FileRef ref, RemoteFile remote, Path part) throws IOException {
        long actual = Files.size(part);
        if (remote.size() >= 0 && actual != remote.size()) {
            throw new HubException(HubException.Reason.INTEGRITY, "Size mismatch for " + ref.describe()
                    + ": the hub announced " + remote.size() + " bytes, " + actual + " arrived. The bytes were "
                    + "deleted; retry, and if it persists, check HF_ENDPOINT and any proxy in between.");
        }
        if (HubNames.isSha256(remote.etag())) {
            String digest = sha256(part);
            if (!digest.equals(remote.etag())) {
                throw new HubException(HubException.Reason.INTEGRITY, "Checksum mismatch for " + ref.describe()
                        + ": the hub announced sha256 " + remote.etag() + ", the bytes have " + digest + ". The "
                        + "bytes were deleted; retry, and if it persists, check HF_ENDPOINT and any proxy in "
                        + "between.");
            }
        }
    }

    /** The sha256 of a file as 64 lower-case hex digits. */
    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.toString());
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static IOException asIOException(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof IOException) {
            return (IOException) cause;
        }
        if (cause instanceof HubException) {
            throw (HubException) cause;
        }
        return new IOException(cause);
    }

    /** A failure to write the partial file: a local problem, not retried as a network failure. */
    private static final class CacheWriteException extends IOException {
        private static final long serialVersionUID = 1L;

        CacheWriteException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Receives one answer: decides from its status whether the body goes into the partial file (200
     * from byte 0, 206 from the requested byte) and writes it there as it arrives.
     */
    private static final class Receiver implements HttpResponse.BodyHandler<Void>,
            Flow.Subscriber<List<ByteBuffer>> {

        private final FileChannel channel;
        private final long have;
        private final long size;
        private final CompletableFuture<HttpResponse.ResponseInfo> headers = new CompletableFuture<>();
        private final CompletableFuture<Void> body = new CompletableFuture<>();
        private final AtomicLong position = new AtomicLong();
        private volatile long start = -1;
        private volatile long lastDataNanos = System.nanoTime();
        private volatile boolean overflow;
        private volatile Flow.Subscription subscription;

        Receiver(FileChannel channel, long have, long size) {
            this.channel = channel;
            this.have = have;
            this.size = size;
        }

        @Override
        public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
            lastDataNanos = System.nanoTime();
            long from = startOffset(info);
            if (from >= 0) {
                try {
                    channel.truncate(from);
                    channel.position(from);
                    position.set(from);
                    start = from;
                } catch (IOException e) {
                    body.completeExceptionally(new CacheWriteException(e));
                }
            }
            headers.complete(info);
            return writing() ? HttpResponse.BodySubscribers.fromSubscriber(this)
                    : HttpResponse.BodySubscribers.replacing(null);
        }

        /** 0 for a whole file, the requested offset for a matching partial answer, -1 to discard. */
        private long startOffset(HttpResponse.ResponseInfo info) {
            if (info.statusCode() == 200) {
                return 0;
            }
            if (info.statusCode() == 206 && have > 0) {
                Matcher m = CONTENT_RANGE.matcher(info.headers().firstValue("Content-Range").orElse(""));
                if (m.matches() && Long.parseLong(m.group(1)) == have) {
                    return have;
                }
            }
            return -1;
        }

        boolean writing() {
            return start >= 0;
        }

        long start() {
            return start;
        }

        long position() {
            return position.get();
        }

        boolean overflowed() {
            return overflow;
        }

        /** Waits for the status line and headers (the request timeout bounds it; this is a backstop). */
        HttpResponse.ResponseInfo awaitHeaders(CompletableFuture<HttpResponse<Void>> response, Duration timeout)
                throws IOException, InterruptedException {
            try {
                CompletableFuture.anyOf(headers, response).get(timeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw asIOException(e);
            } catch (TimeoutException e) {
                response.cancel(true);
                throw new HttpTimeoutException("no answer within " + seconds(timeout));
            }
            if (body.isCompletedExceptionally()) {
                try {
                    body.join();
                } catch (CompletionException e) {
                    throw asIOException(e);
                }
            }
            return headers.join();
        }

        /** Waits for the body, updating progress, and stops the transfer after a silence of {@code timeout}. */
        void awaitBody(DownloadProgress progress, Duration timeout) throws IOException, InterruptedException {
            long silenceNanos = timeout.toNanos();
            while (true) {
                try {
                    body.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    progress.update(position.get());
                    if (System.nanoTime() - lastDataNanos > silenceNanos) {
                        abort();
                        throw new HttpTimeoutException("no data for " + seconds(timeout));
                    }
                } catch (ExecutionException e) {
                    throw asIOException(e);
                } catch (InterruptedException e) {
                    abort();
                    throw e;
                }
            }
        }

        /** Stops receiving and closes the connection. */
        void abort() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            body.cancel(false);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            try {
                for (ByteBuffer buffer : buffers) {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
                long now = channel.position();
                position.set(now);
                lastDataNanos = System.nanoTime();
                if (size >= 0 && now > size) {
                    overflow = true;
                    subscription.cancel();
                    body.complete(null);
                    return;
                }
                subscription.request(1);
            } catch (IOException e) {
                subscription.cancel();
                body.completeExceptionally(new CacheWriteException(e));
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(null);
        }
    }
}
