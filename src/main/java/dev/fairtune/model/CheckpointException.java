package dev.fairtune.model;

import java.io.IOException;
import java.util.Optional;

/**
 * A checkpoint cannot be used: a file is missing, truncated or corrupt, or a tensor is missing, has
 * the wrong shape or is not expected. The message always names the file, and the tensor when one is
 * involved, and says what to do next where that is clear.
 */
public class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String tensor;

    /**
     * Creates an error about one file.
     *
     * @param file the file (or classpath resource) at fault
     * @param tensor the tensor at fault, or null when the problem is not about one tensor
     * @param problem what is wrong
     */
    public CheckpointException(String file, String tensor, String problem) {
        super(message(file, tensor, problem));
        this.file = file;
        this.tensor = tensor;
    }

    /** As {@link #CheckpointException(String, String, String)}, keeping the cause. */
    public CheckpointException(String file, String tensor, String problem, Throwable cause) {
        super(message(file, tensor, problem), cause);
        this.file = file;
        this.tensor = tensor;
    }

    /** The file (or classpath resource) at fault. */
    public String file() {
        return file;
    }

    /** The tensor at fault, if the problem is about one tensor. */
    public Optional<String> tensor() {
        return Optional.ofNullable(tensor);
    }

    private static String message(String file, String tensor, String problem) {
        return tensor == null ? file + ": " + problem : file + ": tensor '" + tensor + "': " + problem;
    }
}
