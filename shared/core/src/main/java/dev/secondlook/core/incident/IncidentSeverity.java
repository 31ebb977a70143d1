package dev.secondlook.core.incident;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How bad an incident is: sev1 (worst) to sev3. Sev1 and sev2 page when opened and when not acknowledged in time. */
public enum IncidentSeverity {
    SEV1, SEV2, SEV3;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether opening it, and missing its acknowledgement SLA, pages. */
    public boolean pages() {
        return this != SEV3;
    }

    /** @throws IllegalArgumentException when {@code name} is not sev1, sev2 or sev3 */
    @JsonCreator
    public static IncidentSeverity fromWire(String name) {
        for (IncidentSeverity v : values()) {
            if (v.wireName().equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("severity must be sev1, sev2 or sev3, got '" + name + "'");
    }
}
