package dev.secondlook.core.model;

import java.util.Locale;

/** Review lane: priority (high stakes, short SLA) or routine (random sample, long SLA). */
public enum Lane {
    PRIORITY, ROUTINE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
