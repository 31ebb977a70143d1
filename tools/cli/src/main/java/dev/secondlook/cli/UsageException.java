package dev.secondlook.cli;

/**
 * A command line that parses but cannot be acted on (no stack to talk to, too many files for stdout); the message
 * says what is wrong. Ends the run like a parse error: the message, the command's usage, exit 2.
 */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
