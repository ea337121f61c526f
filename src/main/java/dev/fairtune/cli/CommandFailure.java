package dev.fairtune.cli;

/** A failure a sub-command reports with its own exit code and one message (no stack trace). */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of {@link FairTuneCli}'s exit codes
     * @param message what failed and what to do next
     * @param cause the underlying exception, or null
     */
    CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The exit code. */
    int exitCode() {
        return exitCode;
    }
}
