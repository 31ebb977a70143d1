package dev.secondlook.core.review;

/** The caller is authenticated but not allowed to do this (HTTP 403). The message names no customer data. */
public class ForbiddenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(message);
    }
}
