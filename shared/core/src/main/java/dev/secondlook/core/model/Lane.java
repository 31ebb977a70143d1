package dev.secondlook.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Review lane: hold (an output the gate keeps from its customer until a reviewer decides; shortest SLA, claimed
 * first), priority (high stakes, short SLA) or routine (random sample, long SLA).
 */
public enum Lane {
    HOLD, PRIORITY, ROUTINE;

    /** The lowercase name used on the wire (items, messages, JSON views). */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of a wire name ({@code hold | priority | routine}), case-insensitively.
     *
     * @throws IllegalArgumentException when it names no value
     */
    @JsonCreator
    public static Lane fromWire(String name) {
        for (Lane v : values()) {
            if (v.wireName().equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown lane: " + name);
    }
}
