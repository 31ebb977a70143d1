package dev.secondlook.core.incident;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** open → acknowledged (a lead owns it) → mitigated (a follow-up action is recorded) → resolved. */
public enum IncidentState {
    OPEN, ACKNOWLEDGED, MITIGATED, RESOLVED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException when it names no state */
    @JsonCreator
    public static IncidentState fromWire(String name) {
        for (IncidentState v : values()) {
            if (v.wireName().equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("state must be open, acknowledged, mitigated or resolved, got '"
                + name + "'");
    }
}
