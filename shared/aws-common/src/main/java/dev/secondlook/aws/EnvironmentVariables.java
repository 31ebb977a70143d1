package dev.secondlook.aws;

import java.util.Map;

/**
 * Reads a function's configuration from its environment variables, failing fast with the variable's name, so that
 * a misconfigured deployment stops at init instead of failing on the first event.
 */
public record EnvironmentVariables(Map<String, String> env) {

    /** The value, or {@link IllegalStateException} naming the variable when it is unset or blank. */
    public String required(String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }

    /** The value, or {@code fallback} when unset or blank. */
    public String optional(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A whole number within [min, max], or {@code fallback} when unset; anything else fails with the name. */
    public long number(String name, long fallback, long min, long max) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be a whole number within "
                    + min + ".." + max + ", got '" + v + "'");
        }
    }

    /** A number within [0, 1] (a rate), or null when unset; anything else fails with the name. */
    public Double fraction(String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            double r = Double.parseDouble(v.trim());
            if (r < 0 || r > 1) {
                throw new NumberFormatException();
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be a number in [0, 1], got '"
                    + v + "'");
        }
    }
}
