package dev.fairtune.model.hub;

/**
 * One file of one repository at one revision; all three names already checked by {@link HubNames}.
 *
 * @param repoId {@code name} or {@code org/name}
 * @param revision a branch, a tag or a commit hash
 * @param file a relative path inside the repository
 */
record FileRef(String repoId, String revision, String file) {

    /** Checks the three names and builds the reference; a {@code null} revision means {@code main}. */
    static FileRef of(String repoId, String revision, String file) {
        return new FileRef(HubNames.repoId(repoId), HubNames.revision(revision),
                HubNames.fileName(file, "file name"));
    }

    /** The same repository and revision, another (checked) file. */
    FileRef sibling(String otherFile, String origin) {
        return new FileRef(repoId, revision, HubNames.fileName(otherFile, origin));
    }

    /** The same file at another revision (a commit hash that pins a snapshot). */
    FileRef at(String otherRevision) {
        return new FileRef(repoId, otherRevision, file);
    }

    /** For messages: {@code 'config.json' of org/name at revision 'main'}. */
    String describe() {
        return "'" + file + "' of " + repoId + " at revision '" + revision + "'";
    }
}
