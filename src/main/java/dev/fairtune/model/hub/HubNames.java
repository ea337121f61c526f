package dev.fairtune.model.hub;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Allow-lists for every name that becomes part of a URL or a cache path. A name passes only if each
 * '/'-separated segment is non-empty, is neither {@code .} nor {@code ..} and uses the listed
 * characters, so no accepted name can be absolute, contain a backslash or a drive colon, or climb out
 * of the folder it is resolved against.
 */
final class HubNames {

    /** The revision used when none is given. */
    static final String DEFAULT_REVISION = "main";

    /** A repo id part, as the hub accepts it: word characters, '-' and '.', at most 96, not at the ends. */
    private static final Pattern REPO_PART =
            Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?");
    private static final Pattern REVISION_SEGMENT = Pattern.compile("[A-Za-z0-9._+-]{1,128}");
    private static final Pattern FILE_SEGMENT = Pattern.compile("[A-Za-z0-9._+=@,~-]{1,255}");
    /** A git commit hash: sha1 (40 hex digits) or sha256 (64). */
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}(?:[0-9a-f]{24})?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** An entity tag usable as a blob file name; the first character excludes '.', so no "." or "..". */
    private static final Pattern ETAG = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final int MAX_REVISION_LENGTH = 256;
    private static final int MAX_FILE_LENGTH = 1024;

    private HubNames() {
    }

    /**
     * Checks a repo id: {@code name} or {@code org/name}.
     *
     * @return the id unchanged
     * @throws HubException (INVALID_INPUT) naming the rule it breaks
     */
    static String repoId(String repoId) {
        if (repoId == null || repoId.isEmpty()) {
            throw invalid("The repo id is empty: give 'name' or 'org/name', e.g. 'bert-base-uncased' or "
                    + "'google/bert_uncased_L-2_H-128_A-2'.");
        }
        String[] parts = repoId.split("/", -1);
        boolean valid = parts.length <= 2 && !repoId.contains("--") && !repoId.contains("..");
        for (String part : parts) {
            valid &= REPO_PART.matcher(part).matches();
        }
        if (!valid) {
            throw invalid("Invalid repo id " + show(repoId) + ": use 'name' or 'org/name', each part made of "
                    + "letters, digits, '_', '-' and '.', at most 96 characters, not starting or ending with "
                    + "'-' or '.', with no '--' or '..' (e.g. 'google/bert_uncased_L-2_H-128_A-2').");
        }
        return repoId;
    }

    /**
     * Checks a revision: a branch, a tag or a commit hash; '/'-separated segments are allowed
     * ({@code refs/pr/1}). {@code null} means {@value #DEFAULT_REVISION}.
     *
     * @return the revision to use
     * @throws HubException (INVALID_INPUT) naming the rule it breaks
     */
    static String revision(String revision) {
        if (revision == null) {
            return DEFAULT_REVISION;
        }
        if (!segmentsMatch(revision, REVISION_SEGMENT, MAX_REVISION_LENGTH)) {
            throw invalid("Invalid revision " + show(revision) + ": use a branch, a tag or a commit hash made "
                    + "of letters, digits, '.', '_', '+' and '-' ('/' only between non-empty parts, no '.' or "
                    + "'..' parts), e.g. 'main', 'v1.0' or 'refs/pr/1'.");
        }
        return revision;
    }

    /**
     * Checks a file name inside a repository, a relative path such as {@code config.json} or
     * {@code 1_Pooling/config.json}.
     *
     * @param origin where the name came from, for the message ("file name", "shard name in ...")
     * @return the name unchanged
     * @throws HubException (INVALID_INPUT) naming the rule it breaks
     */
    static String fileName(String name, String origin) {
        if (name == null || !segmentsMatch(name, FILE_SEGMENT, MAX_FILE_LENGTH)) {
            throw invalid("Refused " + origin + " " + show(name) + ": a file name must be a relative path of "
                    + "'/'-separated parts made of letters, digits and '._+=@,~-', with no empty, '.' or '..' "
                    + "part, no backslash and no leading '/', so that nothing is written outside the cache.");
        }
        return name;
    }

    /** Whether a revision is a full commit hash (which never moves, so the cache can answer for it). */
    static boolean isCommitHash(String revision) {
        return COMMIT.matcher(revision).matches();
    }

    /** Whether an entity tag is a sha256 digest, as the hub sends for LFS files. */
    static boolean isSha256(String etag) {
        return SHA256.matcher(etag).matches();
    }

    /**
     * Normalises an {@code ETag}/{@code X-Linked-Etag} header value ({@code W/"abc"}, {@code "abc"}) to
     * the bare tag and checks that it is usable as a blob file name.
     *
     * @throws HubException (PROTOCOL) when the tag is unusable
     */
    static String etag(String header, String url) {
        String tag = header.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (!ETAG.matcher(tag).matches()) {
            throw new HubException(HubException.Reason.PROTOCOL, "The server sent an unusable ETag "
                    + show(header) + " for " + url + ": a hub sends a git sha1 or a sha256. Check that "
                    + "HF_ENDPOINT points at a HuggingFace hub or a faithful mirror.");
        }
        return tag;
    }

    /**
     * Checks an {@code X-Repo-Commit} header value.
     *
     * @throws HubException (PROTOCOL) when it is not a commit hash
     */
    static String commit(String header, String url) {
        String commit = header.strip().toLowerCase(Locale.ROOT);
        if (!isCommitHash(commit)) {
            throw new HubException(HubException.Reason.PROTOCOL, "The server sent X-Repo-Commit " + show(header)
                    + " for " + url + ", which is not a commit hash. Check that HF_ENDPOINT points at a "
                    + "HuggingFace hub or a faithful mirror.");
        }
        return commit;
    }

    /** Percent-encodes one URL path segment (everything but RFC 3986 unreserved characters). */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-encodes each segment of a '/'-separated path, keeping the separators. */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(encodeSegment(segment));
        }
        return out.toString();
    }

    /** Quotes a value for an error message, escaping control and non-ASCII characters. */
    static String show(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        int shown = Math.min(value.length(), 200);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        if (shown < value.length()) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    private static boolean segmentsMatch(String value, Pattern segment, int maxLength) {
        if (value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (String part : value.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || !segment.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    private static HubException invalid(String message) {
        return new HubException(HubException.Reason.INVALID_INPUT, message);
    }
}
