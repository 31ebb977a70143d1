package dev.secondlook.core.gate;

/** A check request the gate refuses as malformed (HTTP 400): the message says which field and why. */
public final class InvalidCheckException extends RuntimeException {

    public InvalidCheckException(String message) {
        super(message);
    }
}
