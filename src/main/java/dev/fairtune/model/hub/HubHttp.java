package dev.fairtune.model.hub;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The hub's HTTP conventions: the resolve URL, the metadata request, redirects, the token header and
 * the meaning of error answers.
 *
 * <p>The token goes only to the endpoint's origin (scheme, host and port), never to a CDN a redirect
 * points at. Requests ask for {@code Accept-Encoding: identity} so that lengths count the file's bytes.
 */
final class HubHttp {

    /** Longest redirect chain followed. */
    static final int MAX_REDIRECTS = 10;
    private static final String USER_AGENT = "fairtune; java/" + Runtime.version();

    private final HubSettings settings;
    private final HttpClient client;

    HubHttp(HubSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(settings.timeout());
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) {
            builder.proxy(proxies);
        }
        this.client = builder.build();
    }

    HttpClient client() {
        return client;
    }

    /** {@code {endpoint}/{repo_id}/resolve/{revision}/{file}}, the revision encoded as one segment. */
    URI resolveUrl(FileRef ref) {
        return URI.create(settings.endpoint() + "/" + ref.repoId() + "/resolve/"
                + HubNames.encodeSegment(ref.revision()) + "/" + HubNames.encodePath(ref.file()));
    }

    /** A request with the timeout, the user agent, identity encoding and, for the hub's origin, the token. */
    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("User-Agent", USER_AGENT).header("Accept-Encoding", "identity");
        if (settings.token().isPresent() && sameOrigin(uri, settings.endpoint())) {
            builder.header("Authorization", "Bearer " + settings.token().get());
        }
        return builder;
    }

    /** The answer to a metadata request: the file exists, or the hub says it does not. */
    sealed interface Head permits Found, Missing {
    }

    /** The file exists; what the hub says about it. */
    record Found(RemoteFile file) implements Head {
    }

    /** The hub said 404 for the file (not for the repository or revision), naming the commit if it did. */
    record Missing(Optional<String> commit) implements Head {
    }

    /**
     * Asks the hub about a file with {@code HEAD}. Redirects that carry no hub metadata (a renamed
     * repository, relative or not) are followed; the first answer carrying {@code X-Repo-Commit} and an
     * entity tag is the metadata, and if it is a redirect (to a CDN) its target is where the bytes are.
     *
     * @throws IOException when the server cannot be reached or does not answer in time
     * @throws InterruptedException when the thread is interrupted
     * @throws HubException for error answers and malformed metadata
     */
    Head head(FileRef ref) throws IOException, InterruptedException {
        URI uri = resolveUrl(ref);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest request = request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            HttpHeaders headers = response.headers();
            if (isRedirect(status)) {
                URI target = location(headers, uri);
                if (headers.firstValue("X-Repo-Commit").isPresent()) {
                    return new Found(metadata(headers, uri, target, false));
                }
                uri = target;
            } else if (status >= 200 && status < 300) {
                return new Found(metadata(headers, uri, uri, true));
            } else if (status == 404 && headers.firstValue("X-Error-Code").orElse("EntryNotFound")
                    .equals("EntryNotFound")) {
                return new Missing(headers.firstValue("X-Repo-Commit").map(c -> HubNames.commit(c, shown(request.uri()))));
            } else {
                throw error(status, headers, ref);
            }
        }
        throw tooManyRedirects(ref);
    }

    /** Whether a status is a redirect this client follows. */
    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The target of a redirect, resolved against the request URI (so a relative {@code Location} works).
     *
     * @throws HubException (PROTOCOL) when it is missing, malformed or not http(s)
     */
    static URI location(HttpHeaders headers, URI base) {
        String location = headers.firstValue("Location").orElseThrow(() -> new HubException(
                HubException.Reason.PROTOCOL, "The server at " + shown(base) + " redirected without a Location "
                        + "header. Check HF_ENDPOINT."));
        URI target;
        try {
            target = base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new HubException(HubException.Reason.PROTOCOL, "The server at " + shown(base) + " redirected to "
                    + "a malformed Location " + HubNames.show(location) + ". Check HF_ENDPOINT.", e);
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || target.getHost() == null) {
            throw new HubException(HubException.Reason.PROTOCOL, "The server at " + shown(base) + " redirected to "
                    + HubNames.show(location) + ", which is not an http(s) URL. Check HF_ENDPOINT.");
        }
        return target;
    }

    /** The exception for an error answer, with what to do next. */
    HubException error(int status, HttpHeaders headers, FileRef ref) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String hubSays = headers.firstValue("X-Error-Message").map(m -> " The hub says: " + HubNames.show(m) + ".")
                .orElse("");
        String repoPage = settings.endpoint() + "/" + ref.repoId();
        String what = ref.describe();
        switch (status) {
            case 401:
                return new HubException(HubException.Reason.ACCESS_DENIED, "HTTP 401 for " + what + ": the "
                        + "repository does not exist, or it is private or gated and needs a token." + hubSays
                        + (settings.token().isPresent()
                        ? " A token was sent and refused: check that HF_TOKEN holds a valid token with read access."
                        : " Check the repo id; if it is private or gated, set HF_TOKEN to a read token from "
                        + settings.endpoint() + "/settings/tokens."));
            case 403:
                if (code.equals("GatedRepo")) {
                    return new HubException(HubException.Reason.ACCESS_DENIED, "HTTP 403 for " + what + ": "
                            + ref.repoId() + " is a gated repository." + hubSays + " Accept its conditions at "
                            + repoPage + " while logged in, then set HF_TOKEN to a read token of that account.");
                }
                return new HubException(HubException.Reason.ACCESS_DENIED, "HTTP 403 for " + what + ": access "
                        + "forbidden." + hubSays + " Set HF_TOKEN to a token with read access to " + ref.repoId()
                        + " (a fine-grained token must list the repository).");
            case 404:
                if (code.equals("RepoNotFound")) {
                    return new HubException(HubException.Reason.NOT_FOUND, "Repository " + ref.repoId()
                            + " not found at " + settings.endpoint() + " (HTTP 404)." + hubSays + " Check the id, "
                            + "e.g. 'google/bert_uncased_L-2_H-128_A-2'; a private repository also needs HF_TOKEN.");
                }
                if (code.equals("RevisionNotFound")) {
                    return new HubException(HubException.Reason.NOT_FOUND, "Revision '" + ref.revision()
                            + "' not found in " + ref.repoId() + " (HTTP 404)." + hubSays + " Use an existing "
                            + "branch, tag or full commit hash (see " + repoPage + "/tree/main).");
                }
                return new HubException(HubException.Reason.NOT_FOUND, "File '" + ref.file() + "' not found in "
                        + ref.repoId() + " at revision '" + ref.revision() + "' (HTTP 404)." + hubSays
                        + " Check the file name (see " + repoPage + "/tree/" + ref.revision() + ").");
            case 429:
                return new HubException(HubException.Reason.NETWORK, "HTTP 429 for " + what + ": the hub is "
                        + "rate-limiting requests." + hubSays + " Wait a minute and retry; a token (HF_TOKEN) "
                        + "raises the limit.");
            default:
                return new HubException(HubException.Reason.NETWORK, "HTTP " + status + " for " + what + " from "
                        + settings.endpoint() + "." + hubSays + " Retry later; if the files are cached, "
                        + "HF_HUB_OFFLINE=1 serves them without asking the hub.");
        }
    }

    HubException tooManyRedirects(FileRef ref) {
        return new HubException(HubException.Reason.PROTOCOL, "More than " + MAX_REDIRECTS + " redirects for "
                + ref.describe() + ". Check HF_ENDPOINT and any proxy in between.");
    }

    /** A URI without its query, for messages (CDN links carry signatures in the query). */
    static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    private static RemoteFile metadata(HttpHeaders headers, URI uri, URI location, boolean direct) {
        String url = shown(uri);
        String commit = HubNames.commit(headers.firstValue("X-Repo-Commit").orElseThrow(() -> new HubException(
                HubException.Reason.PROTOCOL, "The server did not send X-Repo-Commit for " + url + ", so it is "
                        + "not a HuggingFace hub: check HF_ENDPOINT (and any proxy that strips headers).")), url);
        String etag = HubNames.etag(headers.firstValue("X-Linked-Etag").or(() -> headers.firstValue("ETag"))
                .orElseThrow(() -> new HubException(HubException.Reason.PROTOCOL, "The server sent no ETag for "
                        + url + ", so the download cannot be checked or cached: check HF_ENDPOINT.")), url);
        OptionalLong size = length(headers, "X-Linked-Size", url);
        if (size.isEmpty() && direct) {
            size = length(headers, "Content-Length", url);
        }
        return new RemoteFile(commit, etag, size.orElse(-1), location);
    }

    private static OptionalLong length(HttpHeaders headers, String name, String url) {
        Optional<String> value = headers.firstValue(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long length = Long.parseLong(value.get().strip());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(length);
        } catch (NumberFormatException e) {
            throw new HubException(HubException.Reason.PROTOCOL, "The server sent " + name + " "
                    + HubNames.show(value.get()) + " for " + url + ", which is not a size. Check HF_ENDPOINT.");
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
