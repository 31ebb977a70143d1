package dev.secondlook.local.template;

/** A template feature the local runtime does not emulate; the message names it. */
public class UnsupportedTemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedTemplateException(String message) {
        super(message);
    }
}
