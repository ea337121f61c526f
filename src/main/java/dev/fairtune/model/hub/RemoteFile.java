package dev.fairtune.model.hub;

import java.net.URI;

/**
 * What the hub says about a file before it is downloaded.
 *
 * @param commit the commit the revision resolved to ({@code X-Repo-Commit})
 * @param etag the content's entity tag ({@code X-Linked-Etag}, else {@code ETag}): a git sha1, or the
 *     sha256 of the content for LFS files; names the blob in the cache
 * @param size the content length in bytes ({@code X-Linked-Size}, else {@code Content-Length} of a
 *     direct answer), or -1 when the hub gave none
 * @param location where the bytes are fetched from (the resolve URL, or the CDN it redirects to)
 */
record RemoteFile(String commit, String etag, long size, URI location) {
}
