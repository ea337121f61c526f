package dev.fairtune.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Bad input data: a file that cannot be decoded or parsed, a missing column, an unknown label.
 *
 * <p>The message names the file and, where the problem is in one record, the 1-based line where
 * that record starts; it says what is wrong and what to do next. Unchecked, because callers
 * rarely can recover other than by fixing the file or the options.
 */
public final class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    /**
     * @param file the file the problem is in
     * @param line the 1-based line where the offending record starts, or 0 when the problem
     *     concerns the whole file
     * @param problem what is wrong and what to do next; the location is prefixed
     */
    public DataException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    /** As {@link #DataException(Path, long, String)}, with the underlying cause. */
    public DataException(Path file, long line, String problem, Throwable cause) {
        super(location(file, line) + ": " + problem, cause);
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
    }

    private static String location(Path file, long line) {
        return line > 0 ? file + ":" + line : String.valueOf(file);
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }

    /** The 1-based line where the offending record starts; 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }
}
