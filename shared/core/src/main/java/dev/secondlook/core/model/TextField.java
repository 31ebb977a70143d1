package dev.secondlook.core.model;

import java.util.Locale;

/** The text fields of an interaction that text matchers read. */
public enum TextField {
    OUTPUT, PROMPT, SYSTEM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code output}, {@code prompt} or {@code system}. */
    public static TextField parse(String s) {
        for (TextField f : values()) {
            if (f.wireName().equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown text field '" + s + "' (expected output, prompt or system)");
    }
}
