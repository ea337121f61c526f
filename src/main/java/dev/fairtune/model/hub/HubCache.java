package dev.fairtune.model.hub;

import dev.fairtune.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HuggingFace's cache layout under one root, as the Python {@code huggingface_hub} writes it:
 * <pre>
 * models--{org}--{name}/
 *   blobs/{etag}                  file contents, named by entity tag (git sha1, or sha256 for LFS)
 *   blobs/{etag}.incomplete       a transfer in progress, resumed by the next call
 *   snapshots/{commit}/{file}     relative symbolic link to ../../blobs/{etag} (a copy where links fail)
 *   refs/{revision}               the commit hash a branch or tag pointed at when last asked
 *   .no_exist/{commit}/{file}     empty marker: the hub said the file does not exist at that commit
 * .locks/models--{org}--{name}/{etag}.lock
 * </pre>
 * Every path is built from names checked by {@link HubNames} and is checked again to lie inside the
 * repository's folder.
 */
final class HubCache {

    private static final Logger LOG = LoggerFactory.getLogger(HubCache.class);
    /** One lock object per lock file, so threads of this JVM queue before the file lock. */
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;

    HubCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** {@code models--org--name}: the folder name of a model repository. */
    static String folderName(String repoId) {
        return "models--" + repoId.replace("/", "--");
    }

    Path repoDir(String repoId) {
        return inside(root, folderName(repoId));
    }

    Path blob(String repoId, String etag) {
        return inside(repoDir(repoId), "blobs/" + etag);
    }

    Path incomplete(String repoId, String etag) {
        return inside(repoDir(repoId), "blobs/" + etag + ".incomplete");
    }

    Path snapshotDir(String repoId, String commit) {
        return inside(repoDir(repoId), "snapshots/" + commit);
    }

    /** Where a file of a commit appears, whether or not it is there yet. */
    Path snapshotFile(String repoId, String commit, String file) {
        return inside(snapshotDir(repoId, commit), file);
    }

