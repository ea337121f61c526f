package dev.fairtune.model.hub;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A model snapshot in the cache, with its provenance: which repository and revision were asked for
 * and which commit they resolved to.
 *
 * @param repoId the repository, {@code name} or {@code org/name}
 * @param revision the revision asked for (a branch, a tag or a commit hash)
 * @param commit the commit hash every file was taken from
 * @param directory {@code snapshots/{commit}}: a local HuggingFace model directory
 * @param files the files fetched into it, relative names in the order fetched: {@code config.json},
 *     {@code tokenizer.json}, {@code tokenizer_config.json} when the repository has it, then
 *     {@code model.safetensors} or {@code model.safetensors.index.json} and its shards
 */
public record HubSnapshot(String repoId, String revision, String commit, Path directory, List<String> files) {

    /** Checks that nothing is null and freezes the file list. */
    public HubSnapshot {
        Objects.requireNonNull(repoId, "repoId");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(directory, "directory");
        files = List.copyOf(files);
    }
}
