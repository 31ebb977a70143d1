package dev.secondlook.cli;

/**
 * A service the command talks to cannot be reached (refused, unknown host, timed out): neither the user's input
 * nor a bug. Its message says where and why; the command ends with it on one line, exit 1.
 */
final class UnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
