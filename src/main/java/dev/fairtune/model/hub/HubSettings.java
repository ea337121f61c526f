package dev.fairtune.model.hub;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how {@link HuggingFaceHub} downloads: the cache folder, the hub endpoint, an optional
 * token, offline mode, the network timeout, how many times a cut transfer is resumed within one call,
 * and whether a progress bar is drawn.
 *
 * <p>{@link #fromEnvironment()} reads the variables the Python {@code huggingface_hub} reads, so both
 * share one cache; {@link #builder()} sets values directly (tests use it and never touch the real
 * environment). {@link #toString()} never shows the token.
 *
 * @param cacheDir the hub cache root, absolute (holds {@code models--org--name} folders)
 * @param endpoint the hub's base URL, without a trailing slash
 * @param token a user access token sent as {@code Authorization: Bearer} to the endpoint's origin only
 * @param offline no network at all: every answer comes from the cache
 * @param timeout connect timeout, wait for response headers, and longest silence while receiving a body
 * @param downloadAttempts how many times one call tries a transfer (resuming after the first)
 * @param progressBar whether large downloads draw a progress bar on stderr (otherwise they are logged)
 */
public record HubSettings(Path cacheDir, URI endpoint, Optional<String> token, boolean offline,
        Duration timeout, int downloadAttempts, boolean progressBar) {

    /** The public hub. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    /** The default network timeout (the Python client's {@code HF_HUB_DOWNLOAD_TIMEOUT} default). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The default number of tries per transfer within one call. */
    public static final int DEFAULT_DOWNLOAD_ATTEMPTS = 3;

    /** Checks the components; the {@link Builder} is the usual way in. */
    public HubSettings {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(timeout, "timeout");
        cacheDir = cacheDir.toAbsolutePath().normalize();
        endpoint = checkEndpoint(endpoint);
        token.ifPresent(HubSettings::checkToken);
        if (timeout.isNegative() || timeout.isZero()) {
            throw invalid("The timeout must be positive, got " + timeout + ".");
        }
        if (downloadAttempts < 1 || downloadAttempts > 100) {
            throw invalid("downloadAttempts must be between 1 and 100, got " + downloadAttempts + ".");
        }
    }

    /** A builder with the defaults: public endpoint, no token, online, 10 s, 3 attempts, no bar. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to derive variants (e.g. the same cache, offline). */
    public Builder toBuilder() {
        Builder builder = new Builder().setCacheDir(cacheDir).optEndpoint(endpoint).optOffline(offline)
                .optTimeout(timeout).optDownloadAttempts(downloadAttempts).optProgressBar(progressBar);
        builder.token = token.orElse(null);
        return builder;
    }

    /** Settings from this process's environment; see {@link #fromEnvironment(Map)}. */
    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Settings from the given variables, read as {@code huggingface_hub} reads them (an empty value
     * counts as unset):
     * <ul>
     *   <li>cache: {@code HF_HUB_CACHE}, else {@code HUGGINGFACE_HUB_CACHE}, else {@code $HF_HOME/hub};
     *       {@code HF_HOME} defaults to {@code $XDG_CACHE_HOME/huggingface}, else
     *       {@code ~/.cache/huggingface}; a leading {@code ~} means the user's home;</li>
     *   <li>endpoint: {@code HF_ENDPOINT}, default {@code https://huggingface.co};</li>
     *   <li>token: {@code HF_TOKEN}, else {@code HUGGING_FACE_HUB_TOKEN}, else the file
     *       {@code HF_TOKEN_PATH} or {@code $HF_HOME/token} written by {@code huggingface-cli login};</li>
     *   <li>offline: {@code HF_HUB_OFFLINE} is {@code 1}, {@code true}, {@code yes} or {@code on};</li>
     *   <li>timeout: {@code HF_HUB_DOWNLOAD_TIMEOUT} in seconds, default 10;</li>
     *   <li>progress bar: when a console is attached and {@code HF_HUB_DISABLE_PROGRESS_BARS} is not
     *       true.</li>
     * </ul>
     *
     * @throws HubException (INVALID_INPUT) naming the variable whose value is unusable
     */
    public static HubSettings fromEnvironment(Map<String, String> environment) {
        Map<String, String> env = Map.copyOf(environment);
        Path home = Path.of(System.getProperty("user.home"));
        Path hfHome = get(env, "HF_HOME").map(v -> path("HF_HOME", v, home))
                .orElseGet(() -> get(env, "XDG_CACHE_HOME").map(v -> path("XDG_CACHE_HOME", v, home))
                        .orElse(home.resolve(".cache")).resolve("huggingface"));
        Path cache = get(env, "HF_HUB_CACHE").map(v -> path("HF_HUB_CACHE", v, home))
                .or(() -> get(env, "HUGGINGFACE_HUB_CACHE").map(v -> path("HUGGINGFACE_HUB_CACHE", v, home)))
                .orElse(hfHome.resolve("hub"));
        Builder builder = builder().setCacheDir(cache)
                .optOffline(get(env, "HF_HUB_OFFLINE").map(HubSettings::isTrue).orElse(false))
                .optProgressBar(System.console() != null
                        && !get(env, "HF_HUB_DISABLE_PROGRESS_BARS").map(HubSettings::isTrue).orElse(false));
        Optional<String> endpoint = get(env, "HF_ENDPOINT");
        if (endpoint.isPresent()) {
            try {
                builder.optEndpoint(new URI(endpoint.get().strip()));
            } catch (URISyntaxException e) {
                throw invalid("HF_ENDPOINT " + HubNames.show(endpoint.get()) + " is not a URL: set it to the "
                        + "hub's base URL, e.g. https://huggingface.co, or unset it.");
            }
        }
        Optional<String> timeout = get(env, "HF_HUB_DOWNLOAD_TIMEOUT");
        if (timeout.isPresent()) {
            try {
                double seconds = Double.parseDouble(timeout.get().strip());
                if (!(seconds > 0) || seconds > 86_400) {
                    throw new NumberFormatException();
                }
                builder.optTimeout(Duration.ofMillis(Math.round(seconds * 1000)));
            } catch (NumberFormatException e) {
                throw invalid("HF_HUB_DOWNLOAD_TIMEOUT " + HubNames.show(timeout.get()) + " is not a positive "
                        + "number of seconds: set it to e.g. 30, or unset it.");
            }
        }
        Optional<String> token = get(env, "HF_TOKEN").or(() -> get(env, "HUGGING_FACE_HUB_TOKEN"));
        if (token.isEmpty()) {
            Path tokenFile = get(env, "HF_TOKEN_PATH").map(v -> path("HF_TOKEN_PATH", v, home))
                    .orElse(hfHome.resolve("token"));
            token = readTokenFile(tokenFile);
        }
        token.ifPresent(t -> builder.optToken(t.strip()));
        return builder.build();
    }

    @Override
    public String toString() {
        return "HubSettings[cacheDir=" + cacheDir + ", endpoint=" + endpoint + ", token="
                + (token.isPresent() ? "<set>" : "<none>") + ", offline=" + offline + ", timeout=" + timeout
                + ", downloadAttempts=" + downloadAttempts + ", progressBar=" + progressBar + "]";
    }

    /** Builds {@link HubSettings}: {@code set*} for the required cache folder, {@code opt*} for the rest. */
    public static final class Builder {
        private Path cacheDir;
        private URI endpoint = DEFAULT_ENDPOINT;
        private String token;
        private boolean offline;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int downloadAttempts = DEFAULT_DOWNLOAD_ATTEMPTS;
        private boolean progressBar;

        private Builder() {
        }

        /** The cache root (required); created on first download. */
        public Builder setCacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /** The hub's base URL (http or https, no query); a trailing slash is dropped. */
        public Builder optEndpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** The hub's base URL as text. */
        public Builder optEndpoint(String endpoint) {
            return optEndpoint(URI.create(endpoint));
        }

        /** A user access token; {@code null} for none. */
        public Builder optToken(String token) {
            this.token = token;
            return this;
        }

        /** Offline mode: serve from the cache, never touch the network. */
        public Builder optOffline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** The network timeout (connect, response headers, silence while receiving). */
        public Builder optTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Tries per transfer within one call (1 = no automatic resume; the next call still resumes). */
        public Builder optDownloadAttempts(int downloadAttempts) {
            this.downloadAttempts = downloadAttempts;
            return this;
        }

        /** Whether large downloads draw a progress bar on stderr. */
        public Builder optProgressBar(boolean progressBar) {
            this.progressBar = progressBar;
            return this;
        }

        /**
         * @throws HubException (INVALID_INPUT) when the cache folder is missing or a value is unusable
         */
        public HubSettings build() {
            if (cacheDir == null) {
                throw invalid("HubSettings needs a cache folder: call setCacheDir(...), or use "
                        + "HubSettings.fromEnvironment() for the HuggingFace default.");
            }
            if (endpoint == null) {
                throw invalid("The endpoint must not be null: omit optEndpoint for " + DEFAULT_ENDPOINT + ".");
            }
            if (timeout == null) {
                throw invalid("The timeout must not be null: omit optTimeout for " + DEFAULT_TIMEOUT + ".");
            }
            return new HubSettings(cacheDir, endpoint, Optional.ofNullable(token), offline, timeout,
                    downloadAttempts, progressBar);
        }
    }

    private static URI checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null
                || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null
                || endpoint.getRawUserInfo() != null) {
            throw invalid("The hub endpoint " + HubNames.show(endpoint.toString()) + " is not usable: give an "
                    + "http(s) base URL with a host and no query, e.g. https://huggingface.co (HF_ENDPOINT).");
        }
        String text = endpoint.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static void checkToken(String token) {
        if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw invalid("The hub token is empty or holds spaces or control characters: set HF_TOKEN to the "
                    + "token shown at https://huggingface.co/settings/tokens.");
        }
    }

    private static Optional<String> get(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static boolean isTrue(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        return v.equals("1") || v.equals("TRUE") || v.equals("YES") || v.equals("ON");
    }

    private static Path path(String variable, String value, Path home) {
        String v = value.strip();
        try {
            if (v.equals("~")) {
                return home;
            }
            if (v.startsWith("~/")) {
                return home.resolve(v.substring(2));
            }
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw invalid(variable + " " + HubNames.show(value) + " is not a valid path: fix or unset it.");
        }
    }

    private static Optional<String> readTokenFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            throw new HubException(HubException.Reason.STORAGE, "Could not read the hub token file " + file
                    + " (" + e.getMessage() + "): fix its permissions, set HF_TOKEN, or delete the file.", e);
        }
    }

    private static HubException invalid(String message) {
        return new HubException(HubException.Reason.INVALID_INPUT, message);
    }
}
