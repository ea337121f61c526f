package dev.fairtune.model.hub;

import java.util.Objects;

/**
 * A hub request that could not be served. The message names what was asked for, what went wrong and
 * what to do next; {@link #reason()} classifies the failure for callers that react to it.
 */
public final class HubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Reason {
        /** A repo id, revision, file name or setting was rejected (also such a name sent by the hub). */
        INVALID_INPUT,
        /** The hub answered 404: the repository, the revision or the file does not exist. */
        NOT_FOUND,
        /** The hub answered 401 or 403: a private or gated repository, or a refused token. */
        ACCESS_DENIED,
        /** Offline mode ({@code HF_HUB_OFFLINE}) and the cache lacks what was asked for. */
        NOT_CACHED,
        /** The server could not be reached, stalled, cut the transfer or answered with a server error. */
        NETWORK,
        /** Downloaded bytes do not match the size or checksum the hub announced; the bytes were deleted. */
        INTEGRITY,
        /** The repository exists but lacks what FairTune needs (safetensors weights, tokenizer.json). */
        UNSUPPORTED,
        /** The server's answer lacks the hub's headers or carries malformed data. */
        PROTOCOL,
        /** The local cache could not be read or written. */
        STORAGE
    }

    private final Reason reason;

    HubException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    HubException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The class of failure. */
    public Reason reason() {
        return reason;
    }
}