    /** The cached file of a commit, when its link (or copy) resolves to a regular file. */
    Optional<Path> cachedFile(String repoId, String commit, String file) {
        Path path = snapshotFile(repoId, commit, file);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /** Whether the hub said earlier that the file does not exist at this commit. */
    boolean knownMissing(String repoId, String commit, String file) {
        return Files.exists(noExistMarker(repoId, commit, file), LinkOption.NOFOLLOW_LINKS);
    }

    /** Records that the hub said the file does not exist at this commit. */
    void markMissing(String repoId, String commit, String file) {
        Path marker = noExistMarker(repoId, commit, file);
        try {
            Files.createDirectories(marker.getParent());
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            // already recorded
        } catch (IOException e) {
            throw storage("record that " + file + " is absent at " + marker, e);
        }
    }

    /** The commit a revision stands for: itself when it is a commit hash, else its cached ref. */
    Optional<String> commitFor(String repoId, String revision) {
        return HubNames.isCommitHash(revision) ? Optional.of(revision) : readRef(repoId, revision);
    }

    /** The commit hash stored in {@code refs/{revision}}, if any. */
    Optional<String> readRef(String repoId, String revision) {
        Path ref = refFile(repoId, revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        try {
            String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
            if (!HubNames.isCommitHash(commit)) {
                throw new HubException(HubException.Reason.STORAGE, "The cache file " + ref + " should hold a "
                        + "commit hash but holds " + HubNames.show(commit) + ": delete it and download again.");
            }
            return Optional.of(commit);
        } catch (IOException e) {
            throw storage("read " + ref, e);
        }
    }

    /** Stores {@code refs/{revision}} = commit, atomically, unless it already says so. */
    void writeRef(String repoId, String revision, String commit) {
        if (revision.equals(commit) || readRef(repoId, revision).filter(commit::equals).isPresent()) {
            return;
        }
        Path ref = refFile(repoId, revision);
        try {
            AtomicFiles.writeString(ref, commit);
        } catch (IOException e) {
            throw storage("write " + ref, e);
        }
    }

    /**
     * Makes {@code snapshots/{commit}/{file}} point at a blob: a relative symbolic link, or a copy where
     * the file system refuses links. The link is made under a temporary name and renamed into place, so
     * concurrent callers never see a half-made pointer.
     *
     * @return the snapshot path of the file
     */
    Path link(String repoId, String commit, String file, Path blob) {
        Path pointer = snapshotFile(repoId, commit, file);
        Path target = pointer.getParent().relativize(blob);
        try {
            if (Files.isSymbolicLink(pointer) && Files.readSymbolicLink(pointer).equals(target)
                    && Files.isRegularFile(pointer)) {
                return pointer;
            }
            Files.createDirectories(pointer.getParent());
            Path temp = pointer.resolveSibling(".tmp-" + UUID.randomUUID() + "-" + pointer.getFileName());
            try {
                Files.createSymbolicLink(temp, target);
            } catch (UnsupportedOperationException | IOException e) {
                LOG.debug("Symbolic link {} refused ({}); copying the blob instead", temp, e.toString());
                Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            move(temp, pointer);
            return pointer;
        } catch (IOException e) {
            throw storage("create " + pointer, e);
        }
    }

    /**
     * Takes the lock for one blob: first among this JVM's threads, then among processes through a file
     * lock in {@code .locks/}, so one transfer at a time writes a given {@code .incomplete} file.
     */
    BlobLock lock(String repoId, String etag) {
        Path lockFile = inside(root, ".locks/" + folderName(repoId) + "/" + etag + ".lock");
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock fileLock = channel.tryLock();
                if (fileLock == null) {
                    LOG.info("Waiting for another process that is downloading into {}", lockFile.getParent());
                    fileLock = channel.lock();
                }
                return new BlobLock(jvmLock, channel, fileLock);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            jvmLock.unlock();
            throw storage("lock " + lockFile, e);
        } catch (RuntimeException e) {
            jvmLock.unlock();
            throw e;
        }
    }

    /** A line that says what the cache holds for a repository, for "not cached" messages. */
    String describe(String repoId) {
        Path repo = repoDir(repoId);
        if (!Files.isDirectory(repo)) {
            return "The cache at " + root + " holds nothing for " + repoId + ".";
        }
        List<String> refs = new ArrayList<>();
        Path refsDir = repo.resolve("refs");
        if (Files.isDirectory(refsDir)) {
            try (Stream<Path> files = Files.walk(refsDir)) {
                files.filter(Files::isRegularFile).sorted()
                        .forEach(f -> refs.add(refsDir.relativize(f).toString().replace('\\', '/')));
            } catch (IOException e) {
                LOG.debug("Could not list {}: {}", refsDir, e.toString());
            }
        }
        List<String> snapshots = new ArrayList<>();
        Path snapshotsDir = repo.resolve("snapshots");
        if (Files.isDirectory(snapshotsDir)) {
            try (Stream<Path> dirs = Files.list(snapshotsDir)) {
                dirs.map(d -> d.getFileName().toString()).sorted().forEach(snapshots::add);
            } catch (IOException e) {
                LOG.debug("Could not list {}: {}", snapshotsDir, e.toString());
            }
        }
        return "The cache at " + repo + " holds revisions " + refs + " and snapshots " + snapshots + ".";
    }

    /** Moves a finished file into place, atomically where the file system allows. */
    static void move(Path from, Path to) throws IOException {
        AtomicFiles.move(from, to);
    }

    private Path refFile(String repoId, String revision) {
        return inside(repoDir(repoId), "refs/" + revision);
    }

    private Path noExistMarker(String repoId, String commit, String file) {
        return inside(repoDir(repoId), ".no_exist/" + commit + "/" + file);
    }

    /** Resolves a checked relative name against a folder and refuses any result outside it. */
    private static Path inside(Path base, String relative) {
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new HubException(HubException.Reason.INVALID_INPUT, "Refused cache path "
                    + HubNames.show(relative) + ": it would leave " + base + ".");
        }
        return resolved;
    }

    private static HubException storage(String action, IOException e) {
        return new HubException(HubException.Reason.STORAGE, "Could not " + action + " (" + e + "). Check that "
                + "the cache folder is writable and the disk has room, or point HF_HUB_CACHE elsewhere.", e);
    }

    /** A held blob lock; closing releases the file lock and then this JVM's lock. */
    static final class BlobLock implements AutoCloseable {
        private final ReentrantLock jvmLock;
        private final FileChannel channel;
        private final FileLock fileLock;

        private BlobLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
            this.jvmLock = jvmLock;
            this.channel = channel;
            this.fileLock = fileLock;
        }

        @Override
        public void close() {
            try {
                fileLock.release();
                channel.close();
            } catch (IOException e) {
                LOG.debug("Could not release a cache lock: {}", e.toString());
            } finally {
                jvmLock.unlock();
            }
        }
    }
}
