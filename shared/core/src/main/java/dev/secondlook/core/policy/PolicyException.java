package dev.secondlook.core.policy;

/** A rules file that cannot be loaded; the message names the rule id (where there is one) and the reason. */
public class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
