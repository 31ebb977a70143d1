package dev.secondlook.core.similar;

/** The embedding model cannot be loaded or run: a deployment fault, never a record's. */
public final class EmbedderUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbedderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
