package dev.secondlook.core.gate;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The gate's answer to a check: deliver the output now, or hold it for a reviewer. */
public enum CheckDecision {
    DELIVER, HOLD;

    /** The lowercase name used on the wire. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
