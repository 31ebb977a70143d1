package dev.secondlook.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How urgent a selected record is, in increasing order. {@code PAGE}: a human now and an escalation;
 * {@code REVIEW}: priority queue; {@code SAMPLE}: routine queue.
 */
public enum Severity {
    SAMPLE, REVIEW, PAGE;

    /** The lowercase name used on the wire (items, messages, JSON views). */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of a wire name ({@code sample | review | page}), case-insensitively.
     *
     * @throws IllegalArgumentException when it names no value
     */
    @JsonCreator
    public static Severity fromWire(String name) {
        for (Severity v : values()) {
            if (v.wireName().equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown severity: " + name);
    }

    public Lane lane() {
        return this == SAMPLE ? Lane.ROUTINE : Lane.PRIORITY;
    }
}
