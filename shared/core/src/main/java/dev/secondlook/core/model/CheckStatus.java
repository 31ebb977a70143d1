package dev.secondlook.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a held output stands: {@code held} until a reviewer approves, edits or blocks it, or until its timeout
 * passes ({@code expired}). Every status but {@code held} is final.
 */
public enum CheckStatus {
    HELD, APPROVED, EDITED, BLOCKED, EXPIRED;

    /** The lowercase name used on the wire (items, the check API, decision events). */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of a wire name, case-insensitively.
     *
     * @throws IllegalArgumentException when it names no value
     */
    @JsonCreator
    public static CheckStatus fromWire(String name) {
        for (CheckStatus v : values()) {
            if (v.wireName().equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown check status: " + name);
    }

    /** Whether the hold is over (decided by a reviewer, or expired). */
    public boolean resolved() {
        return this != HELD;
    }
}
