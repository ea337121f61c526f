package dev.fairtune.report;

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
 * left as it was.
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

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Writes text as UTF-8, creating the parent folders. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes, creating the parent folders. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only permissions would stick to the target after the move.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
