package dev.fairtune.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files so that a reader never sees a half-written one: the content goes to a temporary file
 * in the target's folder, which is then moved onto the target in one step (an atomic rename where
 * the file system supports it). If writing fails, the temporary file is deleted and the target is
 * left as it was. Every file and folder FairTune writes goes through here: reports, predictions,
 * models ({@code HfSaver}, {@code SafetensorsWriter}), training histories, checkpoints and the hub
 * cache.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Fills a folder with files. */
    @FunctionalInterface
    public interface FolderWriter {
        /** Writes the files into {@code folder}, which exists and is empty. */
        void write(Path folder) throws IOException;
    }

    /**
     * Writes a whole folder: {@code writer} fills a temporary sibling folder, which then replaces
     * {@code target} (an existing target is moved aside first and deleted after). If the writer
     * fails, the temporary folder is deleted and the target is left as it was.
     */
    public static void writeFolder(Path target, FolderWriter writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String suffix = Long.toUnsignedString(RANDOM.nextLong(), 36);
        Path tmp = parent.resolve("." + target.getFileName() + "." + suffix + ".tmp");
        Files.createDirectory(tmp);
        Path old = parent.resolve("." + target.getFileName() + "." + suffix + ".old");
        try {
            writer.write(tmp);
            boolean replacing = Files.exists(target);
            if (replacing) {
                Files.move(target, old);
            }
            Files.move(tmp, target);
            if (replacing) {
                deleteTree(old);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** Writes one file's content into a path (the temporary file, which exists and is empty). */
    @FunctionalInterface
    public interface FileWriter {
        /** Writes the whole content into {@code file}. */
        void write(Path file) throws IOException;
    }

    /**
     * Moves a finished file or folder onto {@code to} in one atomic rename where the file system
     * supports it (else a plain move), replacing an existing file.
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or a folder and everything in it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (java.nio.file.NoSuchFileException e) {
                    // already gone
                }
            }
        }
    }

    /** Writes text as UTF-8, creating the parent folders. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes, creating the parent folders. */
    public static void write(Path target, byte[] bytes) throws IOException {
        writeFile(target, tmp -> Files.write(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
    }

    /**
     * Writes a file of any size: {@code writer} fills a temporary sibling (created empty), which is
     * then moved onto {@code target}; creates the parent folders. If the writer fails, the temporary
     * file is deleted and the target is left as it was.
     */
    public static void writeFile(Path target, FileWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stick to the target after the move.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            Files.createFile(tmp);
            writer.write(tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
