package dev.secondlook.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * A reviewer's decision on a held output: approve (deliver it as it is), edit (deliver the reviewer's text
 * instead) or block (deliver the route's fallback message).
 */
public enum HoldDecision {
    APPROVE, EDIT, BLOCK;

    /** The lowercase name used on the wire. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of a wire name ({@code approve | edit | block}), case-insensitively.
     *
     * @throws IllegalArgumentException when it names no value
     */
    @JsonCreator
    public static HoldDecision fromWire(String name) {
        for (HoldDecision v : values()) {
            if (v.wireName().equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("decision must be approve, edit or block, got '" + name + "'");
    }

    /** The status a held check takes when a reviewer decides this. */
    public CheckStatus status() {
        return switch (this) {
            case APPROVE -> CheckStatus.APPROVED;
            case EDIT -> CheckStatus.EDITED;
            case BLOCK -> CheckStatus.BLOCKED;
        };
    }
}
